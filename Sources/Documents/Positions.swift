import Foundation

/// How LSP positions count characters within a line.
public enum PositionEncoding: String, Sendable {
    case utf8 = "utf-8"
    case utf16 = "utf-16"
    case utf32 = "utf-32"
}

/// A zero-based line and character (in the negotiated encoding's code units).
public struct TextPosition: Sendable, Hashable {
    public var line: Int
    public var character: Int
    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }
}

/// A half-open range of positions.
public struct TextRange: Sendable, Hashable {
    public var start: TextPosition
    public var end: TextPosition
    public init(start: TextPosition, end: TextPosition) {
        self.start = start
        self.end = end
    }
}

/// One change of a `didChange`: a range and its new text, or (range nil) the whole new text.
public struct TextChange: Sendable, Equatable {
    public var range: TextRange?
    public var text: String
    public init(range: TextRange?, text: String) {
        self.range = range
        self.text = text
    }
}

/// Why an edit or lookup was refused.
public enum DocumentError: Error, CustomStringConvertible, Equatable {
    case unknownDocument(String)
    case invalidRange(uri: String, line: Int, lineCount: Int)
    case rangeEndsBeforeStart(uri: String)

    public var description: String {
        switch self {
        case .unknownDocument(let uri): return "no open document \(uri)"
        case .invalidRange(let uri, let line, let count):
            return "edit of \(uri) refers to line \(line), but the document has \(count) lines; the document is unchanged"
        case .rangeEndsBeforeStart(let uri): return "edit of \(uri) has a range that ends before it starts; the document is unchanged"
        }
    }
}

