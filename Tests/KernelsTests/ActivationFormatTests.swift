import Kernels
import TensorFormats
import XCTest

/// The integer kernels quantize activations exactly as llama.cpp b4748 does for these weight types
/// (ggml's x86 `quantize_row_q8_0` / `quantize_row_q8_1` and the q4_0/q5_0/q8_0 · q8_0 and q4_1 · q8_1
/// dot products, llamafile's tiled products alike): per 32 elements, bytes round-to-even(x · 127 / max|x|),
/// the scale max|x| / 127 stored as f16, and for Q4_1 the sum term f16(scale · Σ bytes) multiplying the
/// block minimum. The expectation is computed here independently from the block bytes in Double; the
/// kernels may differ from it only by f32 rounding. With f32 activation scales (what the kernels did
/// before) the results are off by about 1e-5 of Σ|w·x|, which each test also checks it could tell apart.
final class ActivationFormatTests: XCTestCase {
    static let pool = ThreadPool(threadCount: 2)
    /// Allowed |kernel − expectation| / Σ_c |w_c · x_c| (f32 accumulation of up to 7 blocks).
    static let tolerance = 1e-6

    func testQ8_0Activations() throws { try check(.q8_0) }
    func testQ5_0Activations() throws { try check(.q5_0) }
    func testQ4_0Activations() throws { try check(.q4_0) }
    func testQ4_1Activations() throws { try check(.q4_1) }

    /// Every integer path of this CPU, at batch sizes that reach each of its kernels for these types.
    func check(_ type: GGMLType) throws {
        let paths = KernelPath.available.filter { $0 >= .avx2 }
        try XCTSkipIf(paths.isEmpty, "no integer kernel path on this CPU (\(CPUFeatures.current.summary)): products are f32")
        let previous = KernelPath.active
        defer { KernelPath.select(previous) }
        for path in paths {
            XCTAssertTrue(KernelPath.select(path))
            // avx2 takes the f32 tiled kernel from batch 12; avxvnni and avx512 the VNNI panel kernel at every batch.
            let batches = path >= .avxvnni ? [1, 2, 3, 7, 11, 17, 64] : [1, 2, 3, 7, 11]
            compare(type, path: path, batches: batches)
        }
    }

    func compare(_ type: GGMLType, path: KernelPath, batches: [Int]) {
        var rng = SeededGenerator(seed: 5)
        let rows = 37, columns = 32 * 7
        let weights = randomWeights(type, rows: rows, columns: columns, using: &rng)
        for batch in batches {
            // Inputs of varied magnitude per block, as activations have.
            var x = randomFloats(batch * columns, using: &rng)
            for i in x.indices { x[i] *= Float(1 + (i / 32) % 5) * 0.7 }
            var output = [Float](repeating: .nan, count: batch * rows)
            weights.withUnsafeBytes { raw in
                MatMul.multiply(WeightMatrix(type: type, rows: rows, columns: columns, data: raw.baseAddress!),
                                input: x, batch: batch, output: &output, pool: Self.pool)
            }
            var worst = 0.0, distinguishable = 0.0
            for b in 0..<batch {
                let vector = Array(x[(b * columns)..<((b + 1) * columns)])
                let ggml = GGMLActivations(vector, roundScalesToHalf: true)
                let f32 = GGMLActivations(vector, roundScalesToHalf: false)
                for r in 0..<rows {
                    let row = Array(weights[(r * rowBytes(type, columns))..<((r + 1) * rowBytes(type, columns))])
                    let (expected, magnitude) = dot(type, row, ggml)
                    let (withF32Scales, _) = dot(type, row, f32)
                    worst = max(worst, abs(Double(output[b * rows + r]) - expected) / magnitude)
                    distinguishable = max(distinguishable, abs(withF32Scales - expected) / magnitude)
                }
            }
            XCTAssertLessThan(worst, Self.tolerance, "\(type) batch \(batch) on \(path.rawValue)")
            XCTAssertGreaterThan(distinguishable, 4 * Self.tolerance, "\(type) batch \(batch): the test cannot tell f32 scales apart")
        }
    }

    func rowBytes(_ type: GGMLType, _ columns: Int) -> Int { type.byteCount(elements: columns) ?? 0 }

    /// One vector quantized as ggml does (or, for the discrimination check, with f32 scales).
    struct GGMLActivations {
        var values: [Int] = []
        var scales: [Double] = []
        /// The term multiplying Q4_1's minimum: f16(unrounded scale · Σ bytes).
        var q8_1Sums: [Double] = []

        init(_ x: [Float], roundScalesToHalf: Bool) {
            for k in 0..<(x.count / 32) {
                let block = x[(32 * k)..<(32 * k + 32)]
                let amax = block.map { abs($0) }.max() ?? 0
                let d: Float = amax / 127
                let inverse: Float = amax != 0 ? 127 / amax : 0
                let q = block.map { Int(($0 * inverse).rounded(.toNearestOrEven)) }
                values += q
                let sum = d * Float(q.reduce(0, +))
                scales.append(Double(roundScalesToHalf ? Float(Float16(d)) : d))
                q8_1Sums.append(Double(roundScalesToHalf ? Float(Float16(sum)) : sum))
            }
        }
    }

    /// (Σ over blocks of d_w · d_x · Σ q_w · q_x (+ m · sum for Q4_1), Σ |w_c · x_c|) in Double,
    /// straight from the block layouts.
    func dot(_ type: GGMLType, _ row: [UInt8], _ x: GGMLActivations) -> (Double, Double) {
        func half(_ at: Int) -> Double { Double(Float(Float16(bitPattern: UInt16(row[at]) | UInt16(row[at + 1]) << 8))) }
        var total = 0.0, magnitude = 0.0
        for k in 0..<x.scales.count {
            var quants = [Int](repeating: 0, count: 32)
            var scale = 0.0, minimum = 0.0
            switch type {
            case .q8_0:
                let base = 34 * k
                scale = half(base)
                for j in 0..<32 { quants[j] = Int(Int8(bitPattern: row[base + 2 + j])) }
            case .q4_0, .q4_1:
                let base = (type == .q4_0 ? 18 : 20) * k
                let nibbles = base + (type == .q4_0 ? 2 : 4)
                scale = half(base)
                if type == .q4_1 { minimum = half(base + 2) }
                let bias = type == .q4_0 ? 8 : 0
                for j in 0..<16 {
                    quants[j] = Int(row[nibbles + j] & 0x0F) - bias
                    quants[j + 16] = Int(row[nibbles + j] >> 4) - bias
                }
            case .q5_0:
                let base = 22 * k
                scale = half(base)
                let high = UInt32(row[base + 2]) | UInt32(row[base + 3]) << 8 | UInt32(row[base + 4]) << 16 | UInt32(row[base + 5]) << 24
                for j in 0..<16 {
                    quants[j] = Int(row[base + 6 + j] & 0x0F | UInt8((high >> j) & 1) << 4) - 16
                    quants[j + 16] = Int(row[base + 6 + j] >> 4 | UInt8((high >> (j + 16)) & 1) << 4) - 16
                }
            default:
                XCTFail("\(type) not covered")
            }
            var integer = 0
            for j in 0..<32 {
                let xq = x.values[32 * k + j]
                integer += quants[j] * xq
                magnitude += abs((scale * Double(quants[j]) + minimum) * x.scales[k] * Double(xq))
            }
            total += scale * x.scales[k] * Double(integer) + minimum * x.q8_1Sums[k]
        }
        return (total, max(magnitude, .leastNonzeroMagnitude))
    }
}
