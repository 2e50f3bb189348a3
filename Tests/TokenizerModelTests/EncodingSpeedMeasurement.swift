import Foundation
import TestSupport
import Tokenizer
import XCTest

/// A measurement run by hand, not a timed test: `INFILL_MEASURE_TOKENIZER=1 swift test -c release
/// --filter EncodingSpeedMeasurement`. It prints how long encoding about 100 KB of Swift source takes.
final class EncodingSpeedMeasurement: XCTestCase {
    func testMeasureEncodingOf100KBOfSource() throws {
        guard ProcessInfo.processInfo.environment["INFILL_MEASURE_TOKENIZER"] == "1" else {
            throw XCTSkip("set INFILL_MEASURE_TOKENIZER=1 to measure")
        }
        let text = try hundredKilobytesOfSource()
        for (name, tokenizer) in [("qwen2.5-coder", try require(TokenizerFixtures.qwen)),
                                  ("smollm2", try require(TokenizerFixtures.smol))] {
            var best = Double.infinity
            var count = 0
            for _ in 0..<10 {
                let start = DispatchTime.now().uptimeNanoseconds
                count = tokenizer.encode(text, parseSpecial: false).count
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            print("\(name): encode \(text.utf8.count) bytes -> \(count) tokens, best of 10: \(best) ms")
            XCTAssertGreaterThan(count, 0)
        }
    }

    /// The repository's own Swift sources, concatenated in path order and cut to 100 KiB.
    private func hundredKilobytesOfSource() throws -> String {
        let sources = URL(fileURLWithPath: PackageRoot.path).appendingPathComponent("Sources")
        let enumerator = FileManager.default.enumerator(atPath: sources.path)
        let paths = (enumerator?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".swift") }.sorted()
        var bytes: [UInt8] = []
        for path in paths where bytes.count < 102_400 {
            bytes += try Data(contentsOf: sources.appendingPathComponent(path))
        }
        bytes = Array(bytes.prefix(102_400))
        while let last = bytes.last, last & 0xC0 == 0x80 || last >= 0xC0 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
