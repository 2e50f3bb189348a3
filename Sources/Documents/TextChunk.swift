/// An immutable piece of a document's text: UTF-8 bytes and where each line break in them ends. Snapshots
/// share the chunks an edit did not touch, so an edit copies the few chunks it touches, never the text.
///
/// Invariant kept by `DocumentSnapshot`: a chunk that is not the last never ends with "\r", so a "\r\n" line
/// break never spans two chunks and every line break lies inside one chunk.
final class TextChunk: Sendable {
    /// What a chunk holds at most after an edit re-chunks its region.
    static let targetBytes = 16 << 10
    /// A region smaller than this takes in its right neighbour when re-chunked, so many small edits do not
    /// leave many tiny chunks.
    static let minimumBytes = 2 << 10

    let bytes: [UInt8]
    /// Offsets (within `bytes`) just after each line break: "\n", "\r\n" or a lone "\r".
    let lineBreakEnds: [Int32]

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = Array(bytes)
        var ends: [Int32] = []
        let count = self.bytes.count
        self.bytes.withUnsafeBufferPointer { b in
            var i = 0
            while i < count {
                let byte = b[i]
                if byte == 10 {
                    ends.append(Int32(i + 1))
                } else if byte == 13 {
                    if i + 1 < count && b[i + 1] == 10 { i += 1 }
                    ends.append(Int32(i + 1))
                }
                i += 1
            }
        }
        lineBreakEnds = ends
    }

    /// Splits `bytes` into chunks of about `targetBytes`, never ending a chunk but the last with "\r".
    static func chunks(of bytes: ArraySlice<UInt8>) -> [TextChunk] {
        guard !bytes.isEmpty else { return [] }
        let pieces = max(1, (bytes.count + targetBytes - 1) / targetBytes)
        let size = (bytes.count + pieces - 1) / pieces
        var result: [TextChunk] = []
        result.reserveCapacity(pieces)
        var start = bytes.startIndex
        while start < bytes.endIndex {
            var end = min(start + size, bytes.endIndex)
            while end < bytes.endIndex && bytes[end - 1] == 13 { end += 1 }
            result.append(TextChunk(bytes[start..<end]))
            start = end
        }
        return result
    }
}
