/// LSP base-protocol framing over raw bytes: `Content-Length: N\r\n` (and optional other headers), a blank
/// line, then N bytes of body.
///
/// A small state machine: feed it whatever `read(2)` returned (any chunking: several messages in one read,
/// a message split across reads), then take complete bodies. Garbage before a header is skipped up to the
/// next `Content-Length:`; a declared length above `maximumMessageBytes` is refused and its bytes are
/// discarded as they arrive, so memory stays bounded.
public struct MessageFramer {
    /// What the framer produced.
    public enum Event: Equatable {
        /// A complete message body.
        case message([UInt8])
        /// A message whose declared length exceeds the limit (its body is being skipped).
        case tooLarge(declared: Int)
        /// Bytes that were not a header were skipped.
        case garbage(skipped: Int)
    }

    /// Largest accepted body.
    public let maximumMessageBytes: Int
    private var buffer: [UInt8] = []
    private var skipRemaining = 0

    /// A framer refusing bodies larger than `maximumMessageBytes` (default 64 MiB).
    public init(maximumMessageBytes: Int = 64 << 20) {
        self.maximumMessageBytes = maximumMessageBytes
    }

    /// Adds bytes read from the stream.
    public mutating func feed(_ bytes: some Collection<UInt8>) {
        if skipRemaining > 0 {
            let drop = min(skipRemaining, bytes.count)
            skipRemaining -= drop
            buffer.append(contentsOf: bytes.dropFirst(drop))
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    private static let headerName = Array("content-length:".utf8)
    private static let separator: [UInt8] = [13, 10, 13, 10]
    /// Longest header accepted (up to its blank line); longer ones are skipped as garbage.
    static let maximumHeaderBytes = 8192

    /// The next event, or nil when more bytes are needed.
    public mutating func next() -> Event? {
        while true {
            if skipRemaining > 0 { return nil }
            guard !buffer.isEmpty else { return nil }
            // Find the start of a header: "Content-Length:" (any case), or "Content-Type:" preceding it.
            guard let start = Self.findHeaderStart(buffer) else {
                // Keep a tail that could be the beginning of a header split across reads.
                let keep = min(buffer.count, 32)
                let skipped = buffer.count - keep
                if skipped > 0 {
                    buffer.removeFirst(skipped)
                    return .garbage(skipped: skipped)
                }
                if buffer.count >= 32 { buffer.removeFirst(); return .garbage(skipped: 1) }
                return nil
            }
            if start > 0 {
                buffer.removeFirst(start)
                return .garbage(skipped: start)
            }
            // The blank line must come within `maximumHeaderBytes`, whether the header arrived in one read or
            // in many (a longer header was accepted in one read and skipped as garbage when split: found when writing
            // the framer fuzz target's chunking invariant).
            guard let end = Self.find(Self.separator, in: buffer, limit: Self.maximumHeaderBytes + Self.separator.count) else {
                if buffer.count >= Self.maximumHeaderBytes + Self.separator.count {   // a header this long is garbage
                    buffer.removeFirst(1)
                    return .garbage(skipped: 1)
                }
                return nil
            }
            let header = String(decoding: buffer[0..<end], as: UTF8.self)
            var length: Int?
            for line in header.split(whereSeparator: \.isNewline) {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingSpaces.lowercased() == "content-length" {
                    length = Int(parts[1].trimmingSpaces)
                }
            }
            guard let length, length >= 0 else {
                buffer.removeFirst(end + 4)
                return .garbage(skipped: end + 4)
            }
            let bodyStart = end + 4
            if length > maximumMessageBytes {
                let available = buffer.count - bodyStart
                if available >= length {
                    buffer.removeFirst(bodyStart + length)
                } else {
                    skipRemaining = length - available
                    buffer.removeAll(keepingCapacity: false)
                }
                return .tooLarge(declared: length)
            }
            guard buffer.count >= bodyStart + length else { return nil }
            let body = Array(buffer[bodyStart..<(bodyStart + length)])
            buffer.removeFirst(bodyStart + length)
            return .message(body)
        }
    }

    /// The first position where a `Content-Length:` or `Content-Type:` header starts (case-insensitive).
    private static func findHeaderStart(_ bytes: [UInt8]) -> Int? {
        let names = [Array("content-length:".utf8), Array("content-type:".utf8)]
        var i = 0
        while i < bytes.count {
            if bytes[i] | 0x20 == UInt8(ascii: "c") {
                for name in names where i + name.count <= bytes.count {
                    var k = 0
                    while k < name.count && bytes[i + k] | 0x20 == name[k] { k += 1 }
                    if k == name.count { return i }
                }
            }
            i += 1
        }
        return nil
    }

    /// The first position of the 4-byte `needle` ending within the first `limit` bytes of `haystack`.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], limit: Int) -> Int? {
        let searched = min(limit, haystack.count)
        guard searched >= needle.count else { return nil }
        var i = 0
        while i + needle.count <= searched {
            if haystack[i] == needle[0] && haystack[i + 1] == needle[1] && haystack[i + 2] == needle[2] && haystack[i + 3] == needle[3] { return i }
            i += 1
        }
        return nil
    }
}

extension Substring {
    var trimmingSpaces: String {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
