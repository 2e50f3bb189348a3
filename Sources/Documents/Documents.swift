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

/// An immutable version of an open document, with its line starts indexed.
public struct DocumentSnapshot: Sendable {
    public let uri: String
    public let languageID: String
    public let version: Int
    public let text: String
    /// UTF-8 offset of the start of each line. LSP line breaks: "\n", "\r\n" and "\r".
    public let lineStarts: [Int]

    public init(uri: String, languageID: String, version: Int, text: String) {
        self.uri = uri
        self.languageID = languageID
        self.version = version
        self.text = text
        var starts = [0]
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 10 {
                starts.append(i + 1)
            } else if bytes[i] == 13 {
                if i + 1 < bytes.count && bytes[i + 1] == 10 { i += 1 }
                starts.append(i + 1)
            }
            i += 1
        }
        lineStarts = starts
    }

    /// The UTF-8 offset of a position. A character past the end of its line means the end of the line
    /// (LSP's rule); a line past the last line is an error for edits (`strict`) and the end of the text
    /// for completion requests.
    public func utf8Offset(of position: TextPosition, encoding: PositionEncoding, strict: Bool = true) throws -> Int {
        guard position.line >= 0, position.character >= 0 else {
            throw DocumentError.invalidRange(uri: uri, line: position.line, lineCount: lineStarts.count)
        }
        guard position.line < lineStarts.count else {
            if strict { throw DocumentError.invalidRange(uri: uri, line: position.line, lineCount: lineStarts.count) }
            return text.utf8.count
        }
        let start = lineStarts[position.line]
        let utf8 = text.utf8
        // End of the line's content (before its line break).
        var end = position.line + 1 < lineStarts.count ? lineStarts[position.line + 1] : utf8.count
        let lineBytes = utf8[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)]
        if lineBytes.last == 10 { end -= 1; if end > start, lineBytes.dropLast().last == 13 { end -= 1 } } else if lineBytes.last == 13 { end -= 1 }
        let lineText = String(decoding: Array(utf8)[start..<end], as: UTF8.self)
        var units = 0
        var bytesSoFar = 0
        for scalar in lineText.unicodeScalars {
            if units >= position.character { break }
            let width: Int
            switch encoding {
            case .utf8: width = String(scalar).utf8.count
            case .utf16: width = scalar.utf16.count
            case .utf32: width = 1
            }
            if units + width > position.character { break }    // inside a character: stay before it
            units += width
            bytesSoFar += String(scalar).utf8.count
        }
        return start + bytesSoFar
    }

    /// The position of a UTF-8 offset (clamped to the text) in `encoding`'s code units.
    public func position(ofUTF8Offset offset: Int, encoding: PositionEncoding) -> TextPosition {
        let offset = max(0, min(offset, text.utf8.count))
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        let bytes = Array(text.utf8)[lineStarts[low]..<offset]
        let prefix = String(decoding: bytes, as: UTF8.self)
        let character: Int
        switch encoding {
        case .utf8: character = bytes.count
        case .utf16: character = prefix.utf16.count
        case .utf32: character = prefix.unicodeScalars.count
        }
        return TextPosition(line: low, character: character)
    }

    /// The snapshot with `edits` applied in order, as `version`.
    public func applying(_ edits: [TextChange], version: Int, encoding: PositionEncoding) throws -> DocumentSnapshot {
        var current = self
        for edit in edits {
            guard let range = edit.range else {
                current = DocumentSnapshot(uri: uri, languageID: languageID, version: version, text: edit.text)
                continue
            }
            let start = try current.utf8Offset(of: range.start, encoding: encoding)
            let end = try current.utf8Offset(of: range.end, encoding: encoding)
            guard start <= end else { throw DocumentError.rangeEndsBeforeStart(uri: uri) }
            let bytes = Array(current.text.utf8)
            let newBytes = Array(bytes[0..<start]) + Array(edit.text.utf8) + Array(bytes[end...])
            current = DocumentSnapshot(uri: uri, languageID: languageID, version: version, text: String(decoding: newBytes, as: UTF8.self))
        }
        return DocumentSnapshot(uri: uri, languageID: languageID, version: version, text: current.text)
    }
}

/// The open documents, thread-safe.
public final class DocumentStore: @unchecked Sendable {
    private var documents: [String: DocumentSnapshot] = [:]
    private var order: [String] = []
    private let lock = NSLock()

    public init() {}

    public func open(uri: String, languageID: String, version: Int, text: String) {
        lock.withLock {
            documents[uri] = DocumentSnapshot(uri: uri, languageID: languageID, version: version, text: text)
            order.removeAll { $0 == uri }
            order.append(uri)
        }
    }

    /// Applies edits; on any invalid range nothing changes and the error says why.
    @discardableResult
    public func change(uri: String, version: Int, edits: [TextChange], encoding: PositionEncoding) throws -> DocumentSnapshot {
        try lock.withLock {
            guard let doc = documents[uri] else { throw DocumentError.unknownDocument(uri) }
            let updated = try doc.applying(edits, version: version, encoding: encoding)
            documents[uri] = updated
            order.removeAll { $0 == uri }
            order.append(uri)
            return updated
        }
    }

    public func close(uri: String) {
        lock.withLock {
            documents.removeValue(forKey: uri)
            order.removeAll { $0 == uri }
        }
    }

    public func snapshot(_ uri: String) -> DocumentSnapshot? { lock.withLock { documents[uri] } }

    /// Open documents, most recently edited last.
    public func all() -> [DocumentSnapshot] { lock.withLock { order.compactMap { documents[$0] } } }
}
