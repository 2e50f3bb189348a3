import Foundation
import GGUF
import Kernels
import TestSupport
import Tokenizer
import Transformer
import XCTest

/// A branch reads its first rows from its root and the rest from its own storage; single-query attention
/// walks the two parts separately (eight key rows at a time, then the remainder). A token appended to a
/// branch must see exactly what it would see in a root cache holding the same sequence. The shared
/// lengths are multiples of 8, so both layouts group the key rows alike and sum in the same order: the
/// results must then agree to float rounding. (Other splits reorder the sums; the 8-bit quantization of
/// activations downstream amplifies that to about 0.5 in the logits, the same noise ReferenceDecodeTests
/// allows against llama.cpp, so they would not test the layout.) The root path itself is held to
/// llama.cpp by ReferenceDecodeTests.
final class BranchAttentionTests: XCTestCase {
    func testBranchStepsMatchARootCacheHoldingTheSameSequence() throws {
        let file = try GGUFFile(contentsOf: try TestModels.path("smollm2-135m"))
        let tokenizer = try Tokenizer(gguf: file)
        let transformer = try Transformer(file: file)
        let pool = ThreadPool(threadCount: 2)
        let text = "func median(_ values: [Double]) -> Double {\n    let sorted = values.sorted()\n    let middle = sorted.count / 2\n"
        let ids = tokenizer.encode(text, parseSpecial: false)
        XCTAssertGreaterThanOrEqual(ids.count, 30)

        // 30 tokens: the own parts (22 and 14 rows) end in a partial group of eight.
        for shared in [8, 16] {
            let prefix = Array(ids[..<shared])
            // Two root caches and two branches of a third, all holding the same prefix computed the same
            // way; then the same tokens appended to each pair in one batched step (rows of different
            // caches, as beam search does), so the matrix kernels are the same and only the key/value
            // layout differs.
            let roots = (0..<2).map { _ in transformer.makeCache(maximumLength: ids.count + 1) }
            for root in roots { _ = try transformer.evaluate(prefix, cache: root, pool: pool) }
            let base = transformer.makeCache(maximumLength: ids.count + 1)
            _ = try transformer.evaluate(prefix, cache: base, pool: pool)
            let branches = [base.fork(), base.fork()]
            for position in shared..<ids.count {
                let expected = try transformer.step(roots.map { (ids[position], $0) }, pool: pool)
                let actual = try transformer.step(branches.map { (ids[position], $0) }, pool: pool)
                for (mine, theirs) in zip(actual, expected) {
                    let worst = zip(mine, theirs).map { abs($0 - $1) }.max() ?? .infinity
                    XCTAssertLessThan(worst, 1e-3, "shared \(shared), position \(position)")
                }
            }
        }
    }
}
