#if arch(x86_64)
import _Builtin_intrinsics.intel
import CPUProbe
import KernelsAVX512
import TensorFormats

/// Integer dot products of quantized weight rows with `Q8Activations` vectors, with AVX2:
/// `vpmaddubsw` multiplies unsigned weight bytes by signed activation bytes and adds pairs,
/// `vpmaddwd` widens to 32 bits (times the sub-block scales), and each block's sum is scaled in f32.
/// Offsets (−8, −16) and mins go through the activation block sums; Q6_K's −32 is subtracted in
/// 16-bit lanes; Q8_0's signed quants use the sign trick.
enum RowDotAVX2 {
    typealias Activation = (values: UnsafePointer<Int8>, scales: UnsafePointer<Float>, sums: UnsafePointer<Float>)

    /// 16 bytes of packed nibbles → 32 bytes: low nibbles (elements 0–15), then high (16–31).
    @inline(__always)
    static func nibbles(_ p: UnsafeRawPointer) -> __m256i {
        let v = p.loadUnaligned(as: __m128i.self)
        let both = _mm256_set_m128i(_mm_srli_epi16(v, 4), v)
        return _mm256_and_si256(both, _mm256_set1_epi8(0x0F))
    }

    /// 32 bits → 32 bytes, 0x10 where the bit is set (the fifth bit of Q5 quants).
    @inline(__always)
    static func fifthBits(_ bits: UInt32) -> __m256i {
        let spread = _mm256_shuffle_epi8(_mm256_set1_epi32(Int32(bitPattern: bits)),
                                         _mm256_setr_epi64x(0, 0x0101_0101_0101_0101, 0x0202_0202_0202_0202, 0x0303_0303_0303_0303))
        let select = _mm256_set1_epi64x(0x7FBF_DFEF_F7FB_FDFE)
        let set = _mm256_cmpeq_epi8(_mm256_or_si256(spread, select), _mm256_set1_epi64x(-1))
        return _mm256_and_si256(set, _mm256_set1_epi8(0x10))
    }

    /// Σ over the 32 elements of a decoded block and an activation block, as 8 f32 lanes (unscaled).
    @inline(__always)
    static func product<D: BlockDecoder>(_ decoder: D.Type, _ b: DecodedBlock, _ xv: __m256i) -> __m256 {
        var p16: __m256i
        if D.signed {
            p16 = _mm256_maddubs_epi16(_mm256_sign_epi8(b.q, b.q), _mm256_sign_epi8(xv, b.q))
        } else {
            p16 = _mm256_maddubs_epi16(b.q, xv)
        }
        if D.offsetBy32 { p16 = _mm256_sub_epi16(p16, _mm256_maddubs_epi16(_mm256_set1_epi8(32), xv)) }
        return _mm256_cvtepi32_ps(_mm256_madd_epi16(p16, b.multiplier))
    }

    /// Prefetches the weights `RowDots.prefetchDistance` bytes ahead of blocks i…i+3 (two lines: four
    /// blocks take 72–136 bytes).
    @inline(__always)
    static func prefetch<D: BlockDecoder>(_ decoder: D.Type, _ row: UnsafeRawPointer, _ i: Int) {
        let ahead = row + (i / D.blocksPerSuper) * D.superBytes + RowDots.prefetchDistance
        infill_prefetch(ahead)
        infill_prefetch(ahead + 64)
    }

    /// The dot product of one weight row (`blocks32` blocks of 32 elements) with `x`. Four
    /// accumulators keep four blocks in flight (one accumulator is latency-bound at 1/4 of the speed).
    @inline(__always)
    static func dot<D: BlockDecoder>(_ decoder: D.Type, _ row: UnsafeRawPointer, _ x: Activation, blocks32: Int) -> Float {
        var acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps(), acc2 = _mm256_setzero_ps(), acc3 = _mm256_setzero_ps()
        var offsets = SIMD4<Float>()
        @inline(__always) func block(_ index: Int, _ acc: inout __m256) -> Float {
            let s = index / D.blocksPerSuper, k = index % D.blocksPerSuper
            let b = D.decode(row + s * D.superBytes, k)
            let xv = UnsafeRawPointer(x.values + 32 * index).loadUnaligned(as: __m256i.self)
            acc = _mm256_fmadd_ps(_mm256_set1_ps(b.scale * x.scales[index]), product(D.self, b, xv), acc)
            return b.offset * x.sums[index]
        }
        var i = 0
        while i + 4 <= blocks32 {
            prefetch(D.self, row, i)
            let o0 = block(i, &acc0), o1 = block(i + 1, &acc1), o2 = block(i + 2, &acc2), o3 = block(i + 3, &acc3)
            offsets += SIMD4(o0, o1, o2, o3)
            i += 4
        }
        while i < blocks32 {
            offsets[0] += block(i, &acc0)
            i += 1
        }
        return _mm256_add_ps(_mm256_add_ps(acc0, acc1), _mm256_add_ps(acc2, acc3)).sum() + offsets.sum()
    }

    /// The dot products of one weight row with two vectors, `x` and `y`, decoding each weight block once
    /// for both (beam search with two live beams multiplies every row by two vectors; decoding is as
    /// much of the work as the products). Each result is summed in the same order as `dot`, so
    /// `dot2(row, x, y)` equals `(dot(row, x), dot(row, y))` exactly.
    @inline(__always)
    static func dot2<D: BlockDecoder>(_ decoder: D.Type, _ row: UnsafeRawPointer, _ x: Activation, _ y: Activation, blocks32: Int) -> (Float, Float) {
        var ax0 = _mm256_setzero_ps(), ax1 = _mm256_setzero_ps(), ax2 = _mm256_setzero_ps(), ax3 = _mm256_setzero_ps()
        var ay0 = _mm256_setzero_ps(), ay1 = _mm256_setzero_ps(), ay2 = _mm256_setzero_ps(), ay3 = _mm256_setzero_ps()
        var offsetsX = SIMD4<Float>(), offsetsY = SIMD4<Float>()
        @inline(__always) func block(_ index: Int, _ accX: inout __m256, _ accY: inout __m256) -> (Float, Float) {
            let s = index / D.blocksPerSuper, k = index % D.blocksPerSuper
            let b = D.decode(row + s * D.superBytes, k)
            let xv = UnsafeRawPointer(x.values + 32 * index).loadUnaligned(as: __m256i.self)
            let yv = UnsafeRawPointer(y.values + 32 * index).loadUnaligned(as: __m256i.self)
            accX = _mm256_fmadd_ps(_mm256_set1_ps(b.scale * x.scales[index]), product(D.self, b, xv), accX)
            accY = _mm256_fmadd_ps(_mm256_set1_ps(b.scale * y.scales[index]), product(D.self, b, yv), accY)
            return (b.offset * x.sums[index], b.offset * y.sums[index])
        }
        var i = 0
        while i + 4 <= blocks32 {
            prefetch(D.self, row, i)
            let o0 = block(i, &ax0, &ay0), o1 = block(i + 1, &ax1, &ay1)
            let o2 = block(i + 2, &ax2, &ay2), o3 = block(i + 3, &ax3, &ay3)
            offsetsX += SIMD4(o0.0, o1.0, o2.0, o3.0)
            offsetsY += SIMD4(o0.1, o1.1, o2.1, o3.1)
            i += 4
        }
        while i < blocks32 {
            let o = block(i, &ax0, &ay0)
            offsetsX[0] += o.0
            offsetsY[0] += o.1
            i += 1
        }
        return (_mm256_add_ps(_mm256_add_ps(ax0, ax1), _mm256_add_ps(ax2, ax3)).sum() + offsetsX.sum(),
                _mm256_add_ps(_mm256_add_ps(ay0, ay1), _mm256_add_ps(ay2, ay3)).sum() + offsetsY.sum())
    }
}
#endif
