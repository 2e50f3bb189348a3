/// How a completion was asked for.
public enum TriggerKind: Sendable, Equatable {
    /// The user asked explicitly (a key binding, or a completion menu opened by hand).
    case invoked
    /// The editor asks by itself while the user types.
    case automatic
}

/// Params of `textDocument/inlineCompletion` (LSP 3.18) and `textDocument/completion`.
public struct CompletionParams: Sendable {
    public var uri: String
    public var position: LSPPosition
    public var trigger: TriggerKind

    /// Reads the params of `method`. Inline completion: `context.triggerKind` 1 is invoked, 2 automatic
    /// (absent: automatic). Classic completion is always treated as invoked: editors open that menu on
    /// request or on their own trigger characters, and both want the fuller answer.
    public init(_ params: FieldReader, inline: Bool) throws {
        try params.requireObject()
        let document = params["textDocument"]
        try document.requireObject()
        uri = try document["uri"].string()
        position = try LSPPosition(params["position"])
        let kind = try params["context"]["triggerKind"].optionalInteger()
        if inline {
            switch kind {
            case nil, 2: trigger = .automatic
            case 1: trigger = .invoked
            default: throw InvalidParams("context.triggerKind must be 1 (invoked) or 2 (automatic) (got \(kind ?? 0))")
            }
        } else {
            trigger = .invoked
        }
    }
}

/// One suggestion, ready to be sent as an inline completion item or a completion item.
public struct Suggestion: Sendable {
    public var text: String
    /// The range the text replaces (empty at the cursor for a plain insertion).
    public var range: LSPRange
    public init(text: String, range: LSPRange) {
        self.text = text
        self.range = range
    }
}

public enum CompletionResults {
    /// An `InlineCompletionList`: `{items: [{insertText, range}]}`, best first.
    public static func inline(_ suggestions: [Suggestion]) -> [String: Any] {
        ["items": suggestions.map { ["insertText": $0.text, "range": $0.range.json] as [String: Any] }]
    }

    /// A `CompletionList` for clients without inline completion: the label is the first line, the
    /// `textEdit` carries the whole text, `filterText` is the text itself so the client's own filtering
    /// (by what is typed after the cursor) keeps the items, and `sortText` keeps our order.
    /// `isIncomplete` is true: typing on must ask again rather than filter stale suggestions.
    public static func menu(_ suggestions: [Suggestion]) -> [String: Any] {
        let items = suggestions.enumerated().map { index, s -> [String: Any] in
            let firstLine = s.text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? s.text
            let label = firstLine.trimmingWhitespace().isEmpty ? s.text : firstLine
            return ["label": label, "kind": 1, "textEdit": ["range": s.range.json, "newText": s.text],
                    "filterText": s.text, "sortText": String(repeating: "0", count: max(0, 4 - String(index).count)) + String(index),
                    "detail": "infill"]
        }
        return ["isIncomplete": true, "items": items]
    }
}

extension String {
    func trimmingWhitespace() -> Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<max(start, end)]
    }
}
