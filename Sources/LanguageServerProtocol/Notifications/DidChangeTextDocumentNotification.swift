import Documents

/// The document change notification is sent from the client to the server to signal changes to a text
/// document.
public struct DidChangeTextDocumentNotification: LSPNotification {
    public static let method = "textDocument/didChange"

    /// The document that did change. The version number points to the version after all provided content
    /// changes have been applied.
    public var textDocument: VersionedTextDocumentIdentifier
    /// The actual content changes. The content changes describe single state changes to the document: to
    /// apply them, apply them in the order given, each to the document as the previous one left it.
    public var contentChanges: [TextChange]

    public init(textDocument: VersionedTextDocumentIdentifier, contentChanges: [TextChange]) {
        self.textDocument = textDocument
        self.contentChanges = contentChanges
    }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        textDocument = try VersionedTextDocumentIdentifier(json: reader["textDocument"])
        contentChanges = try [TextChange](json: reader["contentChanges"])
    }

    public var json: Any { ["textDocument": textDocument.json, "contentChanges": contentChanges.json] }
}

extension TextChange: LSPValue {
    /// Reads a `TextDocumentContentChangeEvent`: `{range, text}` replaces the range, `{text}` alone is the
    /// whole new content.
    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        let range = reader["range"]
        self.init(range: range.isAbsent ? nil : try TextRange(json: range), text: try reader["text"].string())
    }

    public var json: Any {
        var object: [String: Any] = ["text": text]
        object.set("range", range)
        return object
    }
}
