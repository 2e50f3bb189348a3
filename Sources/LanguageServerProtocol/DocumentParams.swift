/// A position in a document: zero-based line, and character offset in the negotiated encoding.
public struct LSPPosition: Equatable, Sendable {
    public var line: Int
    public var character: Int
    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    /// Reads `{line, character}`, both whole numbers ≥ 0.
    public init(_ reader: FieldReader) throws {
        try reader.requireObject()
        line = try reader["line"].integer(minimum: 0)
        character = try reader["character"].integer(minimum: 0)
    }

    /// The JSON form.
    public var json: [String: Any] { ["line": line, "character": character] }
}

/// A range between two positions (end exclusive).
public struct LSPRange: Equatable, Sendable {
    public var start: LSPPosition
    public var end: LSPPosition
    public init(start: LSPPosition, end: LSPPosition) {
        self.start = start
        self.end = end
    }

    public init(_ reader: FieldReader) throws {
        try reader.requireObject()
        start = try LSPPosition(reader["start"])
        end = try LSPPosition(reader["end"])
    }

    public var json: [String: Any] { ["start": start.json, "end": end.json] }
}

/// `textDocument/didOpen` params: the document's identity, language, version and whole text.
public struct DidOpenParams: Sendable {
    public var uri: String
    public var languageID: String
    public var version: Int
    public var text: String

    public init(_ params: FieldReader) throws {
        try params.requireObject()
        let document = params["textDocument"]
        try document.requireObject()
        uri = try document["uri"].string()
        languageID = try document["languageId"].optionalString() ?? ""
        version = try document["version"].optionalInteger() ?? 0
        text = try document["text"].string()
    }
}

/// `textDocument/didChange` params: whole-text replacements (`range` nil) and ranged edits, in order.
public struct DidChangeParams: Sendable {
    public struct Change: Sendable {
        public var range: LSPRange?
        public var text: String
    }

    public var uri: String
    public var version: Int
    public var changes: [Change]

    public init(_ params: FieldReader) throws {
        try params.requireObject()
        let document = params["textDocument"]
        try document.requireObject()
        uri = try document["uri"].string()
        version = try document["version"].optionalInteger() ?? 0
        changes = try params["contentChanges"].array().map { change in
            try change.requireObject()
            let range = change["range"]
            return Change(range: range.isAbsent ? nil : try LSPRange(range), text: try change["text"].string())
        }
    }
}

/// Params that name only a document: `didClose`, `didSave`.
public struct DocumentParams: Sendable {
    public var uri: String

    public init(_ params: FieldReader) throws {
        try params.requireObject()
        uri = try params["textDocument"]["uri"].string()
    }
}
