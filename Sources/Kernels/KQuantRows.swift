#if arch(x86_64)
import _Builtin_intrinsics.intel
import TensorFormats

/// A few Q4_K or Q6_K weight rows unpacked into one layout for the integer matrix-matrix kernel, so a
/// row is unpacked once and then multiplied by every token of the batch.
///
/// Row i, element e:  w ≈ superScales[i][e / 256] · scale(i, e) · quants[i][e]  +  correction(i, e),
/// - `quants`: unsigned 8-bit (Q4_K 0…15, Q6_K 0…63), in element order;
/// - `scaleWords`: one 32-byte vector per super-block holding its sub-block scales as 16-bit
///   integers, arranged for `_mm256_shuffle_epi8` (low 128 bits: the scales of the even 16-element
///   groups, high 128 bits: the odd ones), so broadcasting the scales of a 32-element sub-block to the
///   16-bit lanes `vpmaddwd` needs is one shuffle;
/// - `corrections`: the constant part per group (Q4_K: −dmin · min per 32 elements; Q6_K: −32 · d ·
///   scale per 16, the stored +32 offset), whose product with the input is a short f32 dot product
///   against `Q8KBatch.groupSums32` / `groupSums16`.
struct KQuantRows {
    let quants: UnsafeMutablePointer<UInt8>
    let scaleWords: UnsafeMutablePointer<Int16>
    let superScales: UnsafeMutablePointer<Float>
    let corrections: UnsafeMutablePointer<Float>
    let columns: Int
    let capacity: Int
    /// Elements per correction group: 32 (Q4_K) or 16 (Q6_K).
    let group: Int

    init(columns: Int, rows: Int, type: GGMLType) {
        self.columns = columns
        capacity = rows
        group = type == .q4_K ? 32 : 16
        quants = UnsafeMutableRawPointer.allocate(byteCount: rows * columns, alignment: 64).assumingMemoryBound(to: UInt8.self)
        scaleWords = UnsafeMutableRawPointer.allocate(byteCount: rows * (columns / 256) * 32, alignment: 64).assumingMemoryBound(to: Int16.self)
        superScales = .allocate(capacity: rows * (columns / 256))
        corrections = .allocate(capacity: rows * (columns / 16))
    }

    func deallocate() {
        quants.deallocate()
        scaleWords.deallocate()
        superScales.deallocate()
        corrections.deallocate()
    }

    var superBlocks: Int { columns / 256 }
    func quants(_ i: Int) -> UnsafeMutablePointer<UInt8> { quants + i * columns }
    func scaleWords(_ i: Int) -> UnsafeMutablePointer<Int16> { scaleWords + i * superBlocks * 16 }
    func superScales(_ i: Int) -> UnsafeMutablePointer<Float> { superScales + i * superBlocks }
    func corrections(_ i: Int) -> UnsafeMutablePointer<Float> { corrections + i * (columns / group) }

    /// Unpacks the Q4_K row at `row` (144 bytes per super-block) into slot `i`.
    func unpackQ4_K(_ row: UnsafeRawPointer, into i: Int) {
        let low = _mm256_set1_epi8(0x0F)
        let q = quants(i), words = scaleWords(i), d = superScales(i), mins = corrections(i)
        for s in 0..<superBlocks {
            let b = row + 144 * s
            let packed = Q4KScales(b)
            d[s] = loadHalf(b, 0)
            let dmin = loadHalf(b, 2)
            let w = words + 16 * s
            for k in 0..<8 {
                // Sub-block k covers 16-element groups 2k and 2k+1, both with scale k.
                w[k] = Int16(packed.scale(k))
                w[8 + k] = Int16(packed.scale(k))
                mins[8 * s + k] = -dmin * Float(packed.minimum(k))
            }
            for j in 0..<4 {
                let packed = (b + 16 + 32 * j).loadUnaligned(as: __m256i.self)
                let out = UnsafeMutableRawPointer(q + 256 * s + 64 * j)
                out.storeBytes(of: _mm256_and_si256(packed, low), as: __m256i.self)
                (out + 32).storeBytes(of: _mm256_and_si256(_mm256_srli_epi16(packed, 4), low), as: __m256i.self)
            }
        }
    }

    /// Unpacks the Q6_K row at `row` (210 bytes per super-block) into slot `i`.
    func unpackQ6_K(_ row: UnsafeRawPointer, into i: Int) {
        let low = _mm256_set1_epi8(0x0F)
        let two = _mm256_set1_epi8(0x30)
        let q = quants(i), words = scaleWords(i), d = superScales(i), offsets = corrections(i)
        for s in 0..<superBlocks {
            let b = row + 210 * s
            let scales = (b + 192).assumingMemoryBound(to: Int8.self)
            let scale = loadHalf(b, 208)
            d[s] = scale
            let w = words + 16 * s
            for k in 0..<8 {
                w[k] = Int16(scales[2 * k])
                w[8 + k] = Int16(scales[2 * k + 1])
            }
            for g in 0..<16 { offsets[16 * s + g] = -32 * scale * Float(scales[g]) }
            for half in 0..<2 {
                let ql = b + 64 * half
                let qh = (b + 128 + 32 * half).loadUnaligned(as: __m256i.self)
                let ql0 = ql.loadUnaligned(as: __m256i.self)
                let ql1 = (ql + 32).loadUnaligned(as: __m256i.self)
                let out = UnsafeMutableRawPointer(q + 256 * s + 128 * half)
                out.storeBytes(of: _mm256_or_si256(_mm256_and_si256(ql0, low), _mm256_and_si256(_mm256_slli_epi16(qh, 4), two)), as: __m256i.self)
                (out + 32).storeBytes(of: _mm256_or_si256(_mm256_and_si256(ql1, low), _mm256_and_si256(_mm256_slli_epi16(qh, 2), two)), as: __m256i.self)
                (out + 64).storeBytes(of: _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql0, 4), low), _mm256_and_si256(qh, two)), as: __m256i.self)
                (out + 96).storeBytes(of: _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql1, 4), low), _mm256_and_si256(_mm256_srli_epi16(qh, 2), two)), as: __m256i.self)
            }
        }
    }
}
#endif
