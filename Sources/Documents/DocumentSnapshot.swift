import Foundation

/// An immutable version of an open document: its text in chunks with their line breaks indexed, so that a
/// position costs a binary search plus a walk along its line, and an edit copies only the chunks it
/// touches (and the chunk index), never the whole text.
public struct DocumentSnapshot: Sendable {
    public let uri: String
    public let languageID: String
    public let version: Int
    let chunks: [TextChunk]
    /// UTF-8 offset of each chunk's start; one more entry, the text's length.
    let chunkStarts: [Int]
    /// Line breaks before each chunk; one more entry, all of them.
    let breaksBefore: [Int]
    private let cache: TextCache

    public init(uri: String, languageID: String, version: Int, text: String) {
        self.init(uri: uri, languageID: languageID, version: version, chunks: TextChunk.chunks(of: Array(text.utf8)[...]), text: text)
    }

    private init(uri: String, languageID: String, version: Int, chunks: [TextChunk], text: String? = nil) {
        self.uri = uri
        self.languageID = languageID
        self.version = version
        self.chunks = chunks
        var starts = [0], breaks = [0]
        starts.reserveCapacity(chunks.count + 1)
        breaks.reserveCapacity(chunks.count + 1)
        for chunk in chunks {
            starts.append(starts[starts.count - 1] + chunk.bytes.count)
            breaks.append(breaks[breaks.count - 1] + chunk.lineBreakEnds.count)
        }
        chunkStarts = starts
        breaksBefore = breaks
        cache = TextCache(text)
    }

    /// The whole text, built once per snapshot when first asked for.
    /// - Complexity: O(n) the first time, O(1) after.
    public var text: String {
        cache.text { [chunks, utf8Count] in
            String(unsafeUninitializedCapacity: utf8Count) { buffer in
                var offset = 0
                for chunk in chunks {
                    chunk.bytes.withUnsafeBufferPointer { source in
                        _ = UnsafeMutableBufferPointer(rebasing: buffer[offset...]).initialize(from: source)
                    }
                    offset += chunk.bytes.count
                }
                return offset
            }
        }
    }

    /// The text's length in UTF-8 bytes.
    public var utf8Count: Int { chunkStarts[chunkStarts.count - 1] }

    /// The number of lines (one more than the line breaks).
    public var lineCount: Int { breaksBefore[breaksBefore.count - 1] + 1 }

    /// The UTF-8 offset of a position. A character past the end of its line means the end of the line
    /// (LSP's rule), and a character inside a multi-unit character stays before it; a line past the last
    /// line is an error for edits (`strict`) and the end of the text for completion requests.
    /// - Complexity: O(log n + length of the line up to the position).
    public func utf8Offset(of position: TextPosition, encoding: PositionEncoding, strict: Bool = true) throws -> Int {
        guard position.line >= 0, position.character >= 0 else {
            throw DocumentError.invalidRange(uri: uri, line: position.line, lineCount: lineCount)
        }
        guard position.line < lineCount else {
            if strict { throw DocumentError.invalidRange(uri: uri, line: position.line, lineCount: lineCount) }
            return utf8Count
        }
        let start = lineStart(position.line)
        return advance(from: start, units: position.character, limit: lineContentEnd(position.line), encoding: encoding)
    }

    /// The position of a UTF-8 offset (clamped to the text) in `encoding`'s code units.
    /// - Complexity: O(log n + length of the line up to the offset).
    public func position(ofUTF8Offset offset: Int, encoding: PositionEncoding) -> TextPosition {
        let offset = max(0, min(offset, utf8Count))
        let line = self.line(containing: offset)
        let start = lineStart(line)
        return TextPosition(line: line, character: units(from: start, to: offset, encoding: encoding))
    }

    /// The snapshot with `edits` applied in order, as `version`; throws (and nothing applies) when a range
    /// does not fit the text it applies to.
    /// - Complexity: O(edit + chunks touched + number of chunks) per ranged edit; O(text) for a whole-text one.
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
            current = current.replacing(start..<end, with: Array(edit.text.utf8))
        }
        return DocumentSnapshot(uri: uri, languageID: languageID, version: version, chunks: current.chunks, text: current.cache.existing)
    }

    // MARK: - Lines

    /// The index of the chunk holding byte `offset` (the last chunk for the end of the text).
    private func chunkIndex(of offset: Int) -> Int {
        var low = 0, high = chunks.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if chunkStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// The UTF-8 offset where `line` starts (line < lineCount).
    private func lineStart(_ line: Int) -> Int {
        guard line > 0 else { return 0 }
        // The chunk holding the line's `line`-th break: breaksBefore[k] < line <= breaksBefore[k + 1].
        var low = 0, high = chunks.count - 1
        while low < high {
            let mid = (low + high) / 2
            if breaksBefore[mid + 1] < line { low = mid + 1 } else { high = mid }
        }
        return chunkStarts[low] + Int(chunks[low].lineBreakEnds[line - breaksBefore[low] - 1])
    }

    /// The UTF-8 offset where `line`'s content ends (before its line break).
    private func lineContentEnd(_ line: Int) -> Int {
        guard line + 1 < lineCount else { return utf8Count }
        let next = lineStart(line + 1)
        if next >= 2 && byte(at: next - 1) == 10 && byte(at: next - 2) == 13 { return next - 2 }
        return next - 1
    }

    /// The line holding byte `offset`.
    private func line(containing offset: Int) -> Int {
        guard !chunks.isEmpty else { return 0 }
        let k = chunkIndex(of: offset)
        let local = Int32(offset - chunkStarts[k])
        let ends = chunks[k].lineBreakEnds
        var low = 0, high = ends.count                 // the number of breaks ending at or before `local`
        while low < high {
            let mid = (low + high) / 2
            if ends[mid] <= local { low = mid + 1 } else { high = mid }
        }
        return breaksBefore[k] + low
    }

    private func byte(at offset: Int) -> UInt8 {
        let k = chunkIndex(of: offset)
        return chunks[k].bytes[offset - chunkStarts[k]]
    }

    // MARK: - Walking a line

    /// The UTF-8 length and the code units in `encoding` of the character whose first byte is `lead`.
    private static func width(lead: UInt8, encoding: PositionEncoding) -> (bytes: Int, units: Int) {
        let bytes = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        switch encoding {
        case .utf8: return (bytes, bytes)
        case .utf16: return (bytes, bytes == 4 ? 2 : 1)
        case .utf32: return (bytes, 1)
        }
    }

    /// Calls `body` with the offset and first byte of each character from `start` until it returns false or
    /// `limit` is reached.
    private func forEachCharacter(from start: Int, limit: Int, _ body: (Int, UInt8, inout Bool) -> Int) {
        guard start < limit else { return }
        var k = chunkIndex(of: start)
        var offset = start
        var stop = false
        while offset < limit && !stop {
            while offset >= chunkStarts[k + 1] { k += 1 }
            let lead = chunks[k].bytes[offset - chunkStarts[k]]
            offset += body(offset, lead, &stop)
        }
    }

    /// The byte offset after taking up to `units` code units from `start`, stopping at `limit` and never
    /// inside a character.
    private func advance(from start: Int, units: Int, limit: Int, encoding: PositionEncoding) -> Int {
        var taken = 0
        var result = start
        forEachCharacter(from: start, limit: limit) { offset, lead, stop in
            let w = Self.width(lead: lead, encoding: encoding)
            if taken + w.units > units || offset + w.bytes > limit { stop = true; return 0 }
            taken += w.units
            result = offset + w.bytes
            return w.bytes
        }
        return result
    }

    /// The code units in `encoding` from `start` to `end` (on one line).
    private func units(from start: Int, to end: Int, encoding: PositionEncoding) -> Int {
        var count = 0
        forEachCharacter(from: start, limit: end) { _, lead, _ in
            let w = Self.width(lead: lead, encoding: encoding)
            count += w.units
            return w.bytes
        }
        return count
    }

    // MARK: - Editing

    /// The snapshot with bytes `range` replaced by `replacement`: the chunks holding the range (and a right
    /// neighbour when needed to keep the "\r" invariant or to absorb a small region) are rebuilt, the others
    /// shared.
    private func replacing(_ range: Range<Int>, with replacement: [UInt8]) -> DocumentSnapshot {
        guard !chunks.isEmpty else {
            return DocumentSnapshot(uri: uri, languageID: languageID, version: version, chunks: TextChunk.chunks(of: replacement[...]))
        }
        let first = chunkIndex(of: range.lowerBound)
        var last = max(first, chunkIndex(of: range.upperBound))
        if last > first && chunkStarts[last] == range.upperBound { last -= 1 }
        var region = Array(chunks[first].bytes[..<(range.lowerBound - chunkStarts[first])])
        region.append(contentsOf: replacement)
        region.append(contentsOf: chunks[last].bytes[(range.upperBound - chunkStarts[last])...])
        while last + 1 < chunks.count && (region.last == 13 || region.count < TextChunk.minimumBytes) {
            last += 1
            region.append(contentsOf: chunks[last].bytes)
        }
        var updated = Array(chunks[..<first])
        updated.append(contentsOf: TextChunk.chunks(of: region[...]))
        updated.append(contentsOf: chunks[(last + 1)...])
        return DocumentSnapshot(uri: uri, languageID: languageID, version: version, chunks: updated)
    }

    /// How many chunks two snapshots share (the same objects), for tests of what an edit copies.
    public func sharedChunkCount(with other: DocumentSnapshot) -> Int {
        let mine = Set(chunks.map(ObjectIdentifier.init))
        return other.chunks.filter { mine.contains(ObjectIdentifier($0)) }.count
    }

    /// The number of chunks the text is kept in.
    public var chunkCount: Int { chunks.count }
}

/// The text of a snapshot as one `String`, built at most once and shared by copies of the snapshot.
private final class TextCache: @unchecked Sendable {
    private let lock = NSLock()
    private var value: String?

    init(_ value: String?) { self.value = value }

    var existing: String? { lock.withLock { value } }

    func text(_ build: () -> String) -> String {
        lock.withLock {
            if let value { return value }
            let built = build()
            value = built
            return built
        }
    }
}
