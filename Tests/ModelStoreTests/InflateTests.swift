import Foundation
import ModelStore
import XCTest

/// DEFLATE and gzip streams made by Python's zlib (an independent producer), decoded by `Inflate`/`Gzip`.
final class InflateTests: XCTestCase {
    /// Writes `data` to a file and asks Python to compress it: raw DEFLATE with `level` and `strategy`.
    private func pythonDeflate(_ data: [UInt8], level: Int, strategy: String = "Z_DEFAULT_STRATEGY") throws -> [UInt8] {
        let directory = try makeTemporaryDirectory(self)
        let path = directory + "/in.bin"
        try Data(data).write(to: URL(fileURLWithPath: path))
        let script = """
        import sys, zlib
        c = zlib.compressobj(\(level), zlib.DEFLATED, -15, 9, zlib.\(strategy))
        sys.stdout.buffer.write(c.compress(open(sys.argv[1], 'rb').read()) + c.flush())
        """
        return [UInt8](try runPython(script, [path]))
    }

    /// Inputs with different statistics: text, random, long runs, mixed.
    private func sampleInputs() -> [(String, [UInt8])] {
        let text = Array(String(repeating: "func f(x: Int) -> Int { return x * 2 } // naïve ✓ ", count: 800).utf8)
        var mixed: [UInt8] = []
        for i in 0..<200 {
            mixed += pseudoRandomBytes(i * 7 % 300, seed: UInt64(i + 1))
            mixed += [UInt8](repeating: UInt8(i), count: i % 40)
            mixed += Array("line \(i)\n".utf8)
        }
        return [
            ("empty", []),
            ("one byte", [42]),
            ("text", text),
            ("random", pseudoRandomBytes(70_000, seed: 5)),
            ("run", [UInt8](repeating: 0, count: 100_000)),
            ("mixed", mixed),
        ]
    }

    func testInflateDecodesPythonStreamsAtEveryLevel() throws {
        for (name, data) in sampleInputs() {
            for level in [0, 1, 6, 9] {
                let compressed = try pythonDeflate(data, level: level)
                XCTAssertEqual(try Inflate.decompress(compressed), data, "\(name) at level \(level)")
            }
        }
    }

    func testInflateDecodesFixedHuffmanAndRunLengthStrategies() throws {
        for (name, data) in sampleInputs() {
            for strategy in ["Z_FIXED", "Z_RLE", "Z_HUFFMAN_ONLY"] {
                let compressed = try pythonDeflate(data, level: 6, strategy: strategy)
                XCTAssertEqual(try Inflate.decompress(compressed), data, "\(name) with \(strategy)")
            }
        }
    }

    func testInflateStreamsOutputLongerThanOneChunk() throws {
        // 9 MB crosses the decoder's 4 MiB output chunks twice, with matches reaching back over the seam.
        var data: [UInt8] = []
        let block = pseudoRandomBytes(20_000, seed: 9)
        for i in 0..<450 { data += block[(i % 7)..<(i % 7 + 19_990)] + [UInt8(i & 0xFF)] }
        let compressed = try pythonDeflate(data, level: 6)
        var chunks = 0
        var output: [UInt8] = []
        let end = try compressed.withUnsafeBytes { input in
            try Inflate.decompress(input) { chunk in
                chunks += 1
                output.append(contentsOf: chunk)
            }
        }
        XCTAssertEqual(output, data)
        XCTAssertGreaterThan(chunks, 1)
        XCTAssertEqual(end, compressed.count)
    }

    func testInflateRejectsTruncatedAndCorruptStreams() throws {
        let data = Array(String(repeating: "hello, truncated world ", count: 500).utf8) + pseudoRandomBytes(3000, seed: 4)
        let compressed = try pythonDeflate(data, level: 9)
        for cut in [0, 1, compressed.count / 2, compressed.count - 1] {
            XCTAssertThrowsError(try Inflate.decompress(Array(compressed[0..<cut])), "cut at \(cut)")
        }
        // Block type 3 is reserved.
        XCTAssertThrowsError(try Inflate.decompress([0x07, 0x00]))
        // A stored block whose length check disagrees.
        XCTAssertThrowsError(try Inflate.decompress([0x01, 0x05, 0x00, 0x00, 0x00, 1, 2, 3, 4, 5]))
        // Flipping bytes must throw or give different output, never crash.
        var mutated = 0
        for position in stride(from: 2, to: compressed.count, by: max(1, compressed.count / 40)) {
            var corrupt = compressed
            corrupt[position] ^= 0x5A
            if let output = try? Inflate.decompress(corrupt), output == data { continue }
            mutated += 1
        }
        XCTAssertGreaterThan(mutated, 0)
    }

    func testInflateDecodesHandMadeStoredBlock() throws {
        // BFINAL=1, BTYPE=00, LEN=5, NLEN=~5, then the bytes (RFC 1951 §3.2.4).
        XCTAssertEqual(try Inflate.decompress([0x01, 0x05, 0x00, 0xFA, 0xFF, 1, 2, 3, 4, 5]), [1, 2, 3, 4, 5])
    }

    func testGzipDecodesPythonGzipIncludingConcatenatedMembers() throws {
        let directory = try makeTemporaryDirectory(self)
        let script = """
        import gzip, sys
        a = ('{"task_id": "x/%d", "prompt": "def f():\\\\n"}\\n' * 3000).encode()
        b = bytes(range(256)) * 40
        with open(sys.argv[1] + '/a.gz', 'wb') as f: f.write(gzip.compress(a, 9))
        with open(sys.argv[1] + '/ab.gz', 'wb') as f: f.write(gzip.compress(a, 1) + gzip.compress(b, 6))
        with open(sys.argv[1] + '/named.gz', 'wb') as f:
            with gzip.GzipFile(filename='data.jsonl', mode='wb', fileobj=f, mtime=0) as g: g.write(b)
        open(sys.argv[1] + '/a', 'wb').write(a)
        open(sys.argv[1] + '/b', 'wb').write(b)
        """
        _ = try runPython(script, [directory])
        func read(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))) }
        let a = try read("a"), b = try read("b")
        XCTAssertEqual(try Gzip.decompress(read("a.gz")), a)
        XCTAssertEqual(try Gzip.decompress(read("ab.gz")), a + b)
        XCTAssertEqual(try Gzip.decompress(read("named.gz")), b)
    }

    func testGzipRejectsBadChecksumAndBadMagic() throws {
        let directory = try makeTemporaryDirectory(self)
        _ = try runPython("import gzip, sys; open(sys.argv[1] + '/x.gz', 'wb').write(gzip.compress(b'infill ' * 1000))", [directory])
        let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/x.gz")))
        XCTAssertEqual(try Gzip.decompress(good), Array(String(repeating: "infill ", count: 1000).utf8))
        var badCRC = good
        badCRC[good.count - 8] ^= 1
        XCTAssertThrowsError(try Gzip.decompress(badCRC))
        var badSize = good
        badSize[good.count - 1] ^= 1
        XCTAssertThrowsError(try Gzip.decompress(badSize))
        XCTAssertThrowsError(try Gzip.decompress([0x50, 0x4B] + good.dropFirst(2)))
        XCTAssertThrowsError(try Gzip.decompress(Array(good.prefix(good.count - 3))))
    }
}
