#if arch(x86_64)
import _Builtin_intrinsics.intel

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

    /// `vpshufb` control that broadcasts 16-bit lane `m` (0–7) of each 128-bit half to the whole half.
    @inline(__always)
    static func pick(_ m: Int) -> __m256i {
        _mm256_set1_epi16(Int16(2 * m) | Int16(2 * m + 1) << 8)
    }

    /// Q4_K row · x over `superBlocks` super-blocks (144 bytes each).
    static func q4_K(_ row: UnsafeRawPointer, _ x: Q8KActivations, _ superBlocks: Int) -> Float {
        var acc = _mm256_setzero_ps()
        var minimums = _mm256_setzero_ps()
        let low = _mm256_set1_epi8(0x0F)
        for s in 0..<superBlocks {
            let b = row + 144 * s
            let xs = x.values + 256 * s
            let packed = Q4KScales(b)
            // Scales 0–7 as 16-bit lanes, the same in both halves.
            let scaleBytes = _mm_cvtsi64_si128(Int64(bitPattern: UInt64(packed.scales.0) | UInt64(packed.scales.1) << 32))
            let scales8 = _mm_cvtepu8_epi16(scaleBytes)
            let scales = _mm256_set_m128i(scales8, scales8)
            // Minimum k times the sums of its two 16-element groups: minimums doubled, one vpmaddwd.
            let minimumBytes = _mm_cvtsi64_si128(Int64(bitPattern: UInt64(packed.minimums.0) | UInt64(packed.minimums.1) << 32))
            let minimumPairs = _mm256_cvtepu8_epi16(_mm_unpacklo_epi8(minimumBytes, minimumBytes))
            let sums = UnsafeRawPointer(x.sums16 + 16 * s).loadUnaligned(as: __m256i.self)
            let minimumTerms = _mm256_madd_epi16(sums, minimumPairs)
            var sumi = _mm256_setzero_si256()
            for j in 0..<4 {
                let q = (b + 16 + 32 * j).loadUnaligned(as: __m256i.self)
                let p1 = _mm256_madd_epi16(_mm256_maddubs_epi16(_mm256_and_si256(q, low), load32(xs + 64 * j)),
                                           _mm256_shuffle_epi8(scales, pick(2 * j)))
                let p2 = _mm256_madd_epi16(_mm256_maddubs_epi16(_mm256_and_si256(_mm256_srli_epi16(q, 4), low), load32(xs + 64 * j + 32)),
                                           _mm256_shuffle_epi8(scales, pick(2 * j + 1)))
                sumi = _mm256_add_epi32(sumi, _mm256_add_epi32(p1, p2))
            }
            let xScale = x.scales[s]
            acc = _mm256_fmadd_ps(_mm256_set1_ps(loadHalf(b, 0) * xScale), _mm256_cvtepi32_ps(sumi), acc)
            minimums = _mm256_fmadd_ps(_mm256_set1_ps(loadHalf(b, 2) * xScale), _mm256_cvtepi32_ps(minimumTerms), minimums)
        }
        return acc.sum() - minimums.sum()
    }

    /// Q6_K row · x over `superBlocks` super-blocks (210 bytes each). Quants are stored +32; the offset
    /// term −32 · Σ scale · x goes through the 16-element sums.
    static func q6_K(_ row: UnsafeRawPointer, _ x: Q8KActivations, _ superBlocks: Int) -> Float {
        var acc = _mm256_setzero_ps()
        var offsets = _mm256_setzero_ps()
        let low = _mm256_set1_epi8(0x0F)
        let two = _mm256_set1_epi8(0x30)
        // Even-indexed bytes first, then odd: splits the 16 scales into groups 2m and 2m+1.
        let evenOdd = _mm_setr_epi8(0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15)
        for s in 0..<superBlocks {
            let b = row + 210 * s
            let xs = x.values + 256 * s
            let scaleBytes = (b + 192).loadUnaligned(as: __m128i.self)
            // Offsets: the 16 signed scales times the 16 group sums.
            let sums = UnsafeRawPointer(x.sums16 + 16 * s).loadUnaligned(as: __m256i.self)
            let offsetTerms = _mm256_madd_epi16(sums, _mm256_cvtepi8_epi16(scaleBytes))
            // Low half: scales of groups 0, 2, …, 14; high half: 1, 3, …, 15 (16-bit lanes).
            let split = _mm_shuffle_epi8(scaleBytes, evenOdd)
            let scales = _mm256_set_m128i(_mm_cvtepi8_epi16(_mm_unpackhi_epi64(split, split)), _mm_cvtepi8_epi16(split))
            var sumi = _mm256_setzero_si256()
            for half in 0..<2 {
                let ql = b + 64 * half
                let qh = (b + 128 + 32 * half).loadUnaligned(as: __m256i.self)
                let ql0 = ql.loadUnaligned(as: __m256i.self)
                let ql1 = (ql + 32).loadUnaligned(as: __m256i.self)
                let q0 = _mm256_or_si256(_mm256_and_si256(ql0, low), _mm256_and_si256(_mm256_slli_epi16(qh, 4), two))
                let q1 = _mm256_or_si256(_mm256_and_si256(ql1, low), _mm256_and_si256(_mm256_slli_epi16(qh, 2), two))
                let q2 = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql0, 4), low), _mm256_and_si256(qh, two))
                let q3 = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql1, 4), low), _mm256_and_si256(_mm256_srli_epi16(qh, 2), two))
                @inline(__always) func product(_ q: __m256i, _ k: Int) -> __m256i {
                    // Sub-block k of this half covers groups 8·half + 2k and 8·half + 2k + 1.
                    _mm256_madd_epi16(_mm256_maddubs_epi16(q, load32(xs + 128 * half + 32 * k)),
                                      _mm256_shuffle_epi8(scales, pick(4 * half + k)))
                }
                sumi = _mm256_add_epi32(sumi, _mm256_add_epi32(_mm256_add_epi32(product(q0, 0), product(q1, 1)),
                                                               _mm256_add_epi32(product(q2, 2), product(q3, 3))))
            }
            let dScaled = loadHalf(b, 208) * x.scales[s]
            acc = _mm256_fmadd_ps(_mm256_set1_ps(dScaled), _mm256_cvtepi32_ps(sumi), acc)
            offsets = _mm256_fmadd_ps(_mm256_set1_ps(32 * dScaled), _mm256_cvtepi32_ps(offsetTerms), offsets)
        }
        return acc.sum() - offsets.sum()
    }
}
#endif
