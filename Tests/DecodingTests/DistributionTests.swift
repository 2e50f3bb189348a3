import Decoding
import Foundation
import XCTest

/// The distribution helpers the decoders call once per beam per step, against direct computations.
final class DistributionTests: XCTestCase {
    /// Logits spread like a model's (most far below the maximum), over a vocabulary-sized vector whose
    /// length is not a multiple of the eight SIMD lanes.
    private func vocabularyLikeLogits(count: Int) -> [Float] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let uniform = Double(state >> 11) / Double(1 << 53)
            return Float(-12 + 30 * pow(uniform, 8))
        }
    }

    func testLogNormalizerMatchesADoubleSum() {
        for count in [1, 7, 8, 9, 151_937] {
            let logits = vocabularyLikeLogits(count: count)
            let m = Double(logits.max()!)
            let expected = m + log(logits.reduce(0.0) { $0 + exp(Double($1) - m) })
            XCTAssertEqual(Distribution.logNormalizer(logits), expected, accuracy: 1e-5, "count \(count)")
        }
    }

    func testLogSoftmaxSumsToOneAndKeepsDifferences() {
        let logits: [Float] = [2, 1, 0, -1, 30, 29.5, -100, 4, 3]
        let logprobs = Distribution.logSoftmax(logits)
        XCTAssertEqual(logprobs.reduce(0) { $0 + exp($1) }, 1, accuracy: 1e-6)
        XCTAssertEqual(logprobs[4] - logprobs[5], 0.5, accuracy: 1e-6)
        // Two tokens at 30 and 29.5 and the rest negligible: p(4) = 1 / (1 + e^-0.5).
        XCTAssertEqual(logprobs[4], -log(1 + exp(-0.5)), accuracy: 1e-5)
    }

    func testArgmaxTakesTheFirstOfEqualMaximaAndSkipsBannedTokens() {
        let values: [Float] = [1, 5, 3, 5, 4]
        XCTAssertEqual(Distribution.argmax(values), 1)
        XCTAssertEqual(Distribution.argmax(values, banned: [1]), 3)
        XCTAssertEqual(Distribution.argmax(values, banned: [1, 3]), 4)
    }

    func testTopIndicesAreOrderedAndSkipBannedTokens() {
        let values: [Float] = [0.5, 9, -2, 7, 7, 8]
        XCTAssertEqual(Distribution.topIndices(values, 3), [1, 5, 3])
        XCTAssertEqual(Distribution.topIndices(values, 3, banned: [5]), [1, 3, 4])
        XCTAssertEqual(Distribution.topIndices(values, 0), [])
        XCTAssertEqual(Distribution.topIndices(values, 10).count, values.count)
    }
}
