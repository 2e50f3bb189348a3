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
        for slot in 0..<Self.rows {
            let row = w.rowPointer(firstRow + min(slot, rowCount - 1))
            for index in 0..<blocks32 {
                let b = D.decode(row + (index / D.blocksPerSuper) * D.superBytes, index % D.blocksPerSuper)
                // Signed quants + 128 (flipping the top bit) are unsigned bytes.
                let q = D.signed ? _mm256_xor_si256(b.q, flipSign) : b.q
                let words = unsafeBitCast(q, to: SIMD8<UInt32>.self)
                let base = quants + 512 * index + 4 * slot
                for g in 0..<8 { (base + 64 * g).storeBytes(of: words[g], as: UInt32.self) }
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
    }
}
#endif
