#if arch(x86_64)
import _Builtin_intrinsics.intel
import CPUProbe

/// Matrix-vector products for the 32-element block formats on AVX-512 VNNI: weight rows times a vector
/// quantized to bytes with one scale per 32 elements (ggml's Q8_0 form of the activations).
///
/// Two blocks fill a 512-bit register: the nibbles of both are spread to 64 bytes in element order with a
/// `vpermq` and a per-lane shift, Q5's fifth bits are one masked add, and `vpdpbusd` sums the 64 products
/// into 16 lanes (8 per block), each block scaled once in f32. Q8_0's signed quants are flipped to unsigned
/// (+128) and the activations' 128 · Σx taken off in integers, so every block's integer sum equals the AVX2
/// kernel's exactly. Call only on the `avx512` path (see `PanelGEMM`).
public enum RowDots {
    /// How far ahead of the blocks being multiplied the weights are prefetched, in bytes. Rows that come
    /// from L3 or memory wait on their loads otherwise: measured on the Xeon (family 6 model 207), one
    /// thread over 33–56 MB matrices, ns per block for Q4_1 / Q8_0 / Q5_0: none 3.9 / 5.5 / 4.5,
    /// 2 KiB 3.2 / 4.8 / 3.1, 4 KiB 2.5 / 3.5 / 2.5.
    /// (Inlinable, and only a constant: the AVX2 kernels in `Kernels` read it too.)
    @inlinable public static var prefetchDistance: Int { 4096 }

    /// The block formats this kernel reads.
    public enum Format: Sendable {
        case q4_0, q4_1, q5_0, q5_1, q8_0

        /// Bytes per 32-element block.
        var blockBytes: Int {
            switch self {
            case .q4_0: return 18
            case .q4_1: return 20
            case .q5_0: return 22
            case .q5_1: return 24
            case .q8_0: return 34
            }
        }
    }

    /// out[r] = row r · x for r in `rows`, where row r starts at `weights + r · rowBytes` and holds
    /// `blocks` blocks of `format`. `x` has `blocks · 32` bytes, `scales` one float per block and `sums`
    /// scale · Σ bytes per block.
    @inline(never)
    public static func multiply(_ format: Format, weights: UnsafeRawPointer, rowBytes: Int, rows: Range<Int>, blocks: Int,
                                x: UnsafePointer<Int8>, scales: UnsafePointer<Float>, sums: UnsafePointer<Float>,
                                output: UnsafeMutablePointer<Float>) {
        switch format {
        case .q4_0: multiply(Q4_0.self, weights, rowBytes, rows, blocks, x, scales, sums, output)
        case .q4_1: multiply(Q4_1.self, weights, rowBytes, rows, blocks, x, scales, sums, output)
        case .q5_0: multiply(Q5_0.self, weights, rowBytes, rows, blocks, x, scales, sums, output)
        case .q5_1: multiply(Q5_1.self, weights, rowBytes, rows, blocks, x, scales, sums, output)
        case .q8_0: multiply(Q8_0.self, weights, rowBytes, rows, blocks, x, scales, sums, output)
        }
    }

    /// Four rows at a time through `dot4` when the rows have an even number of blocks (every model's do),
    /// the rest one at a time through `dot`; both give each row the same result.
    @inline(__always)
    static func multiply<F: PairDecoder>(_ format: F.Type, _ weights: UnsafeRawPointer, _ rowBytes: Int, _ rows: Range<Int>, _ blocks: Int,
                                         _ x: UnsafePointer<Int8>, _ scales: UnsafePointer<Float>, _ sums: UnsafePointer<Float>,
                                         _ output: UnsafeMutablePointer<Float>) {
        var r = rows.lowerBound
        if blocks % 2 == 0 {
            while r + 4 <= rows.upperBound {
                let four = dot4(F.self, weights + r * rowBytes, rowBytes, blocks, x, scales, sums)
                output[r] = four[0]; output[r + 1] = four[1]; output[r + 2] = four[2]; output[r + 3] = four[3]
                r += 4
            }
        }
        while r < rows.upperBound {
            output[r] = dot(F.self, weights + r * rowBytes, blocks, x, scales, sums)
            r += 1
        }
    }

    /// Row · x for one row of `blocks` blocks.
    @inline(__always)
    static func dot<F: PairDecoder>(_ format: F.Type, _ row: UnsafeRawPointer, _ blocks: Int,
                                    _ x: UnsafePointer<Int8>, _ scales: UnsafePointer<Float>, _ sums: UnsafePointer<Float>) -> Float {
        var acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps()
        var offsets = SIMD2<Float>()
        var k = 0
        @inline(__always) func pair(_ k: Int, _ acc: inout __m512) {
            let p0 = row + k * F.blockBytes, p1 = p0 + F.blockBytes
            infill_prefetch(p0 + prefetchDistance)
            infill_prefetch(p1 + prefetchDistance)
            let xv = UnsafeRawPointer(x + 32 * k).loadUnaligned(as: __m512i.self)
            let products = F.products(p0, p1, xv)
            let d0 = F.scale(p0) * scales[k], d1 = F.scale(p1) * scales[k + 1]
            let scale = _mm512_mask_blend_ps(0xFF00, _mm512_set1_ps(d0), _mm512_set1_ps(d1))
            acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(products), scale, acc)
            if F.hasOffset { offsets.addProduct(SIMD2(F.offset(p0), F.offset(p1)), SIMD2(sums[k], sums[k + 1])) }
        }
        while k + 4 <= blocks {
            pair(k, &acc0)
            pair(k + 2, &acc1)
            k += 4
        }
        if k + 2 <= blocks {
            pair(k, &acc0)
            k += 2
        }
        var total = _mm512_reduce_add_ps(_mm512_add_ps(acc0, acc1)) + offsets.sum()
        if k < blocks {   // an odd last block: its 32 products in the low half
            let p = row + k * F.blockBytes
            let xv = _mm512_castsi256_si512(UnsafeRawPointer(x + 32 * k).loadUnaligned(as: __m256i.self))
            let products = F.products(p, p, xv)
            total += Float(_mm512_mask_reduce_add_epi32(0x00FF, products)) * F.scale(p) * scales[k]
            if F.hasOffset { total += F.offset(p) * sums[k] }
        }
        return total
    }

    /// Rows `row`, `row + rowBytes`, … (four) · x for an even number of blocks: each row's result equals
    /// `dot`'s bit for bit, since every lane is summed in the same order (two accumulators per row taking
    /// alternate pairs of blocks, offsets per even and odd block), and the four rows' final sums take
    /// `_mm512_reduce_add_ps`'s tree (halves of 256, 128, 64, then 32 bits) in one transposed reduction.
    /// What the four rows share is done once: the activation load, the block scales of all four rows'
    /// two blocks converted from f16 by one `vcvtph2ps` and multiplied by the activation scales by one
    /// `vmulps` (then spread per row with one permute), the offsets likewise, and the final reduction
    /// (about 13 instructions for four rows instead of about 10 per row). Rows of 18 blocks (SmolLM2's 576
    /// columns) spent a noticeable part of their time in those per-row steps.
    @inline(__always)
    static func dot4<F: PairDecoder>(_ format: F.Type, _ row: UnsafeRawPointer, _ rowBytes: Int, _ blocks: Int,
                                     _ x: UnsafePointer<Int8>, _ scales: UnsafePointer<Float>, _ sums: UnsafePointer<Float>) -> SIMD4<Float> {
        let row0 = row, row1 = row + rowBytes, row2 = row + 2 * rowBytes, row3 = row + 3 * rowBytes
        var a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps(), a2 = _mm512_setzero_ps(), a3 = _mm512_setzero_ps()
        var b0 = _mm512_setzero_ps(), b1 = _mm512_setzero_ps(), b2 = _mm512_setzero_ps(), b3 = _mm512_setzero_ps()
        // Lanes 2r and 2r + 1: row r's offset terms of the even and of the odd blocks (`dot`'s SIMD2).
        var offsets = _mm256_setzero_ps()
        // Row r's scales of its two blocks, lanes 2r and 2r + 1, spread to lanes 0–7 and 8–15.
        let spread0 = _mm512_set_epi32(1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0)
        let spread1 = _mm512_set_epi32(3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2)
        let spread2 = _mm512_set_epi32(5, 5, 5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 4, 4, 4)
        let spread3 = _mm512_set_epi32(7, 7, 7, 7, 7, 7, 7, 7, 6, 6, 6, 6, 6, 6, 6, 6)
        @inline(__always) func bits(_ p: UnsafeRawPointer, _ offset: Int) -> Int16 {
            p.loadUnaligned(fromByteOffset: offset, as: Int16.self)
        }
        /// Blocks k, k + 1 of the four rows, into `r0`…`r3` (one accumulator of each row).
        @inline(__always) func pair(_ k: Int, _ r0: inout __m512, _ r1: inout __m512, _ r2: inout __m512, _ r3: inout __m512) {
            let at = k * F.blockBytes
            let p0 = row0 + at, p1 = row1 + at, p2 = row2 + at, p3 = row3 + at
            @inline(__always) func prefetch(_ p: UnsafeRawPointer) {
                infill_prefetch(p + prefetchDistance)
                infill_prefetch(p + F.blockBytes + prefetchDistance)
            }
            prefetch(p0); prefetch(p1); prefetch(p2); prefetch(p3)
            let b = F.blockBytes
            let xv = UnsafeRawPointer(x + 32 * k).loadUnaligned(as: __m512i.self)
            // (d_k, d_k+1) of the activations in every pair of lanes.
            let activationScales = _mm256_castpd_ps(_mm256_set1_pd(UnsafeRawPointer(scales + k).loadUnaligned(as: Double.self)))
            let weightScales = _mm256_cvtph_ps(_mm_setr_epi16(bits(p0, 0), bits(p0 + b, 0), bits(p1, 0), bits(p1 + b, 0),
                                                              bits(p2, 0), bits(p2 + b, 0), bits(p3, 0), bits(p3 + b, 0)))
            let d = _mm512_castps256_ps512(_mm256_mul_ps(weightScales, activationScales))
            r0 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(F.products(p0, p0 + b, xv)), _mm512_permutexvar_ps(spread0, d), r0)
            r1 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(F.products(p1, p1 + b, xv)), _mm512_permutexvar_ps(spread1, d), r1)
            r2 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(F.products(p2, p2 + b, xv)), _mm512_permutexvar_ps(spread2, d), r2)
            r3 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(F.products(p3, p3 + b, xv)), _mm512_permutexvar_ps(spread3, d), r3)
            if F.hasOffset {
                let blockOffsets: __m256
                if let stored = F.storedOffset {
                    blockOffsets = _mm256_cvtph_ps(_mm_setr_epi16(bits(p0, stored), bits(p0 + b, stored), bits(p1, stored), bits(p1 + b, stored),
                                                                  bits(p2, stored), bits(p2 + b, stored), bits(p3, stored), bits(p3 + b, stored)))
                } else {
                    blockOffsets = _mm256_mul_ps(_mm256_set1_ps(F.offsetPerScale), weightScales)
                }
                let activationSums = _mm256_castpd_ps(_mm256_set1_pd(UnsafeRawPointer(sums + k).loadUnaligned(as: Double.self)))
                offsets = _mm256_fmadd_ps(blockOffsets, activationSums, offsets)
            }
        }
        var k = 0
        while k + 4 <= blocks {
            pair(k, &a0, &a1, &a2, &a3)
            pair(k + 2, &b0, &b1, &b2, &b3)
            k += 4
        }
        if k + 2 <= blocks {
            pair(k, &a0, &a1, &a2, &a3)
        }
        // `_mm512_reduce_add_ps(acc0 + acc1)` of the four rows: lane i + lane i + 8, then + lane i + 4, then
        // + lane i + 2, then + lane i + 1.
        let t0 = _mm512_add_ps(a0, b0), t1 = _mm512_add_ps(a1, b1), t2 = _mm512_add_ps(a2, b2), t3 = _mm512_add_ps(a3, b3)
        let lowHalves = _mm512_set_epi32(23, 22, 21, 20, 19, 18, 17, 16, 7, 6, 5, 4, 3, 2, 1, 0)
        let highHalves = _mm512_set_epi32(31, 30, 29, 28, 27, 26, 25, 24, 15, 14, 13, 12, 11, 10, 9, 8)
        // Rows 0, 1 (and 2, 3): their 8-lane sums side by side.
        let s01 = _mm512_add_ps(_mm512_permutex2var_ps(t0, lowHalves, t1), _mm512_permutex2var_ps(t0, highHalves, t1))
        let s23 = _mm512_add_ps(_mm512_permutex2var_ps(t2, lowHalves, t3), _mm512_permutex2var_ps(t2, highHalves, t3))
        // Row r's 4-lane sums in lanes 4r…4r+3.
        let lowQuarters = _mm512_set_epi32(27, 26, 25, 24, 19, 18, 17, 16, 11, 10, 9, 8, 3, 2, 1, 0)
        let highQuarters = _mm512_set_epi32(31, 30, 29, 28, 23, 22, 21, 20, 15, 14, 13, 12, 7, 6, 5, 4)
        let w = _mm512_add_ps(_mm512_permutex2var_ps(s01, lowQuarters, s23), _mm512_permutex2var_ps(s01, highQuarters, s23))
        let y = _mm512_add_ps(w, _mm512_permutexvar_ps(_mm512_set_epi32(13, 12, 15, 14, 9, 8, 11, 10, 5, 4, 7, 6, 1, 0, 3, 2), w))
        let z = _mm512_add_ps(y, _mm512_movehdup_ps(y))
        let totals = _mm512_castps512_ps128(_mm512_permutexvar_ps(_mm512_set_epi32(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12, 8, 4, 0), z))
        // `offsets.sum()` of each row: lane 2r + lane 2r + 1.
        let offsetPairs = _mm256_add_ps(offsets, _mm256_movehdup_ps(offsets))
        let offsetTotals = _mm256_castps256_ps128(_mm256_permutevar8x32_ps(offsetPairs, _mm256_setr_epi32(0, 2, 4, 6, 0, 0, 0, 0)))
        return totals + offsetTotals
    }
}

/// Two consecutive blocks of one format as 16 lanes of integer products (8 per block), with each
/// block's scale and offset (w = scale · q + offset).
protocol PairDecoder {
    static var blockBytes: Int { get }
    static var hasOffset: Bool { get }
    /// Where the block stores its offset as an f16 (Q4_1/Q5_1's minimum), or nil when the offset is
    /// `offsetPerScale` · scale (Q4_0: −8, Q5_0: −16).
    static var storedOffset: Int? { get }
    static var offsetPerScale: Float { get }
    static func scale(_ block: UnsafeRawPointer) -> Float
    static func offset(_ block: UnsafeRawPointer) -> Float
    /// Σ of 4 adjacent (quant × activation) products per lane: lanes 0–7 block `p0`, 8–15 block `p1`.
    static func products(_ p0: UnsafeRawPointer, _ p1: UnsafeRawPointer, _ x: __m512i) -> __m512i
}

@inline(__always)
func half(_ p: UnsafeRawPointer, _ offset: Int) -> Float {
    Float(Float16(bitPattern: p.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
}

/// 16 bytes of nibbles from each of two blocks → 64 bytes in element order: block 0's low nibbles (its
/// elements 0–15), its high nibbles (16–31), then block 1's.
@inline(__always)
func nibblePairs(_ q0: UnsafeRawPointer, _ q1: UnsafeRawPointer) -> __m512i {
    let both = _mm512_castsi256_si512(_mm256_set_m128i(q1.loadUnaligned(as: __m128i.self), q0.loadUnaligned(as: __m128i.self)))
    let spread = _mm512_permutexvar_epi64(_mm512_set_epi64(3, 2, 3, 2, 1, 0, 1, 0), both)
    let shifted = _mm512_srlv_epi16(spread, _mm512_set_epi64(0x0004_0004_0004_0004, 0x0004_0004_0004_0004, 0, 0,
                                                             0x0004_0004_0004_0004, 0x0004_0004_0004_0004, 0, 0))
    return _mm512_and_si512(shifted, _mm512_set1_epi8(0x0F))
}

/// Adds 16 to the bytes whose bit is set in the two blocks' 32-bit high-bit words (Q5's fifth bit).
@inline(__always)
func addFifthBits(_ q: __m512i, _ high0: UInt32, _ high1: UInt32) -> __m512i {
    _mm512_mask_add_epi8(q, __mmask64(high0) | __mmask64(high1) << 32, q, _mm512_set1_epi8(16))
}

enum Q4_0: PairDecoder {
    static var storedOffset: Int? { nil }
    static var offsetPerScale: Float { -8 }
    static var blockBytes: Int { 18 }
    static var hasOffset: Bool { true }
    @inline(__always) static func scale(_ p: UnsafeRawPointer) -> Float { half(p, 0) }
    @inline(__always) static func offset(_ p: UnsafeRawPointer) -> Float { -8 * half(p, 0) }
    @inline(__always) static func products(_ p0: UnsafeRawPointer, _ p1: UnsafeRawPointer, _ x: __m512i) -> __m512i {
        _mm512_dpbusd_epi32(_mm512_setzero_si512(), nibblePairs(p0 + 2, p1 + 2), x)
    }
}

enum Q4_1: PairDecoder {
    static var storedOffset: Int? { 2 }
    static var offsetPerScale: Float { 0 }
    static var blockBytes: Int { 20 }
    static var hasOffset: Bool { true }
    @inline(__always) static func scale(_ p: UnsafeRawPointer) -> Float { half(p, 0) }
    @inline(__always) static func offset(_ p: UnsafeRawPointer) -> Float { half(p, 2) }
    @inline(__always) static func products(_ p0: UnsafeRawPointer, _ p1: UnsafeRawPointer, _ x: __m512i) -> __m512i {
        _mm512_dpbusd_epi32(_mm512_setzero_si512(), nibblePairs(p0 + 4, p1 + 4), x)
    }
}

enum Q5_0: PairDecoder {
    static var storedOffset: Int? { nil }
    static var offsetPerScale: Float { -16 }
    static var blockBytes: Int { 22 }
    static var hasOffset: Bool { true }
    @inline(__always) static func scale(_ p: UnsafeRawPointer) -> Float { half(p, 0) }
    @inline(__always) static func offset(_ p: UnsafeRawPointer) -> Float { -16 * half(p, 0) }
    @inline(__always) static func products(_ p0: UnsafeRawPointer, _ p1: UnsafeRawPointer, _ x: __m512i) -> __m512i {
        let q = addFifthBits(nibblePairs(p0 + 6, p1 + 6), p0.loadUnaligned(fromByteOffset: 2, as: UInt32.self),
                             p1.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
        return _mm512_dpbusd_epi32(_mm512_setzero_si512(), q, x)
    }
}

enum Q5_1: PairDecoder {
    static var storedOffset: Int? { 2 }
    static var offsetPerScale: Float { 0 }
    static var blockBytes: Int { 24 }
    static var hasOffset: Bool { true }
    @inline(__always) static func scale(_ p: UnsafeRawPointer) -> Float { half(p, 0) }
    @inline(__always) static func offset(_ p: UnsafeRawPointer) -> Float { half(p, 2) }
    @inline(__always) static func products(_ p0: UnsafeRawPointer, _ p1: UnsafeRawPointer, _ x: __m512i) -> __m512i {
        let q = addFifthBits(nibblePairs(p0 + 8, p1 + 8), p0.loadUnaligned(fromByteOffset: 4, as: UInt32.self),
                             p1.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        return _mm512_dpbusd_epi32(_mm512_setzero_si512(), q, x)
    }
}

enum Q8_0: PairDecoder {
    static var storedOffset: Int? { nil }
    static var offsetPerScale: Float { 0 }
    static var blockBytes: Int { 34 }
    static var hasOffset: Bool { false }
    @inline(__always) static func scale(_ p: UnsafeRawPointer) -> Float { half(p, 0) }
    @inline(__always) static func offset(_ p: UnsafeRawPointer) -> Float { 0 }
    @inline(__always) static func products(_ p0: UnsafeRawPointer, _ p1: UnsafeRawPointer, _ x: __m512i) -> __m512i {
        let q = _mm512_castsi256_si512((p0 + 2).loadUnaligned(as: __m256i.self))
        let both = _mm512_permutex2var_epi64(q, _mm512_set_epi64(11, 10, 9, 8, 3, 2, 1, 0),
                                             _mm512_castsi256_si512((p1 + 2).loadUnaligned(as: __m256i.self)))
        let flip = _mm512_set1_epi8(-128)
        // Σ (q + 128) · x − Σ 128 · x = Σ q · x, in integers.
        return _mm512_sub_epi32(_mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_xor_si512(both, flip), x),
                                _mm512_dpbusd_epi32(_mm512_setzero_si512(), flip, x))
    }
}
#endif
