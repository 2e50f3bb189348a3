import Documents

/// The Completion request is sent from the client to the server to compute completion items at a given
/// cursor position.
public struct CompletionRequest: LSPRequest {
    public static let method = "textDocument/completion"
    public typealias Response = CompletionList

    /// The text document.
    public var textDocument: TextDocumentIdentifier
    /// The position inside the text document.
    public var position: TextPosition
    /// The completion context: how the completion was triggered. Only available if the client specifies
    /// to send this.
    public var triggerKind: CompletionTriggerKind?

    public init(textDocument: TextDocumentIdentifier, position: TextPosition, triggerKind: CompletionTriggerKind? = nil) {
        self.textDocument = textDocument
        self.position = position
        self.triggerKind = triggerKind
    }

    public init(json reader: FieldReader) throws {
        let at = try TextDocumentPositionParams(json: reader)
        textDocument = at.textDocument
        position = at.position
        triggerKind = try reader["context"]["triggerKind"].optional(CompletionTriggerKind.self)
    }

    public var json: Any {
        var object: [String: Any] = ["textDocument": textDocument.json, "position": position.json]
        if let triggerKind { object["context"] = ["triggerKind": triggerKind.json] }
        return object
    }
}

/// How a completion was triggered (an open set).
public struct CompletionTriggerKind: RawRepresentable, LSPValue, Hashable {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// Completion was triggered by typing an identifier (24x7 code complete), manual invocation (e.g
    /// Ctrl+Space) or via API.
    public static let invoked = CompletionTriggerKind(rawValue: 1)
    /// Completion was triggered by a trigger character.
    public static let triggerCharacter = CompletionTriggerKind(rawValue: 2)
    /// Completion was re-triggered as the current completion list is incomplete.
    public static let triggerForIncompleteCompletions = CompletionTriggerKind(rawValue: 3)

    public init(json reader: FieldReader) throws { rawValue = try reader.integer() }
    public var json: Any { rawValue }
}

/// Represents a collection of completion items to be presented in the editor.
public struct CompletionList: LSPValue {
    /// This list is not complete. Further typing should result in recomputing this list.
    public var isIncomplete: Bool
    /// The completion items.
    public var items: [CompletionItem]

    public init(isIncomplete: Bool, items: [CompletionItem]) {
        self.isIncomplete = isIncomplete
        self.items = items
    }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        isIncomplete = try reader["isIncomplete"].optionalBool() ?? false
        items = try [CompletionItem](json: reader["items"])
    }

    public var json: Any { ["isIncomplete": isIncomplete, "items": items.json] }
}

/// The kind of a completion entry (an open set; Infill sends `text`).
public struct CompletionItemKind: RawRepresentable, LSPValue, Hashable {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let text = CompletionItemKind(rawValue: 1)
    public static let method = CompletionItemKind(rawValue: 2)
    public static let function = CompletionItemKind(rawValue: 3)
    public static let snippet = CompletionItemKind(rawValue: 15)

    public init(json reader: FieldReader) throws { rawValue = try reader.integer() }
    public var json: Any { rawValue }
}

/// A completion item.
public struct CompletionItem: LSPValue {
    /// The label of this completion item. By default also the text that is inserted when selecting this
    /// completion.
    public var label: String
    /// The kind of this completion item.
    public var kind: CompletionItemKind?
    /// A human-readable string with additional information about this item.
    public var detail: String?
    /// A string that should be used when comparing this item with other items.
    public var sortText: String?
    /// A string that should be used when filtering a set of completion items.
    public var filterText: String?
    /// An edit which is applied to a document when selecting this completion.
    public var textEdit: TextEdit?

    public init(label: String, kind: CompletionItemKind? = nil, detail: String? = nil, sortText: String? = nil, filterText: String? = nil, textEdit: TextEdit? = nil) {
        self.label = label
        self.kind = kind
        self.detail = detail
        self.sortText = sortText
        self.filterText = filterText
        self.textEdit = textEdit
    }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        label = try reader["label"].string()
        kind = try reader["kind"].optional(CompletionItemKind.self)
        detail = try reader["detail"].optionalString()
        sortText = try reader["sortText"].optionalString()
        filterText = try reader["filterText"].optionalString()
        textEdit = try reader["textEdit"].optional(TextEdit.self)
    }

    public var json: Any {
        var object: [String: Any] = ["label": label]
        object.set("kind", kind)
        if let detail { object["detail"] = detail }
        if let sortText { object["sortText"] = sortText }
        if let filterText { object["filterText"] = filterText }
        object.set("textEdit", textEdit)
        return object
    }
}
