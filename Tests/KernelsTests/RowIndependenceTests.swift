import Kernels
import TensorFormats
import XCTest

/// A row's matrix-vector product does not depend on which rows are computed with it: on `avx512` the row
/// dots take four rows at a time (sharing the activation load, the scale conversions and one transposed
/// final reduction) and the rest one at a time, and both must sum each row in the same order, bit for bit.
/// Checked on every path this CPU has: the whole matrix at once against each row as a matrix of its own.
final class RowIndependenceTests: XCTestCase {
    static let pool = ThreadPool(threadCount: 2)

    func testEachRowEqualsItselfAlone() {
        let previous = KernelPath.active
        defer { KernelPath.select(previous) }
        // 576 columns: SmolLM2's 18 blocks per row; 32 · 7: an odd block count (one row at a time).
        let shapes: [(GGMLType, Int)] = [(.q4_1, 576), (.q8_0, 576), (.q5_0, 576), (.q4_0, 576), (.q5_1, 576), (.q4_1, 1536),
                                         (.q5_0, 32 * 7), (.q4_K, 512)]
        var rng = SeededGenerator(seed: 29)
        for path in KernelPath.available {
            XCTAssertTrue(KernelPath.select(path))
            for (type, columns) in shapes {
                let rows = 37
                let rowBytes = type.byteCount(elements: columns) ?? 0
                let weights = randomWeights(type, rows: rows, columns: columns, using: &rng)
                var x = randomFloats(columns, using: &rng)
                for i in x.indices { x[i] *= Float(1 + (i / 32) % 5) }
                var together = [Float](repeating: .nan, count: rows)
                var alone = [Float](repeating: .nan, count: rows)
                weights.withUnsafeBytes { raw in
                    MatMul.multiply(WeightMatrix(type: type, rows: rows, columns: columns, data: raw.baseAddress!),
                                    input: x, batch: 1, output: &together, pool: Self.pool)
                    for r in 0..<rows {
                        var one: [Float] = [.nan]
                        MatMul.multiply(WeightMatrix(type: type, rows: 1, columns: columns, data: raw.baseAddress! + r * rowBytes),
                                        input: x, batch: 1, output: &one, pool: Self.pool)
                        alone[r] = one[0]
                    }
                }
                XCTAssertFalse(together.contains { !$0.isFinite }, "\(type) ×\(columns) on \(path.rawValue): a result was not written")
                let differing = zip(together, alone).filter { $0.bitPattern != $1.bitPattern }.count
                XCTAssertEqual(differing, 0, "\(type) ×\(columns) on \(path.rawValue): \(differing) of \(rows) rows differ from themselves alone")
            }
        }
    }
}
