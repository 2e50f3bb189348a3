#if arch(x86_64)
import _Builtin_intrinsics.intel

/// Matrix-vector kernels for Q4_K and Q6_K rows against `Q8KActivations`.
enum RowDotK {
    @inline(__always)
    static func load32(_ p: UnsafePointer<Int8>) -> __m256i {
        UnsafeRawPointer(p).loadUnaligned(as: __m256i.self)
    }

    /// Q4_K row · x over `superBlocks` super-blocks (144 bytes each).
    static func q4_K(_ row: UnsafeRawPointer, _ x: Q8KActivations, _ superBlocks: Int) -> Float {
        var acc = _mm256_setzero_ps()
        var minimums: Float = 0
        let low = _mm256_set1_epi8(0x0F)
        for s in 0..<superBlocks {
            let b = row + 144 * s
            let xs = x.values + 256 * s
            let sums = x.sums16 + 16 * s
            let packed = Q4KScales(b)
            var minimumSum: Int32 = 0
            for k in 0..<8 { minimumSum += packed.minimum(k) * (sums[2 * k] + sums[2 * k + 1]) }
            var sumi = _mm256_setzero_si256()
            for j in 0..<4 {
                let q = (b + 16 + 32 * j).loadUnaligned(as: __m256i.self)
                let p1 = _mm256_madd_epi16(_mm256_maddubs_epi16(_mm256_and_si256(q, low), load32(xs + 64 * j)),
                                           _mm256_set1_epi16(Int16(truncatingIfNeeded: packed.scale(2 * j))))
                let p2 = _mm256_madd_epi16(_mm256_maddubs_epi16(_mm256_and_si256(_mm256_srli_epi16(q, 4), low), load32(xs + 64 * j + 32)),
                                           _mm256_set1_epi16(Int16(truncatingIfNeeded: packed.scale(2 * j + 1))))
                sumi = _mm256_add_epi32(sumi, _mm256_add_epi32(p1, p2))
            }
            let xScale = x.scales[s]
            acc = _mm256_fmadd_ps(_mm256_set1_ps(loadHalf(b, 0) * xScale), _mm256_cvtepi32_ps(sumi), acc)
            minimums += loadHalf(b, 2) * xScale * Float(minimumSum)
        }
        return acc.sum() - minimums
    }

    /// Q6_K row · x over `superBlocks` super-blocks (210 bytes each). Quants are stored +32; the offset
    /// term −32 · Σ scale · x goes through the 16-element sums.
    static func q6_K(_ row: UnsafeRawPointer, _ x: Q8KActivations, _ superBlocks: Int) -> Float {
        var acc = _mm256_setzero_ps()
        var offsets: Float = 0
        let low = _mm256_set1_epi8(0x0F)
        let two = _mm256_set1_epi8(0x30)
        for s in 0..<superBlocks {
            let b = row + 210 * s
            let xs = x.values + 256 * s
            let sums = x.sums16 + 16 * s
            let scales = (b + 192).assumingMemoryBound(to: Int8.self)
            var offsetSum: Int32 = 0
            for g in 0..<16 { offsetSum += Int32(scales[g]) * sums[g] }
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
                let sc = scales + 8 * half
                @inline(__always) func product(_ q: __m256i, _ k: Int) -> __m256i {
                    let multiplier = _mm256_set_m128i(_mm_set1_epi16(Int16(sc[2 * k + 1])), _mm_set1_epi16(Int16(sc[2 * k])))
                    return _mm256_madd_epi16(_mm256_maddubs_epi16(q, load32(xs + 128 * half + 32 * k)), multiplier)
                }
                sumi = _mm256_add_epi32(sumi, _mm256_add_epi32(_mm256_add_epi32(product(q0, 0), product(q1, 1)),
                                                               _mm256_add_epi32(product(q2, 2), product(q3, 3))))
            }
            let dScaled = loadHalf(b, 208) * x.scales[s]
            acc = _mm256_fmadd_ps(_mm256_set1_ps(dScaled), _mm256_cvtepi32_ps(sumi), acc)
            offsets += dScaled * Float(32 * offsetSum)
        }
        return acc.sum() - offsets
    }
}
#endif
