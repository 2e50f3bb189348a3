import Foundation
import ModelStore
import XCTest

final class ChecksumTests: XCTestCase {
    // Digests: FIPS 180-2 appendix B examples (also `printf … | sha256sum`).
    func testSHA256OfNISTVectors() {
        XCTAssertEqual(SHA256.hexDigest(of: []), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hexDigest(of: Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hexDigest(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hexDigest(of: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testSHA256IncrementalUpdatesMatchOneShot() {
        let data = pseudoRandomBytes(10_000, seed: 7)
        let expected = SHA256.hexDigest(of: data)
        // Split at awkward places: inside a block, at block edges, one byte at a time at the end.
        for cuts in [[0, 1, 63, 64, 65, 127, 5000], [55, 56, 57, 9_990, 9_999], Array(stride(from: 0, to: 10_000, by: 777))] {
            var hasher = SHA256()
            var start = 0
            for cut in cuts + [data.count] where cut >= start {
                data[start..<cut].withUnsafeBytes { hasher.update($0) }
                start = cut
            }
            XCTAssertEqual(hexString(hasher.finalize()), expected, "cuts \(cuts)")
        }
    }

    func testSHA256OfFileMatchesSha256sum() throws {
        let directory = try makeTemporaryDirectory(self)
        let path = directory + "/data.bin"
        try Data(pseudoRandomBytes(3_000_017, seed: 11)).write(to: URL(fileURLWithPath: path))
        let tool = Process()
        tool.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        tool.arguments = ["sha256sum", path]
        let pipe = Pipe()
        tool.standardOutput = pipe
        try tool.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        tool.waitUntilExit()
        let expected = String(output.prefix(64))
        XCTAssertEqual(expected.count, 64)
        XCTAssertEqual(try SHA256.hexDigest(ofFile: path), expected)
    }

    func testSHA256OfMissingFileThrows() {
        XCTAssertThrowsError(try SHA256.hexDigest(ofFile: "/nonexistent/infill/file"))
    }

    func testCRC32OfCheckValue() {
        // The standard check value of CRC-32/ISO-HDLC for "123456789".
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)
        XCTAssertEqual(CRC32.checksum([]), 0)
    }

    func testCRC32MatchesPythonZlibInPieces() throws {
        let data = pseudoRandomBytes(100_003, seed: 3)
        let directory = try makeTemporaryDirectory(self)
        let path = directory + "/crc.bin"
        try Data(data).write(to: URL(fileURLWithPath: path))
        let output = try runPython("import sys, zlib; print(zlib.crc32(open(sys.argv[1], 'rb').read()))", [path])
        let expected = UInt32(String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        XCTAssertEqual(CRC32.checksum(data), expected)
        var crc = CRC32()
        var start = 0
        for cut in [1, 7, 8, 9, 4096, 50_001, data.count] {
            data[start..<cut].withUnsafeBytes { crc.update($0) }
            start = cut
        }
        XCTAssertEqual(crc.value, expected)
    }
}
