/// gzip (RFC 1952) decompression on top of `Inflate`: header, DEFLATE body, CRC-32 and size trailer.
///
/// Concatenated members (as `cat a.gz b.gz` makes) are decompressed one after the other.
public enum Gzip {
    /// Decompresses the bytes of a gzip file, checking every member's CRC-32 and length.
    public static func decompress(_ data: [UInt8]) throws -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(data.count * 4)
        try data.withUnsafeBytes { input in
            var offset = 0
            repeat {
                offset = try decompressMember(input, at: offset) { output.append(contentsOf: $0) }
                // Tolerate zero padding after the last member, as gzip(1) does.
                if input[offset...].allSatisfy({ $0 == 0 }) { break }
            } while true
        }
        return output
    }

    /// Decompresses the member starting at `start`; returns the offset after its trailer.
    private static func decompressMember(_ input: UnsafeRawBufferPointer, at start: Int,
                                         into sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        let count = input.count
        guard start + 18 <= count else { throw ModelStoreError.badGzipStream(reason: "too short for a gzip member") }
        guard input[start] == 0x1F, input[start + 1] == 0x8B else { throw ModelStoreError.badGzipStream(reason: "no gzip magic number") }
        guard input[start + 2] == 8 else { throw ModelStoreError.badGzipStream(reason: "compression method \(input[start + 2]) is not DEFLATE") }
        let flags = input[start + 3]
        guard flags & 0xE0 == 0 else { throw ModelStoreError.badGzipStream(reason: "reserved header flags set") }
        var p = start + 10
        if flags & 0x04 != 0 {  // FEXTRA
            guard p + 2 <= count else { throw ModelStoreError.badGzipStream(reason: "header cut short") }
            p += 2 + (Int(input[p]) | Int(input[p + 1]) << 8)
        }
        for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {  // FNAME, FCOMMENT: zero-terminated
            while p < count && input[p] != 0 { p += 1 }
            p += 1
        }
        if flags & 0x02 != 0 { p += 2 }  // FHCRC
        guard p <= count else { throw ModelStoreError.badGzipStream(reason: "header cut short") }
        var crc = CRC32()
        var size = 0
        let end = try Inflate.decompress(input, from: p) { chunk in
            crc.update(chunk)
            size += chunk.count
            try sink(chunk)
        }
        guard end + 8 <= count else { throw ModelStoreError.badGzipStream(reason: "trailer cut short") }
        let expectedCRC = input.loadUnaligned(fromByteOffset: end, as: UInt32.self).littleEndian
        let expectedSize = input.loadUnaligned(fromByteOffset: end + 4, as: UInt32.self).littleEndian
        guard crc.value == expectedCRC else {
            throw ModelStoreError.checksumMismatch(what: "gzip data", expected: expectedCRC, actual: crc.value)
        }
        guard UInt32(truncatingIfNeeded: size) == expectedSize else {
            throw ModelStoreError.sizeMismatch(what: "gzip data", expected: Int(expectedSize), actual: size)
        }
        return end + 8
    }
}
