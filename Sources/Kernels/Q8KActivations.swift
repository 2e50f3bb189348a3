#if arch(x86_64)
import _Builtin_intrinsics.intel

/// An activation vector quantized to 8 bits with one scale per 256 elements, and the sum of every 16
/// values (ggml's Q8_K): element i ≈ scales[i / 256] · values[i].
///
/// Used with the k-quants (Q4_K, Q6_K), whose sub-block scales are small integers: with one activation
/// scale per super-block, a whole super-block's products can be summed in 32-bit integers (the
/// sub-block scales applied by `vpmaddwd`) and converted to float once, instead of once per 32 elements.
/// The 16-element sums give the minimum (Q4_K) and offset (Q6_K) terms in integers too.
struct Q8KActivations {
    let values: UnsafeMutablePointer<Int8>
    let scales: UnsafeMutablePointer<Float>
    /// Sums of every 16 values (at most 16 · 127 in magnitude, so 16 bits hold them).
    let sums16: UnsafeMutablePointer<Int16>
    /// Elements (a multiple of 256).
    let count: Int

    /// Allocates room for `count` elements; release with `deallocate()`.
    init(count: Int) {
        self.count = count
        values = .allocate(capacity: count)
        scales = .allocate(capacity: max(1, count / 256))
        sums16 = .allocate(capacity: max(1, count / 16))
    }

    /// A view of storage owned elsewhere (see `Q8KBatch.vector`).
    init(values: UnsafeMutablePointer<Int8>, scales: UnsafeMutablePointer<Float>, sums16: UnsafeMutablePointer<Int16>, count: Int) {
        self.values = values
        self.scales = scales
        self.sums16 = sums16
        self.count = count
    }

    func deallocate() {
        values.deallocate()
        scales.deallocate()
        sums16.deallocate()
    }

    /// Quantizes `x` (`count` floats): per 256, scale = max|x| / 127 and value = round(x / scale).
    func quantize(from x: UnsafePointer<Float>) {
        for s in 0..<(count / 256) {
            let block = x + 256 * s
            var m = _mm256_setzero_ps()
            for k in 0..<32 { m = _mm256_max_ps(m, Q8Activations.abs8(load8(block + 8 * k))) }
            let m4 = _mm_max_ps(m.lowHalf, m.highHalf)
            let amax = Swift.max(Swift.max(m4[0], m4[1]), Swift.max(m4[2], m4[3]))
            scales[s] = amax / 127
            let inverse: Float = amax > 0 ? 127 / amax : 0
            for k in 0..<8 {
                let (low, high) = Self.packBlock(block + 32 * k, inverse: inverse, into: values + 256 * s + 32 * k)
                sums16[16 * s + 2 * k] = Int16(truncatingIfNeeded: low)
                sums16[16 * s + 2 * k + 1] = Int16(truncatingIfNeeded: high)
            }
        }
    }

    /// 32 floats times `inverse`, rounded to bytes in order; returns the sums of the first and last 16.
    @inline(__always)
    static func packBlock(_ x: UnsafePointer<Float>, inverse: Float, into q: UnsafeMutablePointer<Int8>) -> (Int32, Int32) {
        let i0 = _mm256_cvtps_epi32(load8(x) * inverse), i1 = _mm256_cvtps_epi32(load8(x + 8) * inverse)
        let i2 = _mm256_cvtps_epi32(load8(x + 16) * inverse), i3 = _mm256_cvtps_epi32(load8(x + 24) * inverse)
        let low = unsafeBitCast(_mm256_add_epi32(i0, i1), to: SIMD8<Int32>.self).wrappedSum()
        let high = unsafeBitCast(_mm256_add_epi32(i2, i3), to: SIMD8<Int32>.self).wrappedSum()
        // packs works within 128-bit lanes; the permute restores element order.
        let packed = _mm256_packs_epi16(_mm256_packs_epi32(i0, i1), _mm256_packs_epi32(i2, i3))
        let ordered = _mm256_permutevar8x32_epi32(packed, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7))
        UnsafeMutableRawPointer(q).storeBytes(of: ordered, as: __m256i.self)
        return (low, high)
    }
}
#endif
