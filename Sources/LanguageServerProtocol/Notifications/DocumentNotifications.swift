/// The document close notification is sent from the client to the server when the document got closed in
/// the client.
public struct DidCloseTextDocumentNotification: LSPNotification {
    public static let method = "textDocument/didClose"

    /// The document that was closed.
    public var textDocument: TextDocumentIdentifier

    public init(textDocument: TextDocumentIdentifier) { self.textDocument = textDocument }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        textDocument = try TextDocumentIdentifier(json: reader["textDocument"])
    }

    public var json: Any { ["textDocument": textDocument.json] }
}

/// The document save notification is sent from the client to the server when the document was saved in
/// the client.
public struct DidSaveTextDocumentNotification: LSPNotification {
    public static let method = "textDocument/didSave"

    /// The document that was saved.
    public var textDocument: TextDocumentIdentifier

    public init(textDocument: TextDocumentIdentifier) { self.textDocument = textDocument }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        textDocument = try TextDocumentIdentifier(json: reader["textDocument"])
    }

    public var json: Any { ["textDocument": textDocument.json] }
}

/// A notification sent from the client to the server to signal the change of configuration settings.
public struct DidChangeConfigurationNotification: LSPNotification {
    public static let method = "workspace/didChangeConfiguration"

    /// The actual changed settings (Infill's settings, top level or under "infill").
    public var settings: JSONValue

    public init(settings: JSONValue) { self.settings = settings }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        settings = JSONValue(any: reader["settings"].value)
    }

    public var json: Any { ["settings": settings.json] }
}
