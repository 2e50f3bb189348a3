import Foundation
import ModelStore
import XCTest

/// Archives made by Python's zipfile (and one zip64 archive laid out by hand with struct.pack).
final class ZipArchiveTests: XCTestCase {
    private func makeWheelLikeArchive() throws -> (path: String, directory: String) {
        let directory = try makeTemporaryDirectory(self)
        let script = """
        import sys, zipfile
        d = sys.argv[1]
        text = ('def add(a, b):\\n    return a + b\\n' * 2000).encode()
        blob = bytes((i * 7919 + i // 13) % 256 for i in range(300000))
        with zipfile.ZipFile(d + '/w.whl', 'w') as z:
            z.writestr(zipfile.ZipInfo('pkg/'), b'')
            z.writestr('pkg/__init__.py', b'', compress_type=zipfile.ZIP_DEFLATED)
            z.writestr('pkg/data/part01.bin', blob, compress_type=zipfile.ZIP_DEFLATED)
            z.writestr('pkg/stored.txt', text, compress_type=zipfile.ZIP_STORED)
            z.writestr('pkg-1.0.dist-info/RECORD', text, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
        open(d + '/blob', 'wb').write(blob)
        open(d + '/text', 'wb').write(text)
        """
        _ = try runPython(script, [directory])
        return (directory + "/w.whl", directory)
    }

    private func read(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    func testExtractsStoredAndDeflatedMembersOfPythonArchive() throws {
        let (path, directory) = try makeWheelLikeArchive()
        let archive = try ZipArchive(contentsOf: path)
        XCTAssertEqual(archive.members.map(\.name),
                       ["pkg/", "pkg/__init__.py", "pkg/data/part01.bin", "pkg/stored.txt", "pkg-1.0.dist-info/RECORD"])
        XCTAssertEqual(try archive.extract("pkg/data/part01.bin"), try read(directory + "/blob"))
        XCTAssertEqual(try archive.extract("pkg/stored.txt"), try read(directory + "/text"))
        XCTAssertEqual(try archive.extract("pkg-1.0.dist-info/RECORD"), try read(directory + "/text"))
        XCTAssertEqual(try archive.extract("pkg/__init__.py"), [])
        XCTAssertEqual(archive.member(named: "pkg/data/part01.bin")?.method, 8)
        XCTAssertEqual(archive.member(named: "pkg/stored.txt")?.method, 0)
        // The in-memory initializer reads the same archive.
        XCTAssertEqual(try ZipArchive(bytes: read(path)).extract("pkg/stored.txt"), try read(directory + "/text"))
    }

    func testMissingMemberAndGarbageThrow() throws {
        let (path, _) = try makeWheelLikeArchive()
        let archive = try ZipArchive(contentsOf: path)
        XCTAssertThrowsError(try archive.extract("pkg/nope.bin")) { error in
            XCTAssertTrue("\(error)".contains("pkg/nope.bin"))
        }
        XCTAssertThrowsError(try ZipArchive(bytes: Array("this is not a zip archive at all, just text".utf8)))
        XCTAssertThrowsError(try ZipArchive(bytes: []))
        let bytes = try read(path)
        XCTAssertThrowsError(try ZipArchive(bytes: Array(bytes.prefix(bytes.count - 30))))
    }

    func testCorruptMemberFailsItsCRCCheck() throws {
        let (path, directory) = try makeWheelLikeArchive()
        var bytes = try read(path)
        let text = try read(directory + "/text")
        // Flip a byte inside the stored member's data (found by its content).
        let needle = Array(text.prefix(64))
        guard let start = (0..<(bytes.count - needle.count)).first(where: { Array(bytes[$0..<($0 + needle.count)]) == needle }) else {
            return XCTFail("stored data not found")
        }
        bytes[start + 10] ^= 0x20
        let archive = try ZipArchive(bytes: bytes)
        XCTAssertThrowsError(try archive.extract("pkg/stored.txt")) { error in
            XCTAssertTrue("\(error)".contains("CRC-32"), "\(error)")
        }
        XCTAssertEqual(try archive.extract("pkg/data/part01.bin"), try read(directory + "/blob"))
    }

    func testReadsZip64ArchiveWithExtraFieldSizesAndOffsets() throws {
        let directory = try makeTemporaryDirectory(self)
        // Layout per APPNOTE 4.3.14–4.3.16 and 4.5.3: sizes and offset 0xFFFFFFFF, real values in extra id 1,
        // a zip64 end-of-central-directory record and locator before a classic record full of 0xFFFF.
        let script = """
        import struct, sys, zlib
        d = sys.argv[1]
        first = b'first member, stored'
        data = b'zip64 member payload ' * 500
        c = zlib.compressobj(6, zlib.DEFLATED, -15); comp = c.compress(data) + c.flush()
        out = b''
        entries = []
        for name, payload, method, stored in [(b'a.txt', first, 0, first), (b'pkg/data/part01.bin', data, 8, comp)]:
            offset = len(out)
            crc = zlib.crc32(payload)
            extra = struct.pack('<HHQQ', 1, 16, len(payload), len(stored))
            out += struct.pack('<IHHHHHIIIHH', 0x04034b50, 45, 0, method, 0, 0, crc, 0xFFFFFFFF, 0xFFFFFFFF, len(name), len(extra)) + name + extra + stored
            cextra = struct.pack('<HHQQQ', 1, 24, len(payload), len(stored), offset)
            entries.append(struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 45, 45, 0, method, 0, 0, crc, 0xFFFFFFFF, 0xFFFFFFFF, len(name), len(cextra), 0, 0, 0, 0, 0xFFFFFFFF) + name + cextra)
        cd_offset = len(out)
        cd = b''.join(entries)
        out += cd
        z64 = len(out)
        out += struct.pack('<IQHHIIQQQQ', 0x06064b50, 44, 45, 45, 0, 0, 2, 2, len(cd), cd_offset)
        out += struct.pack('<IIQI', 0x07064b50, 0, z64, 1)
        out += struct.pack('<IHHHHIIH', 0x06054b50, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
        open(d + '/z64.zip', 'wb').write(out)
        open(d + '/data', 'wb').write(data)
        """
        _ = try runPython(script, [directory])
        let archive = try ZipArchive(contentsOf: directory + "/z64.zip")
        XCTAssertEqual(archive.members.map(\.name), ["a.txt", "pkg/data/part01.bin"])
        XCTAssertEqual(try archive.extract("a.txt"), Array("first member, stored".utf8))
        XCTAssertEqual(try archive.extract("pkg/data/part01.bin"), try read(directory + "/data"))
        XCTAssertEqual(archive.member(named: "pkg/data/part01.bin")?.uncompressedSize, 21 * 500)
    }
}
