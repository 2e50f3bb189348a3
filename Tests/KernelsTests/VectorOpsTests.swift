import Kernels
import XCTest

final class VectorOpsTests: XCTestCase {
    /// Awkward lengths: below one vector, between vector widths, and long with a tail.
    let lengths = [1, 7, 15, 16, 17, 31, 33, 100, 896, 1003]

    func testDotMatchesReference() {
        var rng = SeededGenerator(seed: 4)
        for n in lengths {
            let a = randomFloats(n, using: &rng), b = randomFloats(n, using: &rng)
            let expected = VectorOps.Reference.dot(a, b, count: n)
            XCTAssertEqual(Double(VectorOps.dot(a, b, count: n)), expected, accuracy: 1e-5 * Double(n).squareRoot(), "n = \(n)")
        }
        XCTAssertEqual(VectorOps.dot([1, 2, 3], [4, 5, 6], count: 3), 32)
    }

    func testRMSNormMatchesReferenceAndHandValue() {
        var rng = SeededGenerator(seed: 5)
        for n in lengths {
            let x = randomFloats(n, using: &rng), w = randomFloats(n, using: &rng)
            var fast = [Float](repeating: 0, count: n), expected = fast
            VectorOps.rmsNorm(x, weight: w, count: n, epsilon: 1e-6, into: &fast)
            VectorOps.Reference.rmsNorm(x, weight: w, count: n, epsilon: 1e-6, into: &expected)
            for i in 0..<n { XCTAssertEqual(fast[i], expected[i], accuracy: 1e-5 * max(1, abs(expected[i])), "n = \(n), i = \(i)") }
        }
        // x = [3, 4]: mean square 12.5, so out = x / sqrt(12.5) · w.
        var out: [Float] = [0, 0]
        VectorOps.rmsNorm([3, 4], weight: [1, 2], count: 2, epsilon: 0, into: &out)
        XCTAssertEqual(out[0], Float(3 / 12.5.squareRoot()), accuracy: 1e-6)
        XCTAssertEqual(out[1], Float(8 / 12.5.squareRoot()), accuracy: 1e-6)
    }

    func testSoftmaxMatchesReferenceAndSumsToOne() {
        var rng = SeededGenerator(seed: 6)
        for n in lengths {
            var fast = randomFloats(n, using: &rng).map { $0 * 20 }
            var expected = fast
            VectorOps.softmax(&fast, count: n)
            VectorOps.Reference.softmax(&expected, count: n)
            for i in 0..<n { XCTAssertEqual(fast[i], expected[i], accuracy: 1e-6, "n = \(n)") }
            XCTAssertEqual(fast.reduce(0, +), 1, accuracy: 1e-4)
        }
        var two: [Float] = [0, Float(log(3.0))]
        VectorOps.softmax(&two, count: 2)
        XCTAssertEqual(two[0], 0.25, accuracy: 1e-6)
    }

    func testSwigluMatchesReference() {
        var rng = SeededGenerator(seed: 7)
        for n in lengths {
            var gate = randomFloats(n, using: &rng).map { $0 * 8 }
            let up = randomFloats(n, using: &rng)
            var expected = gate
            VectorOps.swiglu(gate: &gate, up: up, count: n)
            VectorOps.Reference.swiglu(gate: &expected, up: up, count: n)
            for i in 0..<n { XCTAssertEqual(gate[i], expected[i], accuracy: 1e-5 * max(1, abs(expected[i]))) }
        }
        // silu(0) = 0, silu(x) → x for large x.
        var g: [Float] = [0, 30]
        VectorOps.swiglu(gate: &g, up: [5, 2], count: 2)
        XCTAssertEqual(g, [0, 60])
    }

    func testSiluMatchesDoubleFormula() {
        var rng = SeededGenerator(seed: 12)
        for n in lengths {
            let original = randomFloats(n, using: &rng).map { $0 * 40 }
            var x = original
            VectorOps.silu(&x, count: n)
            for i in 0..<n {
                let g = Double(original[i])
                XCTAssertEqual(Double(x[i]), g / (1 + Foundation.exp(-g)), accuracy: 1e-6 * max(1, abs(g)), "x = \(g)")
            }
        }
    }

    func testAddScaleAndAxpy() {
        var rng = SeededGenerator(seed: 8)
        for n in lengths {
            let a = randomFloats(n, using: &rng), b = randomFloats(n, using: &rng)
            var sum = a
            VectorOps.add(&sum, b, count: n)
            XCTAssertEqual(sum, zip(a, b).map { $0 + $1 })
            var scaled = a
            VectorOps.scale(&scaled, by: 3, count: n)
            XCTAssertEqual(scaled, a.map { $0 * 3 })
            var acc = a
            VectorOps.axpy(0.5, b, into: &acc, count: n)
            for i in 0..<n { XCTAssertEqual(acc[i], a[i] + 0.5 * b[i], accuracy: 1e-6) }
        }
    }

    func testLogSumExpMatchesADoubleComputation() {
        for count in [1, 7, 8, 37, 151_936] {
            var state: UInt64 = UInt64(count)
            let x: [Float] = (0..<count).map { _ in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return Float(Int(state >> 40) % 4000) / 100 - 20      // −20 … 20, like logits
            }
            let m = Double(x.max()!)
            let expected = m + log(x.reduce(0.0) { $0 + exp(Double($1) - m) })
            let actual = x.withUnsafeBufferPointer { VectorOps.logSumExp($0.baseAddress!, count: count) }
            XCTAssertEqual(Double(actual), expected, accuracy: 1e-4, "count \(count)")
        }
    }
}
