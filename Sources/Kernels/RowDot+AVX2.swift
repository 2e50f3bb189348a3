#if arch(x86_64)
import _Builtin_intrinsics.intel
import TensorFormats

/// Integer dot products of one quantized weight row with one `Q8Activations` vector, with AVX2:
/// `vpmaddubsw` multiplies unsigned weight bytes by signed activation bytes and adds pairs,
/// `vpmaddwd` widens to 32 bits, and each block's integer sum is scaled in f32.
/// Offsets (−8, −16, −32) and mins are applied through the activation block sums.
enum RowDotAVX2 {
    typealias Activation = (values: UnsafePointer<Int8>, scales: UnsafePointer<Float>, sums: UnsafePointer<Float>)

    /// Whether `type` has an integer kernel here.
    static func supports(_ type: GGMLType) -> Bool {
        switch type {
        case .q8_0, .q4_0, .q4_1, .q5_0, .q5_1, .q4_K, .q6_K: return true
        default: return false
        }
    }

    /// The dot product of row `row` (`blocks32` blocks of 32 elements' worth) with `x`.
    @inline(__always)
    static func dot(_ type: GGMLType, _ row: UnsafeRawPointer, _ x: Activation, blocks32: Int) -> Float {
        switch type {
        case .q8_0: return q8_0(row, x, blocks32)
        case .q4_0: return q4_0(row, x, blocks32)
        case .q4_1: return q4_1(row, x, blocks32)
        case .q5_0: return q5_0(row, x, blocks32)
        case .q5_1: return q5_1(row, x, blocks32)
        case .q4_K: return q4_K(row, x, blocks32 / 8)
        case .q6_K: return q6_K(row, x, blocks32 / 8)
        default: return 0
        }
    }

    @inline(__always) static func ones16() -> __m256i { _mm256_set1_epi16(1) }

    @inline(__always)
    static func loadActivation(_ x: Activation, _ block: Int) -> __m256i {
        UnsafeRawPointer(x.values + 32 * block).loadUnaligned(as: __m256i.self)
    }

    /// Σ u[i] · s[i] over 32 bytes, as 8 int32 lanes.
    @inline(__always)
    static func sumProducts(_ unsignedBytes: __m256i, _ signedBytes: __m256i) -> __m256i {
        _mm256_madd_epi16(_mm256_maddubs_epi16(unsignedBytes, signedBytes), ones16())
    }

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

    @inline(__always)
    static func horizontalSum(_ v: __m256) -> Float { v.sum() }

    static func q8_0(_ row: UnsafeRawPointer, _ x: Activation, _ blocks: Int) -> Float {
        var acc = _mm256_setzero_ps()
        for i in 0..<blocks {
            let b = row + 34 * i
            let w = (b + 2).loadUnaligned(as: __m256i.self)
            let products = sumProducts(_mm256_sign_epi8(w, w), _mm256_sign_epi8(loadActivation(x, i), w))
            acc = _mm256_fmadd_ps(_mm256_set1_ps(loadHalf(b, 0) * x.scales[i]), _mm256_cvtepi32_ps(products), acc)
        }
        return horizontalSum(acc)
    }

    static func q4_0(_ row: UnsafeRawPointer, _ x: Activation, _ blocks: Int) -> Float {
        var acc = _mm256_setzero_ps()
        var offset: Float = 0
        for i in 0..<blocks {
            let b = row + 18 * i
            let d = loadHalf(b, 0)
            let products = sumProducts(nibbles(b + 2), loadActivation(x, i))
            acc = _mm256_fmadd_ps(_mm256_set1_ps(d * x.scales[i]), _mm256_cvtepi32_ps(products), acc)
            offset += d * x.sums[i]
        }
        return horizontalSum(acc) - 8 * offset
    }

    static func q4_1(_ row: UnsafeRawPointer, _ x: Activation, _ blocks: Int) -> Float {
        var acc = _mm256_setzero_ps()
        var offset: Float = 0
        for i in 0..<blocks {
            let b = row + 20 * i
            let products = sumProducts(nibbles(b + 4), loadActivation(x, i))
            acc = _mm256_fmadd_ps(_mm256_set1_ps(loadHalf(b, 0) * x.scales[i]), _mm256_cvtepi32_ps(products), acc)
            offset += loadHalf(b, 2) * x.sums[i]
        }
        return horizontalSum(acc) + offset
    }

    static func q5_0(_ row: UnsafeRawPointer, _ x: Activation, _ blocks: Int) -> Float {
        var acc = _mm256_setzero_ps()
        var offset: Float = 0
        for i in 0..<blocks {
            let b = row + 22 * i
            let d = loadHalf(b, 0)
            let q = _mm256_or_si256(nibbles(b + 6), fifthBits(b.loadUnaligned(fromByteOffset: 2, as: UInt32.self)))
            let products = sumProducts(q, loadActivation(x, i))
            acc = _mm256_fmadd_ps(_mm256_set1_ps(d * x.scales[i]), _mm256_cvtepi32_ps(products), acc)
            offset += d * x.sums[i]
        }
        return horizontalSum(acc) - 16 * offset
    }

    static func q5_1(_ row: UnsafeRawPointer, _ x: Activation, _ blocks: Int) -> Float {
        var acc = _mm256_setzero_ps()
        var offset: Float = 0
        for i in 0..<blocks {
            let b = row + 24 * i
            let q = _mm256_or_si256(nibbles(b + 8), fifthBits(b.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
            let products = sumProducts(q, loadActivation(x, i))
            acc = _mm256_fmadd_ps(_mm256_set1_ps(loadHalf(b, 0) * x.scales[i]), _mm256_cvtepi32_ps(products), acc)
            offset += loadHalf(b, 2) * x.sums[i]
        }
        return horizontalSum(acc) + offset
    }

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
                let p1 = sumProducts(_mm256_and_si256(q, low), loadActivation(x, k1))
                let p2 = sumProducts(_mm256_and_si256(_mm256_srli_epi16(q, 4), low), loadActivation(x, k2))
                acc = _mm256_fmadd_ps(_mm256_set1_ps(d * Float(sc1) * x.scales[k1]), _mm256_cvtepi32_ps(p1), acc)
                acc = _mm256_fmadd_ps(_mm256_set1_ps(d * Float(sc2) * x.scales[k2]), _mm256_cvtepi32_ps(p2), acc)
                minimums += dmin * (Float(m1) * x.sums[k1] + Float(m2) * x.sums[k2])
            }
        }
        return horizontalSum(acc) - minimums
    }

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
                    let xv = loadActivation(x, first + k)
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
        return horizontalSum(acc)
    }
}
#endif
