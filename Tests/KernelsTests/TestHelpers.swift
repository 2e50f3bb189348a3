import Kernels
import TensorFormats
import XCTest

/// Bytes from a hex string (fixtures pasted from real model files).
func bytes(hex: String) -> [UInt8] {
    var result: [UInt8] = []
    var iterator = hex.makeIterator()
    while let high = iterator.next(), let low = iterator.next() {
        result.append(UInt8(String([high, low]), radix: 16) ?? 0)
    }
    return result
}

/// A deterministic generator (SplitMix64) so failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random weight bytes of `type` for `rows × columns`, with every f16 scale replaced by a small
/// finite value so no block decodes to NaN or infinity.
func randomWeights(_ type: GGMLType, rows: Int, columns: Int, using rng: inout SeededGenerator) -> [UInt8] {
    let count = rows * (type.byteCount(elements: columns) ?? 0)
    var data = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
    func setHalf(_ offset: Int, _ value: Float) {
        let bits = Float16(value).bitPattern
        data[offset] = UInt8(bits & 0xFF)
        data[offset + 1] = UInt8(bits >> 8)
    }
    let blocks = count / type.blockBytes
    for b in 0..<blocks {
        let base = b * type.blockBytes
        let d = Float.random(in: 0.001...0.02, using: &rng)
        let m = Float.random(in: -0.05...0.05, using: &rng)
        switch type {
        case .f16: setHalf(base, Float.random(in: -1...1, using: &rng))
        case .bf16:
            let bits = Float.random(in: -1...1, using: &rng).bitPattern >> 16
            data[base] = UInt8(bits & 0xFF)
            data[base + 1] = UInt8(bits >> 8)
        case .f32:
            withUnsafeBytes(of: Float.random(in: -1...1, using: &rng)) { for i in 0..<4 { data[base + i] = $0[i] } }
        case .q4_0, .q5_0, .q8_0: setHalf(base, d)
        case .q4_1, .q5_1, .q4_K, .q5_K:
            setHalf(base, d)
            setHalf(base + 2, type == .q4_K || type == .q5_K ? abs(m) * 0.1 : m)
        case .q6_K: setHalf(base + 208, d)
        default: break
        }
    }
    return data
}

/// Random floats in -1...1.
func randomFloats(_ count: Int, using rng: inout SeededGenerator) -> [Float] {
    (0..<count).map { _ in Float.random(in: -1...1, using: &rng) }
}

/// Holds `multiply` to `referenceMultiply` within `tolerance` · ‖W_r‖ · ‖x_b‖ per output: activation
/// quantization to 8 bits per 32-element block gives errors of this relative size.
func checkMultiplyAgainstReference(_ type: GGMLType, rows: Int, columns: Int, batches: [Int], tolerance: Double, seed: UInt64 = 1,
                                   pool: ThreadPool, file: StaticString = #filePath, line: UInt = #line) {
    var rng = SeededGenerator(seed: seed)
    let weights = randomWeights(type, rows: rows, columns: columns, using: &rng)
    weights.withUnsafeBytes { raw in
        let w = WeightMatrix(type: type, rows: rows, columns: columns, data: raw.baseAddress!)
        var rowNorms = [Double](repeating: 0, count: rows)
        var decoded = [Float](repeating: 0, count: columns)
        for r in 0..<rows {
            Dequantize.row(w, r, into: &decoded)
            rowNorms[r] = decoded.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        }
        for batch in batches {
            let x = randomFloats(batch * columns, using: &rng)
            var fast = [Float](repeating: .nan, count: batch * rows)
            var expected = [Float](repeating: .nan, count: batch * rows)
            MatMul.multiply(w, input: x, batch: batch, output: &fast, pool: pool)
            MatMul.referenceMultiply(w, input: x, batch: batch, output: &expected)
            var worst = 0.0
            for b in 0..<batch {
                let xNorm = x[(b * columns)..<((b + 1) * columns)].reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
                for r in 0..<rows {
                    let error = abs(Double(fast[b * rows + r]) - Double(expected[b * rows + r]))
                    worst = max(worst, error / max(rowNorms[r] * xNorm, 1e-30))
                }
            }
            XCTAssertLessThanOrEqual(worst, tolerance, "\(type) \(rows)×\(columns) batch \(batch), \(KernelPath.active.rawValue) path", file: file, line: line)
        }
    }
}
