import Documents

/// A textual edit applicable to a text document.
public struct TextEdit: LSPValue {
    /// The range of the text document to be manipulated. To insert text into a document create a range
    /// where start === end.
    public var range: TextRange
    /// The string to be inserted. For delete operations use an empty string.
    public var newText: String

    public init(range: TextRange, newText: String) {
        self.range = range
        self.newText = newText
    }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        range = try TextRange(json: reader["range"])
        newText = try reader["newText"].string()
    }

    public var json: Any { ["range": range.json, "newText": newText] }
}

/// A special text edit to provide an insert and a replace operation (LSP 3.16), sent only to clients
/// that announce `completionItem.insertReplaceSupport`. Both ranges are on one line and start at the same
/// position; `insert` is a prefix of `replace`.
public struct InsertReplaceEdit: LSPValue {
    /// The string to be inserted.
    public var newText: String
    /// The range if the insert is requested.
    public var insert: TextRange
    /// The range if the replace is requested.
    public var replace: TextRange

    public init(newText: String, insert: TextRange, replace: TextRange) {
        self.newText = newText
        self.insert = insert
        self.replace = replace
    }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        newText = try reader["newText"].string()
        insert = try TextRange(json: reader["insert"])
        replace = try TextRange(json: reader["replace"])
    }

    public var json: Any { ["newText": newText, "insert": insert.json, "replace": replace.json] }
}

/// A workspace edit represents changes to many resources managed in the workspace. Infill writes both
/// forms: `changes` (edits per document URI) and `documentChanges` (the same edits with the document's
/// version, so that a client supporting them refuses an edit made for a version it no longer has; per the
/// spec such clients prefer `documentChanges`).
public struct WorkspaceEdit: LSPValue {
    /// Holds changes to existing resources: text edits per document URI.
    public var changes: [String: [TextEdit]]
    /// Versioned text document edits (nil: absent).
    public var documentChanges: [TextDocumentEdit]?

    public init(changes: [String: [TextEdit]], documentChanges: [TextDocumentEdit]? = nil) {
        self.changes = changes
        self.documentChanges = documentChanges
    }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        let changesReader = reader["changes"]
        var changes: [String: [TextEdit]] = [:]
        if !changesReader.isAbsent {
            for uri in try changesReader.keys() { changes[uri] = try [TextEdit](json: changesReader[uri]) }
        }
        self.changes = changes
        documentChanges = try reader["documentChanges"].optional([TextDocumentEdit].self)
    }

    public var json: Any {
        // One form when versioned edits are sent: a client must not apply the same edit twice.
        var object: [String: Any] = [:]
        if !changes.isEmpty || documentChanges == nil { object["changes"] = changes.mapValues(\.json) }
        object.set("documentChanges", documentChanges)
        return object
    }
}

/// Describes textual changes on a single text document, at the version the edits were computed for.
public struct TextDocumentEdit: LSPValue {
    /// The text document to change, with the version the edits apply to.
    public var textDocument: VersionedTextDocumentIdentifier
    /// The edits to be applied.
    public var edits: [TextEdit]

    public init(textDocument: VersionedTextDocumentIdentifier, edits: [TextEdit]) {
        self.textDocument = textDocument
        self.edits = edits
    }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        textDocument = try VersionedTextDocumentIdentifier(json: reader["textDocument"])
        edits = try [TextEdit](json: reader["edits"])
    }

    public var json: Any { ["textDocument": textDocument.json, "edits": edits.json] }
}
