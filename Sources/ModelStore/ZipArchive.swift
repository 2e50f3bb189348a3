/// Reads members out of a zip archive (a Python wheel): central directory, local headers, zip64 sizes,
/// stored (method 0) and DEFLATE (method 8) members, CRC-32 checked. Every offset is bounds-checked.
public struct ZipArchive {
    /// One member as listed in the central directory.
    public struct Member: Sendable {
        public let name: String
        public let method: UInt16
        public let crc32: UInt32
        public let compressedSize: Int
        public let uncompressedSize: Int
        public let localHeaderOffset: Int
    }

    private let bytes: [UInt8]
    /// Members in directory order.
    public let members: [Member]

    /// Parses the archive's central directory.
    public init(bytes: [UInt8]) throws {
        self.bytes = bytes
        guard bytes.count >= 22 else { throw CompressionError.notZip("too short") }
        // End of central directory: the last 22+ bytes; the comment may be up to 65535 bytes.
        var eocd = -1
        var i = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while i >= lowest {
            if Self.u32(bytes, i) == 0x0605_4B50 { eocd = i; break }
            i -= 1
        }
        guard eocd >= 0 else { throw CompressionError.notZip("no end-of-directory record") }
        var count = Int(Self.u16(bytes, eocd + 10))
        var directoryOffset = Int(Self.u32(bytes, eocd + 16))
        // Zip64 end of central directory locator, just before the classic record.
        if eocd >= 20, Self.u32(bytes, eocd - 20) == 0x0706_4B50 {
            let record = Int(Self.u64(bytes, eocd - 12))
            guard record >= 0, record + 56 <= bytes.count, Self.u32(bytes, record) == 0x0606_4B50 else {
                throw CompressionError.notZip("bad zip64 record")
            }
            count = Int(Self.u64(bytes, record + 32))
            directoryOffset = Int(Self.u64(bytes, record + 48))
        }
        guard count >= 0, count <= bytes.count / 46, directoryOffset >= 0, directoryOffset <= bytes.count else {
            throw CompressionError.notZip("directory out of bounds")
        }
        var members: [Member] = []
        var p = directoryOffset
        for _ in 0..<count {
            guard p + 46 <= bytes.count, Self.u32(bytes, p) == 0x0201_4B50 else { throw CompressionError.notZip("bad directory entry") }
            let method = Self.u16(bytes, p + 10)
            let crc = Self.u32(bytes, p + 16)
            var compressed = Int(Self.u32(bytes, p + 20))
            var uncompressed = Int(Self.u32(bytes, p + 24))
            let nameLength = Int(Self.u16(bytes, p + 28))
            let extraLength = Int(Self.u16(bytes, p + 30))
            let commentLength = Int(Self.u16(bytes, p + 32))
            var localOffset = Int(Self.u32(bytes, p + 42))
            let nameStart = p + 46
            guard nameStart + nameLength + extraLength + commentLength <= bytes.count else { throw CompressionError.notZip("entry out of bounds") }
            let name = String(decoding: bytes[nameStart..<(nameStart + nameLength)], as: UTF8.self)
            // Zip64 extended information: 8-byte values for the fields that hold 0xFFFFFFFF, in order.
            var e = nameStart + nameLength
            let extraEnd = e + extraLength
            while e + 4 <= extraEnd {
                let id = Self.u16(bytes, e)
                let size = Int(Self.u16(bytes, e + 2))
                var q = e + 4
                if id == 1 {
                    if uncompressed == 0xFFFF_FFFF, q + 8 <= extraEnd { uncompressed = Int(Self.u64(bytes, q)); q += 8 }
                    if compressed == 0xFFFF_FFFF, q + 8 <= extraEnd { compressed = Int(Self.u64(bytes, q)); q += 8 }
                    if localOffset == 0xFFFF_FFFF, q + 8 <= extraEnd { localOffset = Int(Self.u64(bytes, q)) }
                }
                e += 4 + size
            }
            members.append(Member(name: name, method: method, crc32: crc, compressedSize: compressed,
                                  uncompressedSize: uncompressed, localHeaderOffset: localOffset))
            p = nameStart + nameLength + extraLength + commentLength
        }
        self.members = members
    }

    /// The uncompressed bytes of the member `name`, checked against its size and CRC-32.
    public func extract(_ name: String) throws -> [UInt8] {
        guard let m = members.first(where: { $0.name == name }) else { throw CompressionError.missingZipMember(name) }
        let h = m.localHeaderOffset
        guard h >= 0, h + 30 <= bytes.count, Self.u32(bytes, h) == 0x0403_4B50 else { throw CompressionError.notZip("bad local header for \(name)") }
        let start = h + 30 + Int(Self.u16(bytes, h + 26)) + Int(Self.u16(bytes, h + 28))
        guard m.compressedSize >= 0, start + m.compressedSize <= bytes.count else { throw CompressionError.truncated }
        let raw = Array(bytes[start..<(start + m.compressedSize)])
        let data: [UInt8]
        switch m.method {
        case 0: data = raw
        case 8: data = try Inflate.decompress(raw, expectedSize: m.uncompressedSize)
        default: throw CompressionError.unsupportedZipMethod(m.method)
        }
        guard data.count == m.uncompressedSize else { throw CompressionError.sizeMismatch(expected: m.uncompressedSize, actual: data.count) }
        let crc = CRC32.checksum(data)
        guard crc == m.crc32 else { throw CompressionError.checksumMismatch(expected: m.crc32, actual: crc) }
        return data
    }

    private static func u16(_ b: [UInt8], _ i: Int) -> UInt16 {
        guard i >= 0, i + 2 <= b.count else { return 0 }
        return UInt16(b[i]) | UInt16(b[i + 1]) << 8
    }

    private static func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
        guard i >= 0, i + 4 <= b.count else { return 0 }
        return UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }

    private static func u64(_ b: [UInt8], _ i: Int) -> UInt64 {
        UInt64(u32(b, i)) | UInt64(u32(b, i + 4)) << 32
    }
}
