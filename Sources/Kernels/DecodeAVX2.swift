#if arch(x86_64)
import _Builtin_intrinsics.intel
import TensorFormats

/// Vectorized decoding of quantized rows to f32, for the prompt-processing GEMM (which decodes every
/// weight once per call). Results equal `Dequantize` up to rounding (the offset is added with one fused
/// multiply-add), not bit for bit.
enum DecodeAVX2 {
    /// Decodes a row of `type` with `blocks32` blocks of 32 elements into `out`; returns false for
    /// types without a vector decoder.
    static func row(_ type: GGMLType, _ row: UnsafeRawPointer, blocks32: Int, into out: UnsafeMutablePointer<Float>) -> Bool {
        switch type {
        case .q8_0: decode(Q8_0Decoder.self, row, blocks32, out)
        case .q4_0: decode(Q4_0Decoder.self, row, blocks32, out)
        case .q4_1: decode(Q4_1Decoder.self, row, blocks32, out)
        case .q5_0: decode(Q5_0Decoder.self, row, blocks32, out)
        case .q5_1: decode(Q5_1Decoder.self, row, blocks32, out)
        case .q4_K: decode(Q4_KDecoder.self, row, blocks32, out)
        case .q6_K: decode(Q6_KDecoder.self, row, blocks32, out)
        default: return false
        }
        return true
    }

    @inline(__always)
    static func decode<D: BlockDecoder>(_ decoder: D.Type, _ row: UnsafeRawPointer, _ blocks32: Int, _ out: UnsafeMutablePointer<Float>) {
        for index in 0..<blocks32 {
            let b = D.decode(row + (index / D.blocksPerSuper) * D.superBytes, index % D.blocksPerSuper)
            let bytes = unsafeBitCast(b.q, to: SIMD32<UInt8>.self)
            let low = unsafeBitCast(bytes.lowHalf, to: __m128i.self)
            let high = unsafeBitCast(bytes.highHalf, to: __m128i.self)
            let lowScale = _mm256_set1_ps(b.scale * b.lowScale)
            let highScale = _mm256_set1_ps(b.scale * b.highScale)
            let offset = _mm256_set1_ps(b.offset)
            let y = out + 32 * index
            @inline(__always) func chunk(_ c: __m128i, _ scale: __m256, _ at: Int) {
                var ints = D.signed ? _mm256_cvtepi8_epi32(c) : _mm256_cvtepu8_epi32(c)
                if D.offsetBy32 { ints = _mm256_sub_epi32(ints, _mm256_set1_epi32(32)) }
                let v = _mm256_fmadd_ps(_mm256_cvtepi32_ps(ints), scale, offset)
                UnsafeMutableRawPointer(y + at).storeBytes(of: v, as: __m256.self)
            }
            chunk(low, lowScale, 0)
            chunk(_mm_unpackhi_epi64(low, low), lowScale, 8)
            chunk(high, highScale, 16)
            chunk(_mm_unpackhi_epi64(high, high), highScale, 24)
        }
    }
}
#endif
