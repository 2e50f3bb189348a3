#if arch(x86_64)
import _Builtin_intrinsics.intel
import CPUProbe
import TensorFormats

/// Matrix-vector products for Q4_K and Q6_K rows on AVX-512 (BW and VNNI), for one to four activation
/// vectors at a time: the generation step (one vector) and the steps of a few beams or samples (up to
/// four), which the AVX2 kernel (`RowDotK` in `Kernels`) made cost about 2.6 times one vector for four.
///
/// A super-block is four parts of 64 elements in element order, one 512-bit register each (Q4_K: one
/// 32-byte load of nibbles broadcast to both halves, the upper half shifted by four; Q6_K: the low bits
/// of two 32-element sub-blocks and their high bits spread by per-half shifts). Each part is decoded once
/// for every vector; per vector it costs one `vpmaddubsw` and one `vpdpwssd`, which multiplies the 16-bit
/// pair sums by the scale of their 16-element group (one `vpermw` per part spreads the group scales to the
/// four 128-bit lanes) and accumulates in 32-bit integers. Neither step saturates (quants below 64,
/// activations in −127…127). A super-block's integer sum is scaled once in f32; the minimum (Q4_K) or
/// offset (Q6_K) term is the activations' 16-element sums times the group factors, as in `RowDotK`.
///
/// Results equal `RowDotK`'s bit for bit: the integer sums are the same (the two halves of a part are
/// `RowDotK`'s two 256-bit products, added lane by lane before the conversion), and every f32 step is
/// `RowDotK`'s, in 256 bits, in its order. So a vector's result depends neither on the kernel path nor on
/// how many vectors share the call (a beam's scores do not depend on its siblings), and the reference
/// decode tests, held to llama.cpp's outputs, see the same numbers on every x86 path. (Summing in 16 f32
/// lanes instead moved one greedy choice of the 0.5B's reference decode across a 0.5 margin, through the
/// 8-bit activations of the next layers.) Call only on the `avx512` path.
public enum KQuantRowDots {
    /// The k-quant formats this kernel reads.
    public enum Format: Sendable {
        case q4_K, q6_K
    }

    /// One activation vector in ggml's Q8_K form: bytes with one scale per 256 elements and the sum of
    /// every 16 bytes (`Q8KActivations` in `Kernels`).
    public struct Vector {
        /// The elements as bytes (a multiple of 256 of them).
        public let values: UnsafePointer<Int8>
        /// One scale per 256 elements: element i ≈ scales[i / 256] · values[i].
        public let scales: UnsafePointer<Float>
        /// The sum of every 16 bytes, for the minimum (Q4_K) and offset (Q6_K) terms.
        public let sums16: UnsafePointer<Int16>

        /// A view of storage owned by the caller.
        public init(values: UnsafePointer<Int8>, scales: UnsafePointer<Float>, sums16: UnsafePointer<Int16>) {
            self.values = values
            self.scales = scales
            self.sums16 = sums16
        }
    }

    /// `output[b · outputStride + r]` = row r · vector b, for r in `rows` and every vector, where row r starts
    /// at `weights + r · rowBytes` and holds `superBlocks` super-blocks of `format`. Vectors are taken four,
    /// then two, then one at a time.
    @inline(never)
    public static func multiply(_ format: Format, weights: UnsafeRawPointer, rowBytes: Int, rows: Range<Int>, superBlocks: Int,
                                vectors: UnsafeBufferPointer<Vector>, output: UnsafeMutablePointer<Float>, outputStride: Int) {
        switch format {
        case .q4_K: multiply(Q4K.self, weights, rowBytes, rows, superBlocks, vectors, output, outputStride)
        case .q6_K: multiply(Q6K.self, weights, rowBytes, rows, superBlocks, vectors, output, outputStride)
        }
    }

    @inline(__always)
    static func multiply<F: KQuantParts>(_ format: F.Type, _ weights: UnsafeRawPointer, _ rowBytes: Int, _ rows: Range<Int>, _ superBlocks: Int,
                                         _ vectors: UnsafeBufferPointer<Vector>, _ output: UnsafeMutablePointer<Float>, _ stride: Int) {
        var b = 0
        while b + 4 <= vectors.count {
            let group = (vectors[b], vectors[b + 1], vectors[b + 2], vectors[b + 3])
            let out = output + b * stride
            for r in rows {
                let d = dots(F.self, weights + r * rowBytes, superBlocks, group, count: 4)
                out[r] = d[0]; out[stride + r] = d[1]; out[2 * stride + r] = d[2]; out[3 * stride + r] = d[3]
            }
            b += 4
        }
        if b + 2 <= vectors.count {
            let group = (vectors[b], vectors[b + 1], vectors[b + 1], vectors[b + 1])
            let out = output + b * stride
            for r in rows {
                let d = dots(F.self, weights + r * rowBytes, superBlocks, group, count: 2)
                out[r] = d[0]; out[stride + r] = d[1]
            }
            b += 2
        }
        if b < vectors.count {
            let group = (vectors[b], vectors[b], vectors[b], vectors[b])
            let out = output + b * stride
            for r in rows { out[r] = dots(F.self, weights + r * rowBytes, superBlocks, group, count: 1)[0] }
        }
    }

    /// Row · each of the first `count` (1, 2 or 4, a constant at every call site, so the branches fold away)
    /// vectors of `v`; lanes past `count` are zero.
    @inline(__always)
    static func dots<F: KQuantParts>(_ format: F.Type, _ row: UnsafeRawPointer, _ superBlocks: Int,
                                     _ v: (Vector, Vector, Vector, Vector), count: Int) -> SIMD4<Float> {
        var acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps(), acc2 = _mm256_setzero_ps(), acc3 = _mm256_setzero_ps()
        var terms0 = _mm256_setzero_ps(), terms1 = _mm256_setzero_ps(), terms2 = _mm256_setzero_ps(), terms3 = _mm256_setzero_ps()
        for s in 0..<superBlocks {
            let block = row + F.superBlockBytes * s
            var offset = 0
            while offset < F.superBlockBytes {
                infill_prefetch(block + RowDots.prefetchDistance + offset)
                offset += 64
            }
            let (groupScales, termFactors) = F.scales(block)
            var sum0 = _mm512_setzero_si512(), sum1 = _mm512_setzero_si512(), sum2 = _mm512_setzero_si512(), sum3 = _mm512_setzero_si512()
            for part in 0..<4 {
                let q = F.part(block, part)
                let scales = _mm512_permutexvar_epi16(partScaleIndex(part), groupScales)
                let at = 256 * s + 64 * part
                sum0 = _mm512_dpwssd_epi32(sum0, _mm512_maddubs_epi16(q, load64(v.0.values + at)), scales)
                if count > 1 { sum1 = _mm512_dpwssd_epi32(sum1, _mm512_maddubs_epi16(q, load64(v.1.values + at)), scales) }
                if count > 2 {
                    sum2 = _mm512_dpwssd_epi32(sum2, _mm512_maddubs_epi16(q, load64(v.2.values + at)), scales)
                    sum3 = _mm512_dpwssd_epi32(sum3, _mm512_maddubs_epi16(q, load64(v.3.values + at)), scales)
                }
            }
            let (main, term) = F.factors(block)
            @inline(__always) func accumulate(_ x: Vector, _ sum: __m512i, _ acc: inout __m256, _ terms: inout __m256) {
                let xScale = x.scales[s]
                acc = _mm256_fmadd_ps(_mm256_set1_ps(main * xScale), _mm256_cvtepi32_ps(foldHalves(sum)), acc)
                let groupSums = UnsafeRawPointer(x.sums16 + 16 * s).loadUnaligned(as: __m256i.self)
                terms = _mm256_fmadd_ps(_mm256_set1_ps(term * xScale), _mm256_cvtepi32_ps(_mm256_madd_epi16(groupSums, termFactors)), terms)
            }
            accumulate(v.0, sum0, &acc0, &terms0)
            if count > 1 { accumulate(v.1, sum1, &acc1, &terms1) }
            if count > 2 {
                accumulate(v.2, sum2, &acc2, &terms2)
                accumulate(v.3, sum3, &acc3, &terms3)
            }
        }
        @inline(__always) func total(_ acc: __m256, _ terms: __m256) -> Float { acc.sum() - terms.sum() }
        var result = SIMD4<Float>(total(acc0, terms0), 0, 0, 0)
        if count > 1 { result[1] = total(acc1, terms1) }
        if count > 2 {
            result[2] = total(acc2, terms2)
            result[3] = total(acc3, terms3)
        }
        return result
    }

    /// The sum of the two 256-bit halves (lane i + lane i + 8): a super-block's integer sums in `RowDotK`'s
    /// eight lanes, which hold the same products (its 256-bit parts are this kernel's halves).
    @inline(__always)
    static func foldHalves(_ x: __m512i) -> __m256i {
        let swapped = _mm512_permutexvar_epi64(_mm512_set_epi64(3, 2, 1, 0, 7, 6, 5, 4), x)
        return _mm512_castsi512_si256(_mm512_add_epi32(x, swapped))
    }

    /// `vpermw` indices that fill 128-bit lane L with group scale 4 · part + L (the group that lane's 16
    /// elements belong to).
    @inline(__always)
    static func partScaleIndex(_ part: Int) -> __m512i {
        let word: Int64 = 0x0001_0001_0001_0001
        let first = Int64(4 * part)
        return _mm512_set_epi64((first + 3) * word, (first + 3) * word, (first + 2) * word, (first + 2) * word,
                                (first + 1) * word, (first + 1) * word, first * word, first * word)
    }

    @inline(__always)
    static func load64(_ p: UnsafePointer<Int8>) -> __m512i {
        UnsafeRawPointer(p).loadUnaligned(as: __m512i.self)
    }
}

/// How a k-quant super-block feeds `KQuantRowDots`: four parts of 64 elements in element order, a scale
/// per 16-element group, and the factors of its product and term sums (the sum is
/// main · Σ products − term · Σ term factors × group sums).
protocol KQuantParts {
    static var superBlockBytes: Int { get }
    /// Part `i`'s 64 quants (unsigned, below 64) as bytes, elements 64i…64i+63 in order.
    static func part(_ block: UnsafeRawPointer, _ i: Int) -> __m512i
    /// The 16 group scales as 16-bit lanes 0–15 (the upper half of the register is not read), and the 16
    /// group factors of the term, as 16-bit lanes; the packed scales are read once for both.
    static func scales(_ block: UnsafeRawPointer) -> (groups: __m512i, terms: __m256i)
    static func factors(_ block: UnsafeRawPointer) -> (main: Float, term: Float)
}

/// Q4_K (144 bytes): f16 scale and minimum scale, twelve bytes of 6-bit sub-block scales and minimums,
/// then 128 bytes of nibbles: bytes 32j…32j+31 hold sub-block 2j in their low nibbles and 2j+1 in their high.
enum Q4K: KQuantParts {
    static var superBlockBytes: Int { 144 }

    @inline(__always) static func part(_ block: UnsafeRawPointer, _ i: Int) -> __m512i {
        let packed = _mm512_broadcast_i64x4((block + 16 + 32 * i).loadUnaligned(as: __m256i.self))
        let shifts = _mm512_set_epi64(0x0004_0004_0004_0004, 0x0004_0004_0004_0004, 0x0004_0004_0004_0004, 0x0004_0004_0004_0004, 0, 0, 0, 0)
        return _mm512_and_si512(_mm512_srlv_epi16(packed, shifts), _mm512_set1_epi8(0x0F))
    }

    /// Sub-block k's scale, and its minimum, for groups 2k and 2k + 1.
    @inline(__always) static func scales(_ block: UnsafeRawPointer) -> (groups: __m512i, terms: __m256i) {
        let packed = Q4KScales(block)
        @inline(__always) func doubled(_ word: (UInt32, UInt32)) -> __m256i {
            let bytes = _mm_cvtsi64_si128(Int64(bitPattern: UInt64(word.0) | UInt64(word.1) << 32))
            return _mm256_cvtepu8_epi16(_mm_unpacklo_epi8(bytes, bytes))
        }
        return (_mm512_castsi256_si512(doubled(packed.scales)), doubled(packed.minimums))
    }

    @inline(__always) static func factors(_ block: UnsafeRawPointer) -> (main: Float, term: Float) { (half(block, 0), half(block, 2)) }
}

/// Q6_K (210 bytes): 128 bytes of low nibbles, 64 bytes of high 2-bit pairs, 16 signed group scales, an f16
/// scale; quants are stored +32, so the term is 32 · scale times the group scales.
enum Q6K: KQuantParts {
    static var superBlockBytes: Int { 210 }

    /// Half h = i / 2 of the super-block covers elements 128h…128h+127: low bits from bytes 64h…64h+63
    /// (low nibbles for its first 64 elements, high nibbles for the next), high bits from bytes
    /// 128 + 32h…+31 (bit pairs 0–1, 2–3, 4–5, 6–7 for its four 32-element sub-blocks).
    @inline(__always) static func part(_ block: UnsafeRawPointer, _ i: Int) -> __m512i {
        let half = i / 2
        let low = (block + 64 * half).loadUnaligned(as: __m512i.self)
        let high = _mm512_broadcast_i64x4((block + 128 + 32 * half).loadUnaligned(as: __m256i.self))
        let nibble = _mm512_set1_epi8(0x0F), pair = _mm512_set1_epi8(0x30)
        if i % 2 == 0 {   // sub-blocks 0 and 1 of the half: high bits 0–1 (shifted up 4), 2–3 (up 2)
            let up = _mm512_set_epi64(0x0002_0002_0002_0002, 0x0002_0002_0002_0002, 0x0002_0002_0002_0002, 0x0002_0002_0002_0002,
                                      0x0004_0004_0004_0004, 0x0004_0004_0004_0004, 0x0004_0004_0004_0004, 0x0004_0004_0004_0004)
            return _mm512_or_si512(_mm512_and_si512(low, nibble), _mm512_and_si512(_mm512_sllv_epi16(high, up), pair))
        }
        // Sub-blocks 2 and 3: high bits 4–5 (in place), 6–7 (down 2).
        let down = _mm512_set_epi64(0x0002_0002_0002_0002, 0x0002_0002_0002_0002, 0x0002_0002_0002_0002, 0x0002_0002_0002_0002, 0, 0, 0, 0)
        return _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi16(low, 4), nibble), _mm512_and_si512(_mm512_srlv_epi16(high, down), pair))
    }

    /// The signed group scales serve both: the products' scales and, times 32 · scale, the term.
    @inline(__always) static func scales(_ block: UnsafeRawPointer) -> (groups: __m512i, terms: __m256i) {
        let scales = _mm256_cvtepi8_epi16((block + 192).loadUnaligned(as: __m128i.self))
        return (_mm512_castsi256_si512(scales), scales)
    }

    @inline(__always) static func factors(_ block: UnsafeRawPointer) -> (main: Float, term: Float) {
        let d = half(block, 208)
        return (d, 32 * d)
    }
}
#endif
