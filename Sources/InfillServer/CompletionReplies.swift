import Documents
import LanguageServerProtocol

/// Reply shaping: the engine's candidates (UTF-8 ranges of the snapshot they were computed on) as LSP
/// items, each with the range the engine computed, in the negotiated encoding.
enum CompletionReplies {
    /// An `InlineCompletionList`, best first.
    @Sendable static func inlineList(_ candidates: [BackendCandidate], in snapshot: DocumentSnapshot, encoding: PositionEncoding) -> InlineCompletionList {
        InlineCompletionList(items: candidates.map { InlineCompletionItem(insertText: $0.text, range: range(of: $0, in: snapshot, encoding: encoding)) })
    }

    /// A `CompletionList` for clients without inline completion.
    ///
    /// Clients filter completion items by the word before the cursor (LSP: "the word range at the
    /// position", letters, digits and `_` for them all), so an item that started at the cursor would be
    /// dropped as soon as a word is half typed (`return "Fizz`: eglot said "No match", Kate showed only its
    /// own words). So each item starts at that word's start: `textEdit` replaces the typed word as well and
    /// `newText`, `filterText` and `label` (first line) are the typed word followed by the suggestion. With
    /// `insertReplace` (the client's `insertReplaceSupport`), the edit is an `InsertReplaceEdit` whose
    /// `replace` range also covers the rest of the word after the cursor. `sortText` keeps our order;
    /// `isIncomplete` is true: typing on must ask again rather than filter stale suggestions.
    @Sendable static func menu(_ candidates: [BackendCandidate], in snapshot: DocumentSnapshot, encoding: PositionEncoding,
                               insertReplace: Bool = false) -> CompletionList {
        let items = candidates.enumerated().map { index, candidate -> CompletionItem in
            let word = WordAroundCandidate(candidate, in: snapshot.text)
            let text = word.typed + candidate.text
            let firstLine = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? text
            let label = firstLine.allSatisfy(\.isWhitespace) ? text : firstLine
            let order = String(index)
            let start = snapshot.position(ofUTF8Offset: word.startUTF8Offset, encoding: encoding)
            let end = snapshot.position(ofUTF8Offset: candidate.replaceUTF8Range.upperBound, encoding: encoding)
            var item = CompletionItem(
                label: label, kind: .text, detail: "infill", sortText: String(repeating: "0", count: max(0, 4 - order.count)) + order,
                filterText: text, textEdit: TextEdit(range: TextRange(start: start, end: end), newText: text))
            if insertReplace {
                let wordEnd = snapshot.position(ofUTF8Offset: word.endUTF8Offset, encoding: encoding)
                item.insertReplaceEdit = InsertReplaceEdit(newText: text, insert: TextRange(start: start, end: end),
                                                           replace: TextRange(start: start, end: wordEnd))
            }
            return item
        }
        return CompletionList(isIncomplete: true, items: items)
    }

    /// The range a candidate replaces, as positions of the snapshot (offsets outside the text are clamped).
    static func range(of candidate: BackendCandidate, in snapshot: DocumentSnapshot, encoding: PositionEncoding) -> TextRange {
        TextRange(start: snapshot.position(ofUTF8Offset: candidate.replaceUTF8Range.lowerBound, encoding: encoding),
                  end: snapshot.position(ofUTF8Offset: candidate.replaceUTF8Range.upperBound, encoding: encoding))
    }
}

/// The word a completion item must start at: the identifier characters (letters, digits, `_`) typed just
/// before a candidate's range, and where the word continues after it. Clients match their filter text
/// against that typed word.
struct WordAroundCandidate: Equatable {
    /// The typed part of the word (empty when the character before the range is no word character).
    var typed: String
    /// UTF-8 offset where the word starts (the candidate's own start when `typed` is empty).
    var startUTF8Offset: Int
    /// UTF-8 offset where the word ends after the candidate's range (its end when no word follows).
    var endUTF8Offset: Int

    init(_ candidate: BackendCandidate, in text: String) {
        let bytes = Array(text.utf8)
        let lower = min(max(0, candidate.replaceUTF8Range.lowerBound), bytes.count)
        let upper = min(max(lower, candidate.replaceUTF8Range.upperBound), bytes.count)
        // A broken character at either edge decodes as U+FFFD, which is no word character: the scan stops.
        var typedScalars = String.UnicodeScalarView()
        for scalar in String(decoding: bytes[..<lower], as: UTF8.self).unicodeScalars.reversed() {
            guard Self.isWordCharacter(scalar) else { break }
            typedScalars.insert(scalar, at: typedScalars.startIndex)
        }
        let following = String(decoding: bytes[upper...], as: UTF8.self).unicodeScalars.prefix(while: Self.isWordCharacter)
        typed = String(typedScalars)
        startUTF8Offset = lower - typed.utf8.count
        endUTF8Offset = upper + String(String.UnicodeScalarView(following)).utf8.count
    }

    /// Letters, digits, combining marks and `_`: what every client's word pattern has in common.
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            || scalar.properties.generalCategory == .nonspacingMark
    }
}
