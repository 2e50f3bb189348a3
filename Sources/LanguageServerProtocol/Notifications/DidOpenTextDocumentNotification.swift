/// The document open notification is sent from the client to the server to signal newly opened text
/// documents. The document's content is now managed by the client and the server must not try to read the
/// document's content using the document's URI.
public struct DidOpenTextDocumentNotification: LSPNotification {
    public static let method = "textDocument/didOpen"

    /// The text document's URI.
    public var uri: String
    /// The text document's language identifier (absent from some clients: read as "").
    public var languageID: String
    /// The version number of this document (it will increase after each change, including undo/redo).
    public var version: Int
    /// The content of the opened text document.
    public var text: String

    public init(uri: String, languageID: String, version: Int, text: String) {
        self.uri = uri
        self.languageID = languageID
        self.version = version
        self.text = text
    }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        let document = reader["textDocument"]
        try document.requireObject()
        uri = try document["uri"].string()
        languageID = try document["languageId"].optionalString() ?? ""
        version = try document["version"].optionalInteger() ?? 0
        text = try document["text"].string()
    }

    public var json: Any {
        ["textDocument": ["uri": uri, "languageId": languageID, "version": version, "text": text]]
    }
}
