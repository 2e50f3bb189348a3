/// What the engine last suggested in one document, kept so that a keystroke which types the start of that
/// suggestion is answered at once with the rest of it, without the model.
///
/// This is the common case while typing with inline suggestions: the user reads the grey text and types its
/// first characters instead of accepting it. Running the model again would cost a prompt pass and a whole
/// generation (0.2–0.6 s on the 0.5B, more in the middle of a file) to arrive, almost always, at the same
/// text. The suggestion stays valid only while the document changes by exactly those characters at the
/// cursor: the code after the cursor the same, the code before it the same plus what was typed.
public struct ShownSuggestions: Sendable {
    /// The document's bytes before the cursor when the suggestions were made.
    public let before: [UInt8]
    /// The document's bytes after the cursor.
    public let after: [UInt8]
    /// The suggestions as they were returned (text to insert at that cursor).
    public let response: CompletionResponse

    /// Remembers `response`, made for `text` with the cursor at UTF-8 offset `cursor` (clamped).
    public init(text: String, cursor: Int, response: CompletionResponse) {
        let bytes = Array(text.utf8)
        let split = min(max(0, cursor), bytes.count)
        before = Array(bytes[..<split])
        after = Array(bytes[split...])
        self.response = response
    }

    /// The rest of the suggestions that start with what was typed since, for the document `text` with the
    /// cursor at UTF-8 offset `cursor`; nil when the document changed otherwise, nothing was typed, or no
    /// suggestion starts with the typed characters and still has code to add after them.
    public func reply(text: String, cursor: Int) -> CompletionResponse? {
        let bytes = Array(text.utf8)
        let split = min(max(0, cursor), bytes.count)
        // The cursor on a character boundary (a UTF-8 continuation byte never starts the code after it).
        guard split == bytes.count || bytes[split] & 0xC0 != 0x80 else { return nil }
        guard split > before.count, bytes.count - split == after.count,
              bytes[split...].elementsEqual(after), bytes[..<before.count].elementsEqual(before) else { return nil }
        let typed = bytes[before.count..<split]
        var candidates: [CompletionCandidate] = []
        for candidate in response.candidates {
            let suggested = Array(candidate.text.utf8)
            guard suggested.count > typed.count, suggested[..<typed.count].elementsEqual(typed) else { continue }
            var rest = candidate
            rest.text = String(decoding: suggested[typed.count...], as: UTF8.self)
            guard rest.text.contains(where: { !$0.isWhitespace }) else { continue }
            candidates.append(rest)
        }
        guard !candidates.isEmpty else { return nil }
        return CompletionResponse(candidates: candidates, promptTokens: 0, reusedPromptTokens: 0, generatedTokens: 0,
                                  promptSeconds: 0, generationSeconds: 0, multiline: response.multiline, cancelled: false,
                                  escalated: false, reusedShownSuggestion: true)
    }
}
