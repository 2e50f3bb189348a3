import Documents

/// Text documents are identified using a URI.
public struct TextDocumentIdentifier: LSPValue {
    /// The text document's URI.
    public var uri: String

    public init(uri: String) { self.uri = uri }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        uri = try reader["uri"].string()
    }

    public var json: Any { ["uri": uri] }
}

/// An identifier to denote a specific version of a text document.
public struct VersionedTextDocumentIdentifier: LSPValue {
    /// The text document's URI.
    public var uri: String
    /// The version number of this document. The version number of a document will increase after each
    /// change, including undo/redo. (Absent from some clients: read as 0.)
    public var version: Int

    public init(uri: String, version: Int) {
        self.uri = uri
        self.version = version
    }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        uri = try reader["uri"].string()
        version = try reader["version"].optionalInteger() ?? 0
    }

    public var json: Any { ["uri": uri, "version": version] }
}

/// Parameters of requests about a position in a text document.
public struct TextDocumentPositionParams: LSPValue {
    /// The text document.
    public var textDocument: TextDocumentIdentifier
    /// The position inside the text document.
    public var position: TextPosition

    public init(textDocument: TextDocumentIdentifier, position: TextPosition) {
        self.textDocument = textDocument
        self.position = position
    }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        textDocument = try TextDocumentIdentifier(json: reader["textDocument"])
        position = try TextPosition(json: reader["position"])
    }

    public var json: Any { ["textDocument": textDocument.json, "position": position.json] }
}
