import Foundation

/// Reads members out of a zip archive such as a Python wheel: end-of-central-directory record (and its
/// zip64 form), central directory, local headers, zip64 extra fields; stored (method 0) and DEFLATE
/// (method 8) members, each checked against its size and CRC-32. Every offset is bounds-checked.
public struct ZipArchive: Sendable {
    /// One member as listed in the central directory.
    public struct Member: Sendable, Equatable {
        /// The member's path inside the archive.
        public let name: String
        /// The compression method (0 stored, 8 DEFLATE).
        public let method: UInt16
        /// The general-purpose flags (bit 0: encrypted).
        public let flags: UInt16
        /// The CRC-32 of the uncompressed data.
        public let crc32: UInt32
        /// Size of the stored data.
        public let compressedSize: Int
        /// Size after decompression.
        public let uncompressedSize: Int
        /// Offset of the member's local header.
        public let localHeaderOffset: Int
    }

    private let data: Data
    /// The members in central-directory order.
    public let members: [Member]

    /// Parses an archive held in memory.
    public init(bytes: [UInt8]) throws {
        try self.init(data: Data(bytes))
    }

    /// Parses the archive file at `path` (memory-mapped when possible).
    public init(contentsOf path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw ModelStoreError.fileSystem(path: path, reason: "cannot read the archive: \(error)")
        }
        try self.init(data: data)
    }

    private init(data: Data) throws {
        self.data = data
        self.members = try data.withUnsafeBytes { try Self.readDirectory(ZipReader(bytes: $0)) }
    }

    /// The member called `name`, if any.
    public func member(named name: String) -> Member? {
        members.first { $0.name == name }
    }

    /// Streams the uncompressed bytes of the member `name` to `sink` in order, then checks its size and
    /// CRC-32 (so the last call to `sink` may still be followed by an error).
    public func extract(_ name: String, into sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let member = member(named: name) else { throw ModelStoreError.missingMember(name: name) }
        guard member.flags & 1 == 0 else { throw ModelStoreError.badArchive(reason: "member '\(name)' is encrypted") }
        try data.withUnsafeBytes { raw in
            let reader = ZipReader(bytes: raw)
            let header = member.localHeaderOffset
            guard try reader.u32(header) == 0x0403_4B50 else {
                throw ModelStoreError.badArchive(reason: "no local header for '\(name)' at offset \(header)")
            }
            let start = header + 30 + Int(try reader.u16(header + 26)) + Int(try reader.u16(header + 28))
            guard start <= raw.count, member.compressedSize <= raw.count - start else {
                throw ModelStoreError.badArchive(reason: "member '\(name)' extends past the end of the archive")
            }
            let body = UnsafeRawBufferPointer(rebasing: raw[start..<(start + member.compressedSize)])
            var crc = CRC32()
            var size = 0
            func checkedSink(_ chunk: UnsafeRawBufferPointer) throws {
                crc.update(chunk)
                size += chunk.count
                guard size <= member.uncompressedSize else {
                    throw ModelStoreError.sizeMismatch(what: "zip member '\(name)'", expected: member.uncompressedSize, actual: size)
                }
                try sink(chunk)
            }
            switch member.method {
            case 0:
                var offset = 0
                while offset < body.count {
                    let n = min(1 << 22, body.count - offset)
                    try checkedSink(UnsafeRawBufferPointer(rebasing: body[offset..<(offset + n)]))
                    offset += n
                }
            case 8:
                _ = try Inflate.decompress(body) { try checkedSink($0) }
            default:
                throw ModelStoreError.badArchive(reason: "member '\(name)' uses unsupported compression method \(member.method)")
            }
            guard size == member.uncompressedSize else {
                throw ModelStoreError.sizeMismatch(what: "zip member '\(name)'", expected: member.uncompressedSize, actual: size)
            }
            guard crc.value == member.crc32 else {
                throw ModelStoreError.checksumMismatch(what: "zip member '\(name)'", expected: member.crc32, actual: crc.value)
            }
        }
    }

    /// The uncompressed bytes of the member `name`, checked against its size and CRC-32.
    public func extract(_ name: String) throws -> [UInt8] {
        var output: [UInt8] = []
        try extract(name) { output.append(contentsOf: $0) }
        return output
    }

    private static func readDirectory(_ reader: ZipReader) throws -> [Member] {
        let count = reader.bytes.count
        guard count >= 22 else { throw ModelStoreError.badArchive(reason: "too short to be a zip archive") }
        // The end-of-central-directory record is in the last 22 + (comment ≤ 65535) bytes.
        var eocd = -1
        var i = count - 22
        let lowest = max(0, count - 22 - 65_535)
        while i >= lowest {
            if try reader.u32(i) == 0x0605_4B50 { eocd = i; break }
            i -= 1
        }
        guard eocd >= 0 else { throw ModelStoreError.badArchive(reason: "no end-of-central-directory record") }
        var entryCount = Int(try reader.u16(eocd + 10))
        var directoryOffset = Int(try reader.u32(eocd + 16))
        if eocd >= 20, try reader.u32(eocd - 20) == 0x0706_4B50 {
            // Zip64 locator: points at the zip64 end-of-central-directory record with 8-byte fields.
            let record = try reader.u64(eocd - 12)
            guard record <= UInt64(count - 56), try reader.u32(Int(record)) == 0x0606_4B50 else {
                throw ModelStoreError.badArchive(reason: "bad zip64 end-of-central-directory record")
            }
            let entries64 = try reader.u64(Int(record) + 32)
            let offset64 = try reader.u64(Int(record) + 48)
            guard entries64 <= UInt64(count), offset64 <= UInt64(count) else {
                throw ModelStoreError.badArchive(reason: "zip64 directory out of bounds")
            }
            entryCount = Int(entries64)
            directoryOffset = Int(offset64)
        }
        guard entryCount <= count / 46 + 1, directoryOffset <= count else {
            throw ModelStoreError.badArchive(reason: "central directory out of bounds")
        }
        var members: [Member] = []
        members.reserveCapacity(entryCount)
        var p = directoryOffset
        for _ in 0..<entryCount {
            guard try reader.u32(p) == 0x0201_4B50 else {
                throw ModelStoreError.badArchive(reason: "bad central directory entry at offset \(p)")
            }
            let flags = try reader.u16(p + 8)
            let method = try reader.u16(p + 10)
            let crc = try reader.u32(p + 16)
            var compressed = UInt64(try reader.u32(p + 20))
            var uncompressed = UInt64(try reader.u32(p + 24))
            let nameLength = Int(try reader.u16(p + 28))
            let extraLength = Int(try reader.u16(p + 30))
            let commentLength = Int(try reader.u16(p + 32))
            var localOffset = UInt64(try reader.u32(p + 42))
            let nameStart = p + 46
            let extraStart = nameStart + nameLength
            let next = extraStart + extraLength + commentLength
            guard next <= count else { throw ModelStoreError.badArchive(reason: "central directory entry cut short") }
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: reader.bytes[nameStart..<extraStart]), as: UTF8.self)
            // Zip64 extended information (id 1): 8-byte values for the fields that hold 0xFFFFFFFF, in order.
            var e = extraStart
            let extraEnd = extraStart + extraLength
            while e + 4 <= extraEnd {
                let id = try reader.u16(e)
                let size = Int(try reader.u16(e + 2))
                guard e + 4 + size <= extraEnd else { throw ModelStoreError.badArchive(reason: "extra field cut short in '\(name)'") }
                if id == 1 {
                    var q = e + 4
                    for field in 0..<3 {
                        let needed = field == 0 ? uncompressed == 0xFFFF_FFFF : field == 1 ? compressed == 0xFFFF_FFFF : localOffset == 0xFFFF_FFFF
                        guard needed else { continue }
                        guard q + 8 <= e + 4 + size else { throw ModelStoreError.badArchive(reason: "zip64 field missing in '\(name)'") }
                        let value = try reader.u64(q)
                        switch field {
                        case 0: uncompressed = value
                        case 1: compressed = value
                        default: localOffset = value
                        }
                        q += 8
                    }
                }
                e += 4 + size
            }
            guard compressed <= UInt64(count), localOffset <= UInt64(count), uncompressed <= UInt64(Int.max) else {
                throw ModelStoreError.badArchive(reason: "sizes or offsets of '\(name)' out of bounds")
            }
            members.append(Member(name: name, method: method, flags: flags, crc32: crc, compressedSize: Int(compressed),
                                  uncompressedSize: Int(uncompressed), localHeaderOffset: Int(localOffset)))
            p = next
        }
        return members
    }
}

/// Little-endian reads from an archive, each checked against its bounds.
private struct ZipReader {
    let bytes: UnsafeRawBufferPointer

    func u16(_ offset: Int) throws -> UInt16 {
        guard offset >= 0, offset + 2 <= bytes.count else { throw ModelStoreError.badArchive(reason: "read past the end at offset \(offset)") }
        return UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    func u32(_ offset: Int) throws -> UInt32 {
        guard offset >= 0, offset + 4 <= bytes.count else { throw ModelStoreError.badArchive(reason: "read past the end at offset \(offset)") }
        return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    func u64(_ offset: Int) throws -> UInt64 {
        guard offset >= 0, offset + 8 <= bytes.count else { throw ModelStoreError.badArchive(reason: "read past the end at offset \(offset)") }
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}
