#if arch(x86_64)
import _Builtin_intrinsics.intel
import TensorFormats

/// Sixteen weight rows repacked for the VNNI micro-kernels (`PanelGEMM` on AVX-512, `PanelGEMM256` on AVX-VNNI,
/// which takes each 64-byte group as two halves of 8 rows): every weight becomes
/// w = scale[block, row] · q + offset[block, row] with q an unsigned byte, and the bytes are interleaved
/// so one 64-byte load holds four consecutive columns of all 16 rows (`vpdpbusd` sums four products per
/// 32-bit lane, one lane per row).
///
/// The formats map onto that form as follows: Q4_0, Q5_0 (offset −8d, −16d), Q4_1, Q5_1 (offset m) and
/// Q4_K (scale d·sc, offset −dmin·m) per 32 elements; Q8_0's signed quants are stored +128 (offset
/// −128d); Q6_K, whose scales change every 16 elements, per 16 with its stored +32 (offset −32·d·sc).
struct PackedPanel {
    static let rows = 16
    let quants: UnsafeMutableRawPointer
    let scales: UnsafeMutablePointer<Float>
    let offsets: UnsafeMutablePointer<Float>
    let columns: Int
    /// Elements per block: 32, or 16 for Q6_K.
    let blockElements: Int

    /// Room for 16 rows of `columns` elements of `type`.
    init(columns: Int, type: GGMLType) {
        self.columns = columns
        blockElements = Self.blockElements(type)
        quants = UnsafeMutableRawPointer.allocate(byteCount: Self.rows * columns, alignment: 64)
        scales = .allocate(capacity: Self.rows * (columns / blockElements))
        offsets = .allocate(capacity: Self.rows * (columns / blockElements))
    }

    func deallocate() {
        quants.deallocate()
        scales.deallocate()
        offsets.deallocate()
    }

    /// The block size of `type` in the packed form.
    static func blockElements(_ type: GGMLType) -> Int { type == .q6_K ? 16 : 32 }

    /// Whether `pack` handles `type`.
    static func supports(_ type: GGMLType) -> Bool {
        switch type {
        case .q8_0, .q4_0, .q4_1, .q5_0, .q5_1, .q4_K, .q6_K: return true
        default: return false
        }
    }

    /// Packs rows firstRow..<firstRow + rowCount of `w` (rowCount ≤ 16; the slots past it repeat the last
    /// row, and the kernel does not store their results).
    func pack(_ w: WeightMatrix, firstRow: Int, rowCount: Int) {
        switch w.type {
        case .q8_0: pack(Q8_0Decoder.self, w, firstRow, rowCount)
        case .q4_0: pack(Q4_0Decoder.self, w, firstRow, rowCount)
        case .q4_1: pack(Q4_1Decoder.self, w, firstRow, rowCount)
        case .q5_0: pack(Q5_0Decoder.self, w, firstRow, rowCount)
        case .q5_1: pack(Q5_1Decoder.self, w, firstRow, rowCount)
        case .q4_K: pack(Q4_KDecoder.self, w, firstRow, rowCount)
        case .q6_K: pack(Q6_KDecoder.self, w, firstRow, rowCount)
        default: break
        }
    }

    @inline(__always)
    private func pack<D: BlockDecoder>(_ decoder: D.Type, _ w: WeightMatrix, _ firstRow: Int, _ rowCount: Int) {
        let blocks32 = columns / 32
        let flipSign = _mm256_set1_epi8(-128)
        let rowsOfSlots = (0..<Self.rows).map { slot in w.rowPointer(firstRow + min(slot, rowCount - 1)) }
        for index in 0..<blocks32 {
            let offset = (index / D.blocksPerSuper) * D.superBytes, k = index % D.blocksPerSuper
            // Each half of the panel (8 rows): decode the 8 blocks, then transpose their 32-bit words so that
            // word g of all 8 rows is one 32-byte store, at half · 32 of the block's 64-byte group g.
            for half in 0..<2 {
                var q = (_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(),
                         _mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256())
                withUnsafeMutableBytes(of: &q) { words in
                    let vectors = words.baseAddress!.assumingMemoryBound(to: __m256i.self)
                    for r in 0..<8 {
                        let slot = 8 * half + r
                        let b = D.decode(rowsOfSlots[slot] + offset, k)
                        // Signed quants + 128 (flipping the top bit) are unsigned bytes.
                        vectors[r] = D.signed ? _mm256_xor_si256(b.q, flipSign) : b.q
                        if D.offsetBy32 {   // Q6_K: two 16-element blocks with their own scales
                            let low = b.scale * b.lowScale, high = b.scale * b.highScale
                            scales[32 * index + slot] = low
                            offsets[32 * index + slot] = -32 * low
                            scales[32 * index + 16 + slot] = high
                            offsets[32 * index + 16 + slot] = -32 * high
                        } else {
                            scales[16 * index + slot] = b.scale
                            offsets[16 * index + slot] = D.signed ? -128 * b.scale : b.offset
                        }
                    }
                }
                let t = Self.transpose8x8Words(q)
                let base = quants + 512 * index + 32 * half
                base.storeBytes(of: t.0, as: __m256i.self); (base + 64).storeBytes(of: t.1, as: __m256i.self)
                (base + 128).storeBytes(of: t.2, as: __m256i.self); (base + 192).storeBytes(of: t.3, as: __m256i.self)
                (base + 256).storeBytes(of: t.4, as: __m256i.self); (base + 320).storeBytes(of: t.5, as: __m256i.self)
                (base + 384).storeBytes(of: t.6, as: __m256i.self); (base + 448).storeBytes(of: t.7, as: __m256i.self)
            }
        }
    }

    typealias EightVectors = (__m256i, __m256i, __m256i, __m256i, __m256i, __m256i, __m256i, __m256i)

    /// The 8×8 transpose of 32-bit words: word j of result i is word i of input j.
    @inline(__always)
    static func transpose8x8Words(_ v: EightVectors) -> EightVectors {
        // Pairs of rows interleaved by words, then by 64-bit halves (within each 128-bit lane).
        let a0 = _mm256_unpacklo_epi32(v.0, v.1), a1 = _mm256_unpackhi_epi32(v.0, v.1)
        let a2 = _mm256_unpacklo_epi32(v.2, v.3), a3 = _mm256_unpackhi_epi32(v.2, v.3)
        let a4 = _mm256_unpacklo_epi32(v.4, v.5), a5 = _mm256_unpackhi_epi32(v.4, v.5)
        let a6 = _mm256_unpacklo_epi32(v.6, v.7), a7 = _mm256_unpackhi_epi32(v.6, v.7)
        let b0 = _mm256_unpacklo_epi64(a0, a2), b1 = _mm256_unpackhi_epi64(a0, a2)
        let b2 = _mm256_unpacklo_epi64(a1, a3), b3 = _mm256_unpackhi_epi64(a1, a3)
        let b4 = _mm256_unpacklo_epi64(a4, a6), b5 = _mm256_unpackhi_epi64(a4, a6)
        let b6 = _mm256_unpacklo_epi64(a5, a7), b7 = _mm256_unpackhi_epi64(a5, a7)
        // The low 128 bits of b_i and b_{i+4} make word i; their high 128 bits word i + 4.
        @inline(__always) func lows(_ x: __m256i, _ y: __m256i) -> __m256i {
            let x = unsafeBitCast(x, to: SIMD8<UInt32>.self), y = unsafeBitCast(y, to: SIMD8<UInt32>.self)
            return unsafeBitCast(SIMD8(lowHalf: x.lowHalf, highHalf: y.lowHalf), to: __m256i.self)
        }
        @inline(__always) func highs(_ x: __m256i, _ y: __m256i) -> __m256i {
            let x = unsafeBitCast(x, to: SIMD8<UInt32>.self), y = unsafeBitCast(y, to: SIMD8<UInt32>.self)
            return unsafeBitCast(SIMD8(lowHalf: x.highHalf, highHalf: y.highHalf), to: __m256i.self)
        }
        return (lows(b0, b4), lows(b1, b5), lows(b2, b6), lows(b3, b7), highs(b0, b4), highs(b1, b5), highs(b2, b6), highs(b3, b7))
    }
}
#endif
