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
        case .q4_0: each(rows) { output[$0] = dot(Q4_0.self, weights + $0 * rowBytes, blocks, x, scales, sums) }
        case .q4_1: each(rows) { output[$0] = dot(Q4_1.self, weights + $0 * rowBytes, blocks, x, scales, sums) }
        case .q5_0: each(rows) { output[$0] = dot(Q5_0.self, weights + $0 * rowBytes, blocks, x, scales, sums) }
        case .q5_1: each(rows) { output[$0] = dot(Q5_1.self, weights + $0 * rowBytes, blocks, x, scales, sums) }
        case .q8_0: each(rows) { output[$0] = dot(Q8_0.self, weights + $0 * rowBytes, blocks, x, scales, sums) }
        }
    }

    @inline(__always)
    static func each(_ rows: Range<Int>, _ body: (Int) -> Void) {
        for r in rows { body(r) }
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
}

/// Two consecutive blocks of one format as 16 lanes of integer products (8 per block), with each
/// block's scale and offset (w = scale · q + offset).
protocol PairDecoder {
    static var blockBytes: Int { get }
    static var hasOffset: Bool { get }
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
    static var blockBytes: Int { 18 }
    static var hasOffset: Bool { true }
    @inline(__always) static func scale(_ p: UnsafeRawPointer) -> Float { half(p, 0) }
    @inline(__always) static func offset(_ p: UnsafeRawPointer) -> Float { -8 * half(p, 0) }
    @inline(__always) static func products(_ p0: UnsafeRawPointer, _ p1: UnsafeRawPointer, _ x: __m512i) -> __m512i {
        _mm512_dpbusd_epi32(_mm512_setzero_si512(), nibblePairs(p0 + 2, p1 + 2), x)
    }
}

enum Q4_1: PairDecoder {
    static var blockBytes: Int { 20 }
    static var hasOffset: Bool { true }
    @inline(__always) static func scale(_ p: UnsafeRawPointer) -> Float { half(p, 0) }
    @inline(__always) static func offset(_ p: UnsafeRawPointer) -> Float { half(p, 2) }
    @inline(__always) static func products(_ p0: UnsafeRawPointer, _ p1: UnsafeRawPointer, _ x: __m512i) -> __m512i {
        _mm512_dpbusd_epi32(_mm512_setzero_si512(), nibblePairs(p0 + 4, p1 + 4), x)
    }
}

enum Q5_0: PairDecoder {
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
