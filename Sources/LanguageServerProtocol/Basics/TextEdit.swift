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

/// A workspace edit represents changes to many resources managed in the workspace. (Infill uses the
/// `changes` form: edits per document URI.)
public struct WorkspaceEdit: LSPValue {
    /// Holds changes to existing resources: text edits per document URI.
    public var changes: [String: [TextEdit]]

    public init(changes: [String: [TextEdit]]) { self.changes = changes }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        let changesReader = reader["changes"]
        var changes: [String: [TextEdit]] = [:]
        if !changesReader.isAbsent {
            for uri in try changesReader.keys() { changes[uri] = try [TextEdit](json: changesReader[uri]) }
        }
        self.changes = changes
    }

    public var json: Any { ["changes": changes.mapValues(\.json)] }
}
