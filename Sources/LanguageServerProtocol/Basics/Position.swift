import Documents

// LSP's `Position` and `Range` are the document store's `TextPosition` and `TextRange` (one type each, shared
// by the wire and the documents); this file gives them their wire form.

extension TextPosition: LSPValue {
    /// Reads `{line, character}`, both whole numbers ≥ 0. `character` counts code units of the negotiated
    /// position encoding (UTF-16 unless the client offered another).
    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        self.init(line: try reader["line"].integer(minimum: 0), character: try reader["character"].integer(minimum: 0))
    }

    public var json: Any { ["line": line, "character": character] }
}

extension TextRange: LSPValue {
    /// Reads `{start, end}`: a range in a text document, like a selection in an editor; the end position is
    /// exclusive.
    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        self.init(start: try TextPosition(json: reader["start"]), end: try TextPosition(json: reader["end"]))
    }

    public var json: Any { ["start": start.json, "end": end.json] }
}

extension PositionEncoding: LSPValue {
    /// Reads one of the encodings LSP 3.17 defines: "utf-8", "utf-16" or "utf-32".
    public init(json reader: FieldReader) throws {
        let text = try reader.string()
        guard let encoding = PositionEncoding(rawValue: text) else { throw reader.error("\"utf-8\", \"utf-16\" or \"utf-32\"") }
        self = encoding
    }

    public var json: Any { rawValue }
}
