#if arch(x86_64)
import _Builtin_intrinsics.intel

/// Matrix-vector kernels for the k-quants, one super-block (256 elements) at a time, with the scales
/// unpacked once per super-block (faster here than the generic `dot` over `BlockDecoder`s).
extension RowDotAVX2 {
    @inline(__always)
    static func load(_ x: Activation, _ block: Int) -> __m256i {
        UnsafeRawPointer(x.values + 32 * block).loadUnaligned(as: __m256i.self)
    }

    @inline(__always)
    static func sumProducts(_ unsignedBytes: __m256i, _ signedBytes: __m256i) -> __m256i {
        _mm256_madd_epi16(_mm256_maddubs_epi16(unsignedBytes, signedBytes), _mm256_set1_epi16(1))
    }

    /// Q4_K row · x over `superBlocks` super-blocks.
    static func q4_K(_ row: UnsafeRawPointer, _ x: Activation, _ superBlocks: Int) -> Float {
        var acc = _mm256_setzero_ps()
        var minimums: Float = 0
        let low = _mm256_set1_epi8(0x0F)
        for i in 0..<superBlocks {
            let b = row + 144 * i
            let d = loadHalf(b, 0)
            let dmin = loadHalf(b, 2)
            let scales = b + 4
            let first = 8 * i
            for j in 0..<4 {
                let (sc1, m1) = Dequantize.scaleMinK4(2 * j, scales)
                let (sc2, m2) = Dequantize.scaleMinK4(2 * j + 1, scales)
                let q = (b + 16 + 32 * j).loadUnaligned(as: __m256i.self)
                let k1 = first + 2 * j, k2 = k1 + 1
                let p1 = sumProducts(_mm256_and_si256(q, low), load(x, k1))
                let p2 = sumProducts(_mm256_and_si256(_mm256_srli_epi16(q, 4), low), load(x, k2))
                acc = _mm256_fmadd_ps(_mm256_set1_ps(d * Float(sc1) * x.scales[k1]), _mm256_cvtepi32_ps(p1), acc)
                acc = _mm256_fmadd_ps(_mm256_set1_ps(d * Float(sc2) * x.scales[k2]), _mm256_cvtepi32_ps(p2), acc)
                minimums += dmin * (Float(m1) * x.sums[k1] + Float(m2) * x.sums[k2])
            }
        }
        return acc.sum() - minimums
    }

    /// Q6_K row · x over `superBlocks` super-blocks.
    static func q6_K(_ row: UnsafeRawPointer, _ x: Activation, _ superBlocks: Int) -> Float {
        var acc = _mm256_setzero_ps()
        let low = _mm256_set1_epi8(0x0F)
        let two = _mm256_set1_epi8(0x30)
        let thirtyTwo = _mm256_set1_epi8(32)
        for i in 0..<superBlocks {
            let b = row + 210 * i
            let d = loadHalf(b, 208)
            for half in 0..<2 {
                let ql = b + 64 * half
                let qhBytes = (b + 128 + 32 * half).loadUnaligned(as: __m256i.self)
                let sc = b + 192 + 8 * half
                let ql0 = ql.loadUnaligned(as: __m256i.self)
                let ql1 = (ql + 32).loadUnaligned(as: __m256i.self)
                let q0 = _mm256_or_si256(_mm256_and_si256(ql0, low), _mm256_and_si256(_mm256_slli_epi16(qhBytes, 4), two))
                let q1 = _mm256_or_si256(_mm256_and_si256(ql1, low), _mm256_and_si256(_mm256_slli_epi16(qhBytes, 2), two))
                let q2 = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql0, 4), low), _mm256_and_si256(qhBytes, two))
                let q3 = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql1, 4), low), _mm256_and_si256(_mm256_srli_epi16(qhBytes, 2), two))
                let first = 8 * i + 4 * half
                let dd = d
                @inline(__always) func accumulate(_ q: __m256i, _ k: Int) {
                    let xv = load(x, first + k)
                    let p16 = _mm256_sub_epi16(_mm256_maddubs_epi16(q, xv), _mm256_maddubs_epi16(thirtyTwo, xv))
                    let s0 = Int16(sc.load(fromByteOffset: 2 * k, as: Int8.self))
                    let s1 = Int16(sc.load(fromByteOffset: 2 * k + 1, as: Int8.self))
                    let p32 = _mm256_madd_epi16(p16, _mm256_set_m128i(_mm_set1_epi16(s1), _mm_set1_epi16(s0)))
                    acc = _mm256_fmadd_ps(_mm256_set1_ps(dd * x.scales[first + k]), _mm256_cvtepi32_ps(p32), acc)
                }
                accumulate(q0, 0)
                accumulate(q1, 1)
                accumulate(q2, 2)
                accumulate(q3, 3)
            }
        }
        return acc.sum()
    }
}
#endif
