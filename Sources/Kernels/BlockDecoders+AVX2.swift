#if arch(x86_64)
import _Builtin_intrinsics.intel

/// One 32-element weight block decoded for integer dot products:
/// Σ_i w_i · x_i = scale · d_x · Σ_lanes madd(maddubs(q, x), multiplier) + offset · (d_x · Σ x)
/// where `q` holds unsigned quants (or signed ones when the decoder is `signed`, handled with the sign
/// trick), and `multiplier` holds int16 sub-block scales (all ones when the block has one scale).
///
/// For decoding to f32 (`DecodeAVX2`), element i is scale · subScale(i) · (q_i − 32 if `offsetBy32`)
/// + offset, where subScale is `lowScale` for elements 0–15 and `highScale` for 16–31 (Q6_K's
/// 16-element scales; 1 elsewhere).
struct DecodedBlock {
    var q: __m256i
    var multiplier: __m256i
    var scale: Float
    var offset: Float
    var lowScale: Float = 1
    var highScale: Float = 1
}

/// Decodes blocks of one weight type for the multi-vector integer kernel.
protocol BlockDecoder {
    /// Quants are signed bytes (Q8_0) rather than unsigned.
    static var signed: Bool { get }
    /// Quants are stored +32 (Q6_K): the kernel subtracts 32 · x in 16-bit lanes.
    static var offsetBy32: Bool { get }
    /// Bytes per 32 elements' worth of row (for 256-blocks: per super-block, see `blocksPerSuper`).
    static var superBytes: Int { get }
    /// Number of 32-element blocks per stored block (1 or 8).
    static var blocksPerSuper: Int { get }
    /// Block `k` (0..<blocksPerSuper) of the stored block at `p`.
    static func decode(_ p: UnsafeRawPointer, _ k: Int) -> DecodedBlock
}

enum Q8_0Decoder: BlockDecoder {
    static var signed: Bool { true }
    static var offsetBy32: Bool { false }
    static var superBytes: Int { 34 }
    static var blocksPerSuper: Int { 1 }
    @inline(__always) static func decode(_ p: UnsafeRawPointer, _ k: Int) -> DecodedBlock {
        DecodedBlock(q: (p + 2).loadUnaligned(as: __m256i.self), multiplier: _mm256_set1_epi16(1), scale: loadHalf(p, 0), offset: 0)
    }
}

enum Q4_0Decoder: BlockDecoder {
    static var signed: Bool { false }
    static var offsetBy32: Bool { false }
    static var superBytes: Int { 18 }
    static var blocksPerSuper: Int { 1 }
    @inline(__always) static func decode(_ p: UnsafeRawPointer, _ k: Int) -> DecodedBlock {
        let d = loadHalf(p, 0)
        return DecodedBlock(q: RowDotAVX2.nibbles(p + 2), multiplier: _mm256_set1_epi16(1), scale: d, offset: -8 * d)
    }
}

enum Q4_1Decoder: BlockDecoder {
    static var signed: Bool { false }
    static var offsetBy32: Bool { false }
    static var superBytes: Int { 20 }
    static var blocksPerSuper: Int { 1 }
    @inline(__always) static func decode(_ p: UnsafeRawPointer, _ k: Int) -> DecodedBlock {
        DecodedBlock(q: RowDotAVX2.nibbles(p + 4), multiplier: _mm256_set1_epi16(1), scale: loadHalf(p, 0), offset: loadHalf(p, 2))
    }
}

enum Q5_0Decoder: BlockDecoder {
    static var signed: Bool { false }
    static var offsetBy32: Bool { false }
    static var superBytes: Int { 22 }
    static var blocksPerSuper: Int { 1 }
    @inline(__always) static func decode(_ p: UnsafeRawPointer, _ k: Int) -> DecodedBlock {
        let d = loadHalf(p, 0)
        let q = _mm256_or_si256(RowDotAVX2.nibbles(p + 6), RowDotAVX2.fifthBits(p.loadUnaligned(fromByteOffset: 2, as: UInt32.self)))
        return DecodedBlock(q: q, multiplier: _mm256_set1_epi16(1), scale: d, offset: -16 * d)
    }
}

enum Q5_1Decoder: BlockDecoder {
    static var signed: Bool { false }
    static var offsetBy32: Bool { false }
    static var superBytes: Int { 24 }
    static var blocksPerSuper: Int { 1 }
    @inline(__always) static func decode(_ p: UnsafeRawPointer, _ k: Int) -> DecodedBlock {
        let q = _mm256_or_si256(RowDotAVX2.nibbles(p + 8), RowDotAVX2.fifthBits(p.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
        return DecodedBlock(q: q, multiplier: _mm256_set1_epi16(1), scale: loadHalf(p, 0), offset: loadHalf(p, 2))
    }
}

enum Q4_KDecoder: BlockDecoder {
    static var signed: Bool { false }
    static var offsetBy32: Bool { false }
    static var superBytes: Int { 144 }
    static var blocksPerSuper: Int { 8 }
    @inline(__always) static func decode(_ p: UnsafeRawPointer, _ k: Int) -> DecodedBlock {
        let (sc, m) = Dequantize.scaleMinK4(k, p + 4)
        let bytes = (p + 16 + 32 * (k >> 1)).loadUnaligned(as: __m256i.self)
        let shifted = (k & 1) == 0 ? bytes : _mm256_srli_epi16(bytes, 4)
        let q = _mm256_and_si256(shifted, _mm256_set1_epi8(0x0F))
        return DecodedBlock(q: q, multiplier: _mm256_set1_epi16(1), scale: loadHalf(p, 0) * Float(sc), offset: -loadHalf(p, 2) * Float(m))
    }
}

enum Q6_KDecoder: BlockDecoder {
    static var signed: Bool { false }
    static var offsetBy32: Bool { true }
    static var superBytes: Int { 210 }
    static var blocksPerSuper: Int { 8 }
    /// Block k = 4·half + j covers elements 128·half + 32·j ..< +32.
    @inline(__always) static func decode(_ p: UnsafeRawPointer, _ k: Int) -> DecodedBlock {
        let half = k >> 2, j = k & 3
        let low = (p + 64 * half + 32 * (j & 1)).loadUnaligned(as: __m256i.self)
        let high = (p + 128 + 32 * half).loadUnaligned(as: __m256i.self)
        let lowNibbles = _mm256_and_si256(j < 2 ? low : _mm256_srli_epi16(low, 4), _mm256_set1_epi8(0x0F))
        // Bits 2j..2j+1 of each qh byte go to bits 4..5.
        let shiftedHigh: __m256i
        switch j {
        case 0: shiftedHigh = _mm256_slli_epi16(high, 4)
        case 1: shiftedHigh = _mm256_slli_epi16(high, 2)
        case 2: shiftedHigh = high
        default: shiftedHigh = _mm256_srli_epi16(high, 2)
        }
        let q = _mm256_or_si256(lowNibbles, _mm256_and_si256(shiftedHigh, _mm256_set1_epi8(0x30)))
        let sc = p + 192 + 8 * half + 2 * j
        let s0 = Int16(sc.load(as: Int8.self)), s1 = Int16(sc.load(fromByteOffset: 1, as: Int8.self))
        let multiplier = _mm256_set_m128i(_mm_set1_epi16(s1), _mm_set1_epi16(s0))
        return DecodedBlock(q: q, multiplier: multiplier, scale: loadHalf(p, 208), offset: 0, lowScale: Float(s0), highScale: Float(s1))
    }
}
#endif
