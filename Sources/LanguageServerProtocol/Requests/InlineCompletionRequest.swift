import Documents

/// A request to provide inline completions in a document (LSP 3.18). The request's parameter is of type
/// `InlineCompletionParams`, the response is of type `InlineCompletionList`.
public struct InlineCompletionRequest: LSPRequest {
    public static let method = "textDocument/inlineCompletion"
    public typealias Response = InlineCompletionList

    /// The text document.
    public var textDocument: TextDocumentIdentifier
    /// The position inside the text document.
    public var position: TextPosition
    /// Additional information about the context in which inline completions were requested. (Required by
    /// the spec; absent is read as an automatic trigger.)
    public var triggerKind: InlineCompletionTriggerKind

    public init(textDocument: TextDocumentIdentifier, position: TextPosition, triggerKind: InlineCompletionTriggerKind) {
        self.textDocument = textDocument
        self.position = position
        self.triggerKind = triggerKind
    }

    public init(json reader: FieldReader) throws {
        let at = try TextDocumentPositionParams(json: reader)
        textDocument = at.textDocument
        position = at.position
        let kind = reader["context"]["triggerKind"]
        triggerKind = kind.isAbsent ? .automatic : try InlineCompletionTriggerKind(json: kind)
    }

    public var json: Any {
        ["textDocument": textDocument.json, "position": position.json, "context": ["triggerKind": triggerKind.json]]
    }
}

/// Describes how an inline completion request was triggered.
public enum InlineCompletionTriggerKind: Int, LSPValue {
    /// Completion was triggered explicitly by a user gesture. Return multiple completion items to enable
    /// cycling through them.
    case invoked = 1
    /// Completion was triggered automatically while editing. It is sufficient to return a single completion
    /// item in this case.
    case automatic = 2

    public init(json reader: FieldReader) throws {
        let n = try reader.integer()
        guard let kind = InlineCompletionTriggerKind(rawValue: n) else {
            throw InvalidParams("\(reader.path) must be 1 (invoked) or 2 (automatic) (got \(n))")
        }
        self = kind
    }

    public var json: Any { rawValue }
}

/// Represents a collection of inline completion items to be presented in the editor.
public struct InlineCompletionList: LSPValue {
    /// The inline completion items, best first.
    public var items: [InlineCompletionItem]

    public init(items: [InlineCompletionItem]) { self.items = items }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        items = try [InlineCompletionItem](json: reader["items"])
    }

    public var json: Any { ["items": items.json] }
}

/// An inline completion item represents a text snippet that is proposed inline to complete text that is
/// being typed.
public struct InlineCompletionItem: LSPValue {
    /// The text to replace the range with.
    public var insertText: String
    /// The range to replace. Must begin and end on the same line.
    public var range: TextRange?

    public init(insertText: String, range: TextRange?) {
        self.insertText = insertText
        self.range = range
    }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        insertText = try reader["insertText"].string()
        range = try reader["range"].optional(TextRange.self)
    }

    public var json: Any {
        var object: [String: Any] = ["insertText": insertText]
        object.set("range", range)
        return object
    }
}
