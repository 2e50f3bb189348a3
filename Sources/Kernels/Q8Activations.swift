#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// Activation vectors quantized to 8 bits in blocks of 32, as llama.cpp does before an integer dot
/// product with quantized weights: element i ≈ scales[i / 32] · values[i]. `sums[k]` is
/// scales[k] · Σ values of block k, used for the offset terms of Q4_0/Q4_1/Q5_0/Q4_K.
/// The scales stay f32 (ggml rounds them to f16), which only makes the result closer to exact.
struct Q8Activations {
    let values: UnsafeMutablePointer<Int8>
    let scales: UnsafeMutablePointer<Float>
    let sums: UnsafeMutablePointer<Float>
    /// Elements per vector (a multiple of 32).
    let count: Int
    /// Number of vectors.
    let batch: Int

    /// Allocates room for `batch` vectors of `count` elements; release with `deallocate()`.
    init(count: Int, batch: Int) {
        self.count = count
        self.batch = batch
        values = .allocate(capacity: count * batch)
        scales = .allocate(capacity: count / 32 * batch)
        sums = .allocate(capacity: count / 32 * batch)
    }

    func deallocate() {
        values.deallocate()
        scales.deallocate()
        sums.deallocate()
    }

    /// Vector `b` as (values, scales, sums) pointers.
    @inline(__always)
    func vector(_ b: Int) -> (values: UnsafePointer<Int8>, scales: UnsafePointer<Float>, sums: UnsafePointer<Float>) {
        (UnsafePointer(values + b * count), UnsafePointer(scales + b * count / 32), UnsafePointer(sums + b * count / 32))
    }

    /// Quantizes vector `b` from `x` (`count` floats): per block, scale = max|x| / 127 and
    /// value = round(x / scale).
    func quantize(_ b: Int, from x: UnsafePointer<Float>) {
        let blocks = count / 32
        let q = values + b * count
        let d = scales + b * blocks
        let s = sums + b * blocks
        for k in 0..<blocks {
            let (scale, sum) = Self.quantizeBlock(x + 32 * k, into: q + 32 * k)
            d[k] = scale
            s[k] = scale * Float(sum)
        }
    }

    #if arch(x86_64)
    /// One block of 32 with AVX2: returns (scale, Σ values).
    @inline(__always)
    static func quantizeBlock(_ x: UnsafePointer<Float>, into q: UnsafeMutablePointer<Int8>) -> (Float, Int32) {
        let v0 = load8(x), v1 = load8(x + 8), v2 = load8(x + 16), v3 = load8(x + 24)
        let m = _mm256_max_ps(_mm256_max_ps(abs8(v0), abs8(v1)), _mm256_max_ps(abs8(v2), abs8(v3)))
        let m4 = _mm_max_ps(m.lowHalf, m.highHalf)   // (`SIMD.max()` is not inlined: it becomes a call.)
        let amax = Swift.max(Swift.max(m4[0], m4[1]), Swift.max(m4[2], m4[3]))
        let scale = amax / 127
        let inverse: Float = amax > 0 ? 127 / amax : 0
        let i0 = _mm256_cvtps_epi32(v0 * inverse), i1 = _mm256_cvtps_epi32(v1 * inverse)
        let i2 = _mm256_cvtps_epi32(v2 * inverse), i3 = _mm256_cvtps_epi32(v3 * inverse)
        let total = unsafeBitCast(_mm256_add_epi32(_mm256_add_epi32(i0, i1), _mm256_add_epi32(i2, i3)), to: SIMD8<Int32>.self).wrappedSum()
        // packs works within 128-bit lanes; the permute restores element order.
        let p01 = _mm256_packs_epi32(i0, i1), p23 = _mm256_packs_epi32(i2, i3)
        let packed = _mm256_packs_epi16(p01, p23)
        let ordered = _mm256_permutevar8x32_epi32(packed, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7))
        UnsafeMutableRawPointer(q).storeBytes(of: ordered, as: __m256i.self)
        return (scale, total)
    }

    @inline(__always)
    static func abs8(_ v: SIMD8<Float>) -> SIMD8<Float> {
        _mm256_andnot_ps(_mm256_set1_ps(-0.0), v)
    }
    #else
    /// One block of 32, portable: returns (scale, Σ values).
    @inline(__always)
    static func quantizeBlock(_ x: UnsafePointer<Float>, into q: UnsafeMutablePointer<Int8>) -> (Float, Int32) {
        var amax: Float = 0
        for i in 0..<32 { amax = max(amax, abs(x[i])) }
        let inverse: Float = amax > 0 ? 127 / amax : 0
        var total: Int32 = 0
        for i in 0..<32 {
            let v = Int8((x[i] * inverse).rounded(.toNearestOrEven))
            q[i] = v
            total += Int32(v)
        }
        return (amax / 127, total)
    }
    #endif
}
