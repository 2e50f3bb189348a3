import Documents
import LanguageServerProtocol

/// Reply shaping: the engine's candidates (UTF-8 ranges of the snapshot they were computed on) as LSP
/// items, each with the range the engine computed, in the negotiated encoding.
enum CompletionReplies {
    /// An `InlineCompletionList`, best first.
    @Sendable static func inlineList(_ candidates: [BackendCandidate], in snapshot: DocumentSnapshot, encoding: PositionEncoding) -> InlineCompletionList {
        InlineCompletionList(items: candidates.map { InlineCompletionItem(insertText: $0.text, range: range(of: $0, in: snapshot, encoding: encoding)) })
    }

    /// A `CompletionList` for clients without inline completion: the label is the first line (the whole
    /// text when that is blank), the `textEdit` carries the whole text, `filterText` is the text itself so
    /// the client's own filtering (by what is typed after the cursor) keeps the items, and `sortText` keeps
    /// our order. `isIncomplete` is true: typing on must ask again rather than filter stale suggestions.
    @Sendable static func menu(_ candidates: [BackendCandidate], in snapshot: DocumentSnapshot, encoding: PositionEncoding) -> CompletionList {
        let items = candidates.enumerated().map { index, candidate -> CompletionItem in
            let text = candidate.text
            let firstLine = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? text
            let label = firstLine.allSatisfy(\.isWhitespace) ? text : firstLine
            let order = String(index)
            return CompletionItem(
                label: label, kind: .text, detail: "infill", sortText: String(repeating: "0", count: max(0, 4 - order.count)) + order,
                filterText: text, textEdit: TextEdit(range: range(of: candidate, in: snapshot, encoding: encoding), newText: text))
        }
        return CompletionList(isIncomplete: true, items: items)
    }

    /// The range a candidate replaces, as positions of the snapshot (offsets outside the text are clamped).
    static func range(of candidate: BackendCandidate, in snapshot: DocumentSnapshot, encoding: PositionEncoding) -> TextRange {
        TextRange(start: snapshot.position(ofUTF8Offset: candidate.replaceUTF8Range.lowerBound, encoding: encoding),
                  end: snapshot.position(ofUTF8Offset: candidate.replaceUTF8Range.upperBound, encoding: encoding))
    }
}
