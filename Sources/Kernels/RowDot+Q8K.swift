#if arch(x86_64)
import _Builtin_intrinsics.intel
import CPUProbe
import KernelsAVX512
import TensorFormats

/// Matrix-vector kernels for Q4_K and Q6_K rows against `Q8KActivations`.
///
/// Per super-block, the sub-block scales are widened to 16-bit lanes once and each sub-block's scale is
/// then broadcast with one `vpshufb`; the minimum (Q4_K) and offset (Q6_K) terms are one `vpmaddwd` of the
/// scales against the activations' 16-element sums, accumulated in f32 lanes and summed at the end.
enum RowDotK {
    @inline(__always)
    static func load32(_ p: UnsafePointer<Int8>) -> __m256i {
        UnsafeRawPointer(p).loadUnaligned(as: __m256i.self)
    }

    /// 16 16-bit values (the activations' group sums).
    @inline(__always)
    static func load32(_ p: UnsafePointer<Int16>) -> __m256i {
        UnsafeRawPointer(p).loadUnaligned(as: __m256i.self)
    }

    /// `vpshufb` control that broadcasts 16-bit lane `m` (0–7) of each 128-bit half to the whole half.
    @inline(__always)
    static func pick(_ m: Int) -> __m256i {
        _mm256_set1_epi16(Int16(2 * m) | Int16(2 * m + 1) << 8)
    }

    /// A Q4_K super-block's sub-block scales as 16-bit lanes (0–7, the same in both halves) and its
    /// minimums doubled into pairs (one per 16-element group, for a `vpmaddwd` with the group sums).
    @inline(__always)
    static func q4KScales(_ b: UnsafeRawPointer) -> (scales: __m256i, minimumPairs: __m256i) {
        let packed = Q4KScales(b)
        let scaleBytes = _mm_cvtsi64_si128(Int64(bitPattern: UInt64(packed.scales.0) | UInt64(packed.scales.1) << 32))
        let scales8 = _mm_cvtepu8_epi16(scaleBytes)
        let minimumBytes = _mm_cvtsi64_si128(Int64(bitPattern: UInt64(packed.minimums.0) | UInt64(packed.minimums.1) << 32))
        return (_mm256_set_m128i(scales8, scales8), _mm256_cvtepu8_epi16(_mm_unpacklo_epi8(minimumBytes, minimumBytes)))
    }

    /// Sub-blocks 2j and 2j+1 of a Q4_K super-block: the low and high nibbles of 32 bytes.
    @inline(__always)
    static func q4KQuants(_ b: UnsafeRawPointer, _ j: Int) -> (__m256i, __m256i) {
        let low = _mm256_set1_epi8(0x0F)
        let q = (b + 16 + 32 * j).loadUnaligned(as: __m256i.self)
        return (_mm256_and_si256(q, low), _mm256_and_si256(_mm256_srli_epi16(q, 4), low))
    }

    /// Σ over sub-blocks 2j, 2j+1 of quants times activations times sub-block scales, in 32-bit lanes.
    @inline(__always)
    static func q4KProducts(_ q: (__m256i, __m256i), _ xs: UnsafePointer<Int8>, _ j: Int, _ scales: __m256i) -> __m256i {
        let p1 = _mm256_madd_epi16(_mm256_maddubs_epi16(q.0, load32(xs + 64 * j)), _mm256_shuffle_epi8(scales, pick(2 * j)))
        let p2 = _mm256_madd_epi16(_mm256_maddubs_epi16(q.1, load32(xs + 64 * j + 32)), _mm256_shuffle_epi8(scales, pick(2 * j + 1)))
        return _mm256_add_epi32(p1, p2)
    }

    /// A Q6_K super-block's 16 signed scales: as 16-bit lanes for the offset term (one per 16-element
    /// group) and split for the products (low half: groups 0, 2, …, 14; high half: 1, 3, …, 15).
    @inline(__always)
    static func q6KScales(_ b: UnsafeRawPointer) -> (scales: __m256i, groupScales: __m256i) {
        // Even-indexed bytes first, then odd: splits the 16 scales into groups 2m and 2m+1.
        let evenOdd = _mm_setr_epi8(0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15)
        let scaleBytes = (b + 192).loadUnaligned(as: __m128i.self)
        let split = _mm_shuffle_epi8(scaleBytes, evenOdd)
        let scales = _mm256_set_m128i(_mm_cvtepi8_epi16(_mm_unpackhi_epi64(split, split)), _mm_cvtepi8_epi16(split))
        return (scales, _mm256_cvtepi8_epi16(scaleBytes))
    }

    /// The four 32-element sub-blocks of half `half` of a Q6_K super-block, quants stored +32.
    @inline(__always)
    static func q6KQuants(_ b: UnsafeRawPointer, _ half: Int) -> (__m256i, __m256i, __m256i, __m256i) {
        let low = _mm256_set1_epi8(0x0F)
        let two = _mm256_set1_epi8(0x30)
        let ql = b + 64 * half
        let qh = (b + 128 + 32 * half).loadUnaligned(as: __m256i.self)
        let ql0 = ql.loadUnaligned(as: __m256i.self)
        let ql1 = (ql + 32).loadUnaligned(as: __m256i.self)
        return (_mm256_or_si256(_mm256_and_si256(ql0, low), _mm256_and_si256(_mm256_slli_epi16(qh, 4), two)),
                _mm256_or_si256(_mm256_and_si256(ql1, low), _mm256_and_si256(_mm256_slli_epi16(qh, 2), two)),
                _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql0, 4), low), _mm256_and_si256(qh, two)),
                _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql1, 4), low), _mm256_and_si256(_mm256_srli_epi16(qh, 2), two)))
    }

    /// Σ over the four sub-blocks of one half of quants times activations times group scales.
    @inline(__always)
    static func q6KProducts(_ q: (__m256i, __m256i, __m256i, __m256i), _ xs: UnsafePointer<Int8>, _ half: Int, _ scales: __m256i) -> __m256i {
        @inline(__always) func product(_ q: __m256i, _ k: Int) -> __m256i {
            // Sub-block k of this half covers groups 8·half + 2k and 8·half + 2k + 1.
            _mm256_madd_epi16(_mm256_maddubs_epi16(q, load32(xs + 128 * half + 32 * k)), _mm256_shuffle_epi8(scales, pick(4 * half + k)))
        }
        return _mm256_add_epi32(_mm256_add_epi32(product(q.0, 0), product(q.1, 1)), _mm256_add_epi32(product(q.2, 2), product(q.3, 3)))
    }

    /// Prefetches the `bytes` of a super-block `RowDots.prefetchDistance` bytes ahead of `block`.
    @inline(__always)
    static func prefetch(_ block: UnsafeRawPointer, _ bytes: Int) {
        var offset = 0
        while offset < bytes {
            infill_prefetch(block + RowDots.prefetchDistance + offset)
            offset += 64
        }
    }

    /// Row · each of the first `count` vectors of `v` (1, 2 or 4, a constant at every call site, so the
    /// branches fold away; lanes past `count` are zero), for a k-quant format: per super-block, the parts'
    /// integer products (sub-block scales applied by `vpmaddwd`) are summed in 32-bit lanes and scaled once;
    /// the minimum or offset term is the format's term factors times the activations' 16-element sums. Each
    /// super-block is decoded once for all the vectors, and each vector's sum is taken in the same order
    /// whatever `count` is, so a beam's scores do not depend on its siblings.
    @inline(__always)
    static func dots<F: KQuantRowFormat>(_ format: F.Type, _ row: UnsafeRawPointer,
                                         _ v: (Q8KActivations, Q8KActivations, Q8KActivations, Q8KActivations), count: Int,
                                         _ superBlocks: Int) -> SIMD4<Float> {
        var acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps(), acc2 = _mm256_setzero_ps(), acc3 = _mm256_setzero_ps()
        var terms0 = _mm256_setzero_ps(), terms1 = _mm256_setzero_ps(), terms2 = _mm256_setzero_ps(), terms3 = _mm256_setzero_ps()
        for s in 0..<superBlocks {
            let b = row + F.superBlockBytes * s
            prefetch(b, F.superBlockBytes)
            let scales = F.scales(b)
            var sum0 = _mm256_setzero_si256(), sum1 = _mm256_setzero_si256(), sum2 = _mm256_setzero_si256(), sum3 = _mm256_setzero_si256()
            for i in 0..<F.parts {
                let q = F.part(b, i)
                let at = 256 * s
                sum0 = _mm256_add_epi32(sum0, F.products(q, v.0.values + at, i, scales.products))
                if count > 1 { sum1 = _mm256_add_epi32(sum1, F.products(q, v.1.values + at, i, scales.products)) }
                if count > 2 {
                    sum2 = _mm256_add_epi32(sum2, F.products(q, v.2.values + at, i, scales.products))
                    sum3 = _mm256_add_epi32(sum3, F.products(q, v.3.values + at, i, scales.products))
                }
            }
            let (main, term) = F.factors(b)
            @inline(__always) func accumulate(_ x: Q8KActivations, _ sum: __m256i, _ acc: inout __m256, _ terms: inout __m256) {
                let xScale = x.scales[s]
                acc = _mm256_fmadd_ps(_mm256_set1_ps(main * xScale), _mm256_cvtepi32_ps(sum), acc)
                terms = _mm256_fmadd_ps(_mm256_set1_ps(term * xScale), _mm256_cvtepi32_ps(_mm256_madd_epi16(load32(x.sums16 + 16 * s), scales.terms)), terms)
            }
            accumulate(v.0, sum0, &acc0, &terms0)
            if count > 1 { accumulate(v.1, sum1, &acc1, &terms1) }
            if count > 2 {
                accumulate(v.2, sum2, &acc2, &terms2)
                accumulate(v.3, sum3, &acc3, &terms3)
            }
        }
        var result = SIMD4<Float>(acc0.sum() - terms0.sum(), 0, 0, 0)
        if count > 1 { result[1] = acc1.sum() - terms1.sum() }
        if count > 2 {
            result[2] = acc2.sum() - terms2.sum()
            result[3] = acc3.sum() - terms3.sum()
        }
        return result
    }
}

/// How one k-quant format's super-block feeds `RowDotK.dots`: its parts (groups of sub-blocks decoded
/// together), their products with the activations, and the factors of the product and term sums.
protocol KQuantRowFormat {
    associatedtype Part
    /// Bytes per 256-element super-block.
    static var superBlockBytes: Int { get }
    /// Parts per super-block.
    static var parts: Int { get }
    /// The sub-block scales for the products (16-bit lanes) and the 16-bit factors of the term, one per
    /// 16-element group of activations.
    static func scales(_ b: UnsafeRawPointer) -> (products: __m256i, terms: __m256i)
    /// Part `i`'s quants.
    static func part(_ b: UnsafeRawPointer, _ i: Int) -> Part
    /// Part `i`'s products with the activations `xs` of the super-block, times the sub-block scales.
    static func products(_ q: Part, _ xs: UnsafePointer<Int8>, _ i: Int, _ scales: __m256i) -> __m256i
    /// The super-block's factors: the sum is main · Σ products − term · Σ term products.
    static func factors(_ b: UnsafeRawPointer) -> (main: Float, term: Float)
}

/// Q4_K: four parts of two 32-element sub-blocks (low and high nibbles); the term is the minimums.
enum Q4KRowFormat: KQuantRowFormat {
    static var superBlockBytes: Int { 144 }
    static var parts: Int { 4 }
    @inline(__always) static func scales(_ b: UnsafeRawPointer) -> (products: __m256i, terms: __m256i) {
        let (scales, minimumPairs) = RowDotK.q4KScales(b)
        return (scales, minimumPairs)
    }
    @inline(__always) static func part(_ b: UnsafeRawPointer, _ i: Int) -> (__m256i, __m256i) { RowDotK.q4KQuants(b, i) }
    @inline(__always) static func products(_ q: (__m256i, __m256i), _ xs: UnsafePointer<Int8>, _ i: Int, _ scales: __m256i) -> __m256i {
        RowDotK.q4KProducts(q, xs, i, scales)
    }
    @inline(__always) static func factors(_ b: UnsafeRawPointer) -> (main: Float, term: Float) { (loadHalf(b, 0), loadHalf(b, 2)) }
}

/// Q6_K: two halves of four 32-element sub-blocks, quants stored +32; the term is 32 · the scales.
enum Q6KRowFormat: KQuantRowFormat {
    static var superBlockBytes: Int { 210 }
    static var parts: Int { 2 }
    @inline(__always) static func scales(_ b: UnsafeRawPointer) -> (products: __m256i, terms: __m256i) {
        let (scales, groupScales) = RowDotK.q6KScales(b)
        return (scales, groupScales)
    }
    @inline(__always) static func part(_ b: UnsafeRawPointer, _ i: Int) -> (__m256i, __m256i, __m256i, __m256i) { RowDotK.q6KQuants(b, i) }
    @inline(__always) static func products(_ q: (__m256i, __m256i, __m256i, __m256i), _ xs: UnsafePointer<Int8>, _ i: Int, _ scales: __m256i) -> __m256i {
        RowDotK.q6KProducts(q, xs, i, scales)
    }
    @inline(__always) static func factors(_ b: UnsafeRawPointer) -> (main: Float, term: Float) {
        let d = loadHalf(b, 208)
        return (d, 32 * d)
    }
}
#endif
