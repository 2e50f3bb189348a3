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
