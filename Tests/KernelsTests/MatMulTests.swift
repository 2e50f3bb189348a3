import Kernels
import TensorFormats
import XCTest

final class MatMulTests: XCTestCase {
    static let pool = ThreadPool(threadCount: 2)

    func testReferenceMultiplyOnHandComputedF32Matrix() {
        // W = [[1, 2, 3], [−1, 0, 0.5]], inputs x0 = [1, 1, 1], x1 = [2, −1, 4].
        let w: [Float] = [1, 2, 3, -1, 0, 0.5]
        let x: [Float] = [1, 1, 1, 2, -1, 4]
        var out = [Float](repeating: .nan, count: 4)
        w.withUnsafeBytes { raw in
            MatMul.referenceMultiply(WeightMatrix(type: .f32, rows: 2, columns: 3, data: raw.baseAddress!), input: x, batch: 2, output: &out)
        }
        XCTAssertEqual(out, [6, -0.5, 12, 0])
    }

    func testMultiplyOnHandWrittenQ8_0Block() {
        // One Q8_0 row: d = 0.5, q[j] = j − 16; input all ones → 0.5 · Σ(j − 16) = 0.5 · (−16) = −8.
        var raw: [UInt8] = [0x00, 0x38]
        raw += (0..<32).map { UInt8(bitPattern: Int8($0 - 16)) }
        let x = [Float](repeating: 1, count: 32)
        var out: [Float] = [.nan]
        raw.withUnsafeBytes { r in
            MatMul.multiply(WeightMatrix(type: .q8_0, rows: 1, columns: 32, data: r.baseAddress!), input: x, batch: 1, output: &out, pool: Self.pool)
        }
        // The integer paths quantize the input as llama.cpp does: bytes 127, scale 1/127 stored as f16
        // (2⁻⁷ · 1.0078125), so 0.5 · 0.00787353515625 · 127 · (−16) = −7.99951171875. Portable: f32, −8.
        let expected: Float = KernelPath.active >= .avx2 ? -7.99951171875 : -8
        XCTAssertEqual(out[0], expected, accuracy: 1e-6)
    }

    func checkAgainstReference(_ type: GGMLType, rows: Int, columns: Int, batches: [Int], tolerance: Double, seed: UInt64 = 1, file: StaticString = #filePath, line: UInt = #line) {
        checkMultiplyAgainstReference(type, rows: rows, columns: columns, batches: batches, tolerance: tolerance, seed: seed, pool: Self.pool, file: file, line: line)
    }

    func testF32MatchesReference() { checkAgainstReference(.f32, rows: 37, columns: 83, batches: [1, 2, 3, 7, 17], tolerance: 1e-6) }
    func testF16MatchesReference() { checkAgainstReference(.f16, rows: 37, columns: 96, batches: [1, 2, 3, 7, 17], tolerance: 1e-6) }
    func testBF16MatchesReference() { checkAgainstReference(.bf16, rows: 21, columns: 64, batches: [1, 3], tolerance: 1e-6) }
    func testQ8_0MatchesReference() { checkAgainstReference(.q8_0, rows: 37, columns: 32 * 7, batches: [1, 2, 3, 7, 11, 17], tolerance: 0.003) }
    func testQ5_0MatchesReference() { checkAgainstReference(.q5_0, rows: 37, columns: 32 * 7, batches: [1, 2, 3, 7, 11, 17], tolerance: 0.003) }
    func testQ4_0MatchesReference() { checkAgainstReference(.q4_0, rows: 19, columns: 32 * 5, batches: [1, 2, 3, 17], tolerance: 0.003) }
    func testQ4_1MatchesReference() { checkAgainstReference(.q4_1, rows: 37, columns: 32 * 7, batches: [1, 2, 3, 7, 11, 17], tolerance: 0.003) }
    func testQ5_1MatchesReference() { checkAgainstReference(.q5_1, rows: 19, columns: 32 * 5, batches: [1, 2, 3, 17], tolerance: 0.003) }
    func testQ4_KMatchesReference() { checkAgainstReference(.q4_K, rows: 37, columns: 256 * 3, batches: [1, 2, 3, 4, 5, 7, 17], tolerance: 0.003) }
    func testQ5_KMatchesReference() { checkAgainstReference(.q5_K, rows: 19, columns: 256 * 2, batches: [1, 3, 17], tolerance: 0.003) }
    func testQ6_KMatchesReference() { checkAgainstReference(.q6_K, rows: 37, columns: 256 * 3, batches: [1, 2, 3, 4, 5, 7, 17], tolerance: 0.003) }

    func testLargeBatchAndManyRowsMatchReference() {
        // 70 tokens cross the k-quant kernel's token block (64 tokens at these widths: 56 at 2304)
        // and leave a partial 4-token tile; 203 rows leave a partial 16-row task and a lone last row.
        checkAgainstReference(.q4_K, rows: 203, columns: 512, batches: [64, 70], tolerance: 0.003, seed: 2)
        checkAgainstReference(.q6_K, rows: 203, columns: 2304, batches: [70], tolerance: 0.003, seed: 4)
        checkAgainstReference(.q8_0, rows: 131, columns: 896, batches: [64], tolerance: 0.003, seed: 3)
    }

    /// Two vectors multiplied together (two live beams) give bit for bit what each gives alone, for the
    /// types whose rows are decoded once for both vectors: a beam's scores do not depend on its sibling.
    func testTwoVectorsGiveExactlyTheSingleVectorResults() {
        var rng = SeededGenerator(seed: 11)
        let rows = 23
        for type in [GGMLType.q8_0, .q5_0, .q4_0, .q4_1, .q5_1, .q4_K, .q6_K] {
            let columns = type == .q4_K || type == .q6_K ? 256 * 3 : 32 * 9
            let weights = randomWeights(type, rows: rows, columns: columns, using: &rng)
            let x = randomFloats(2 * columns, using: &rng)
            weights.withUnsafeBytes { raw in
                let w = WeightMatrix(type: type, rows: rows, columns: columns, data: raw.baseAddress!)
                var both = [Float](repeating: .nan, count: 2 * rows)
                MatMul.multiply(w, input: x, batch: 2, output: &both, pool: Self.pool)
                for b in 0..<2 {
                    var alone = [Float](repeating: .nan, count: rows)
                    MatMul.multiply(w, input: Array(x[(b * columns)..<((b + 1) * columns)]), batch: 1, output: &alone, pool: Self.pool)
                    XCTAssertEqual(Array(both[(b * rows)..<((b + 1) * rows)]), alone, "\(type) vector \(b)")
                }
            }
        }
    }

    /// Up to four vectors (four samples or beams of a code task) give bit for bit what each gives alone,
    /// for Q4_K and Q6_K on every kernel path: on `avx512` the kernel decodes a super-block once for four
    /// vectors, then two, then one, and a vector's result must not depend on which of those it went through.
    func testUpToFourVectorsGiveExactlyTheSingleVectorResultsOnEveryPath() {
        let previous = KernelPath.active
        defer { KernelPath.select(previous) }
        var rng = SeededGenerator(seed: 12)
        let rows = 29
        for path in KernelPath.available {
            XCTAssertTrue(KernelPath.select(path))
            for type in [GGMLType.q4_K, .q6_K] {
                let columns = 256 * 3
                let weights = randomWeights(type, rows: rows, columns: columns, using: &rng)
                let x = randomFloats(4 * columns, using: &rng)
                weights.withUnsafeBytes { raw in
                    let w = WeightMatrix(type: type, rows: rows, columns: columns, data: raw.baseAddress!)
                    var alone: [[Float]] = []
                    for b in 0..<4 {
                        var out = [Float](repeating: .nan, count: rows)
                        MatMul.multiply(w, input: Array(x[(b * columns)..<((b + 1) * columns)]), batch: 1, output: &out, pool: Self.pool)
                        alone.append(out)
                    }
                    for batch in 2...4 {
                        var together = [Float](repeating: .nan, count: batch * rows)
                        MatMul.multiply(w, input: Array(x[0..<(batch * columns)]), batch: batch, output: &together, pool: Self.pool)
                        for b in 0..<batch {
                            XCTAssertEqual(Array(together[(b * rows)..<((b + 1) * rows)]), alone[b], "\(type) vector \(b) of \(batch), \(path.rawValue) path")
                        }
                    }
                }
            }
        }
    }

    func testSingleThreadPoolGivesSameResultsAsTwoThreads() {
        var rng = SeededGenerator(seed: 9)
        let rows = 45, columns = 256
        let weights = randomWeights(.q6_K, rows: rows, columns: columns, using: &rng)
        let x = randomFloats(5 * columns, using: &rng)
        var one = [Float](repeating: 0, count: 5 * rows)
        var two = [Float](repeating: 1, count: 5 * rows)
        weights.withUnsafeBytes { raw in
            let w = WeightMatrix(type: .q6_K, rows: rows, columns: columns, data: raw.baseAddress!)
            MatMul.multiply(w, input: x, batch: 5, output: &one, pool: ThreadPool(threadCount: 1))
            MatMul.multiply(w, input: x, batch: 5, output: &two, pool: Self.pool)
        }
        XCTAssertEqual(one, two)
    }
}
