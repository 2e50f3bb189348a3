import Kernels
import TensorFormats
import XCTest

/// The `avx2` path's panel kernel (`vpmaddubsw`, 16-bit sums over several groups before widening): its products
/// equal the VNNI paths' bit for bit (which are held to llama.cpp's reference decode data), and its 16-bit sums
/// never saturate, even with every quant at its largest and every activation byte at ±127. (Its check against
/// the plain reference on random weights is in `KernelPathTests`.)
final class AVX2PanelTests: XCTestCase {
    static let pool = ThreadPool(threadCount: 2)
    /// The types the kernel takes, with widths that leave partial groups of blocks.
    static let shapes: [(GGMLType, Int)] = [(.q4_0, 32 * 5), (.q4_1, 32 * 7), (.q5_0, 32 * 7), (.q5_1, 32 * 5),
                                            (.q4_K, 256 * 3), (.q6_K, 256 * 3), (.q5_0, 896)]
    /// Batch sizes from the kernel's smallest (5; Q6_K's 32) past one tile of 8, with partial passes.
    static let batches = [5, 8, 9, 13, 33]

    func product(_ weights: [UInt8], _ type: GGMLType, rows: Int, columns: Int, x: [Float], batch: Int) -> [Float] {
        var output = [Float](repeating: .nan, count: batch * rows)
        weights.withUnsafeBytes { raw in
            MatMul.multiply(WeightMatrix(type: type, rows: rows, columns: columns, data: raw.baseAddress!),
                            input: x, batch: batch, output: &output, pool: Self.pool)
        }
        return output
    }

    func testProductsEqualTheVNNIPathsBitForBit() throws {
        try XCTSkipUnless(KernelPath.avx2.isAvailable, "no avx2 path: this CPU has only \(CPUFeatures.current.summary)")
        let others = KernelPath.available.filter { $0 == .avxvnni || $0 == .avx512 }
        try XCTSkipIf(others.isEmpty, "no VNNI path to compare with: this CPU has only \(CPUFeatures.current.summary)")
        let previous = KernelPath.active
        defer { KernelPath.select(previous) }
        var rng = SeededGenerator(seed: 23)
        for (type, columns) in Self.shapes {
            let rows = 45   // two full 16-row panels and a partial one of 13 rows
            let weights = randomWeights(type, rows: rows, columns: columns, using: &rng)
            // Below `avx2PanelMinimumBatch` (Q6_K: 32) the avx2 path multiplies with the k-quant kernel, not its panel.
            for batch in Self.batches where batch >= MatMul.avx2PanelMinimumBatch(type) {
                let x = randomFloats(batch * columns, using: &rng)
                XCTAssertTrue(KernelPath.select(.avx2))
                let ours = product(weights, type, rows: rows, columns: columns, x: x, batch: batch)
                XCTAssertFalse(ours.contains { !$0.isFinite }, "\(type) batch \(batch): a result was not written")
                for other in others {
                    XCTAssertTrue(KernelPath.select(other))
                    let theirs = product(weights, type, rows: rows, columns: columns, x: x, batch: batch)
                    let differing = zip(ours, theirs).filter { $0.bitPattern != $1.bitPattern }.count
                    XCTAssertEqual(differing, 0, "\(type) ×\(columns) batch \(batch): avx2 and \(other.rawValue) differ in \(differing) of \(batch * rows) results")
                }
            }
        }
    }

    /// Every quant byte at its largest (15, 31 or 63) and every activation the same, so every byte product is
    /// 127 · q_max with one sign: the 16-bit sums are at their bound (30 480, 31 496, 32 004), and a run of one
    /// group more would wrap. Held to the plain reference as `checkMultiplyAgainstReference` holds random weights.
    func testLargestQuantsDoNotSaturate() throws {
        try XCTSkipUnless(KernelPath.avx2.isAvailable, "no avx2 path: this CPU has only \(CPUFeatures.current.summary)")
        let previous = KernelPath.active
        defer { KernelPath.select(previous) }
        XCTAssertTrue(KernelPath.select(.avx2))
        var rng = SeededGenerator(seed: 29)
        for (type, columns) in Self.shapes {
            let rows = 21
            var weights = randomWeights(type, rows: rows, columns: columns, using: &rng)
            // The bytes of each block that hold quants (scales stay random but finite).
            let quantBytes: Range<Int>
            switch type {
            case .q4_0: quantBytes = 2..<18
            case .q4_1: quantBytes = 4..<20
            case .q5_0: quantBytes = 2..<22
            case .q5_1: quantBytes = 4..<24
            case .q4_K: quantBytes = 16..<144
            default: quantBytes = 0..<192   // Q6_K: the low 4 and high 2 bits
            }
            // Q4_1/Q5_1's minimum and Q4_K's dmin are set to 0: an offset that nearly cancels the quants' term
            // would leave f16 rounding of the activations' sums larger than the bound below.
            let zeroMinimum = type == .q4_1 || type == .q5_1 || type == .q4_K
            for block in 0..<(weights.count / type.blockBytes) {
                for i in quantBytes { weights[block * type.blockBytes + i] = 0xFF }
                if zeroMinimum { weights[block * type.blockBytes + 2] = 0; weights[block * type.blockBytes + 3] = 0 }
            }
            for sign: Float in [1, -1] {
                let batch = 33
                let x = [Float](repeating: sign * 0.5, count: batch * columns)
                let ours = product(weights, type, rows: rows, columns: columns, x: x, batch: batch)
                var expected = [Float](repeating: .nan, count: batch * rows)
                weights.withUnsafeBytes { raw in
                    MatMul.referenceMultiply(WeightMatrix(type: type, rows: rows, columns: columns, data: raw.baseAddress!),
                                             input: x, batch: batch, output: &expected)
                }
                var worst = 0.0
                weights.withUnsafeBytes { raw in
                    let w = WeightMatrix(type: type, rows: rows, columns: columns, data: raw.baseAddress!)
                    var decoded = [Float](repeating: 0, count: columns)
                    for r in 0..<rows {
                        Dequantize.row(w, r, into: &decoded)
                        let bound = decoded.reduce(0.0) { $0 + abs(Double($1)) } * 0.5   // Σ|w · x|
                        for b in 0..<batch {
                            worst = max(worst, abs(Double(ours[b * rows + r]) - Double(expected[b * rows + r])) / max(bound, 1e-30))
                        }
                    }
                }
                XCTAssertLessThanOrEqual(worst, 1e-3, "\(type) ×\(columns), activations \(sign * 0.5): off by \(worst) of Σ|w·x|")
            }
        }
    }
}
