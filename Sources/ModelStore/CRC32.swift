/// CRC-32 (IEEE 802.3, the zip and gzip checksum), table-driven.
public struct CRC32 {
    private static let table: [UInt32] = (0..<256).map { i -> UInt32 in
        var c = UInt32(i)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The checksum so far.
    public private(set) var value: UInt32 = 0

    /// A fresh checksum.
    public init() {}

    /// Adds bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var c = ~value
        for b in bytes { c = Self.table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        value = ~c
    }

    /// The checksum of `bytes`.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc = CRC32()
        bytes.withUnsafeBytes { crc.update($0) }
        return crc.value
    }
}

/// gzip (RFC 1952) on top of `Inflate`: header, DEFLATE body, CRC-32 and size trailer.
public enum Gzip {
    /// Decompresses a gzip file's bytes (one member).
    public static func decompress(_ data: [UInt8]) throws -> [UInt8] {
        guard data.count >= 18, data[0] == 0x1F, data[1] == 0x8B, data[2] == 8 else { throw CompressionError.notGzip }
        let flags = data[3]
        var p = 10
        if flags & 4 != 0 {
            guard p + 2 <= data.count else { throw CompressionError.truncated }
            p += 2 + Int(data[p]) | Int(data[p + 1]) << 8
        }
        if flags & 8 != 0 { while p < data.count && data[p] != 0 { p += 1 }; p += 1 }
        if flags & 16 != 0 { while p < data.count && data[p] != 0 { p += 1 }; p += 1 }
        if flags & 2 != 0 { p += 2 }
        guard p + 8 <= data.count else { throw CompressionError.truncated }
        let body = try Inflate.decompress(Array(data[p..<(data.count - 8)]))
        let t = data.count - 8
        let crc = UInt32(data[t]) | UInt32(data[t + 1]) << 8 | UInt32(data[t + 2]) << 16 | UInt32(data[t + 3]) << 24
        let size = Int(data[t + 4]) | Int(data[t + 5]) << 8 | Int(data[t + 6]) << 16 | Int(data[t + 7]) << 24
        let actual = CRC32.checksum(body)
        guard crc == actual else { throw CompressionError.checksumMismatch(expected: crc, actual: actual) }
        guard size == body.count & 0xFFFF_FFFF else { throw CompressionError.sizeMismatch(expected: size, actual: body.count) }
        return body
    }
}
