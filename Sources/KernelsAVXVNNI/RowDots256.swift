#if arch(x86_64)
import _Builtin_intrinsics.intel
import CPUProbe

/// Matrix-vector products for the 32-element block formats on AVX-VNNI: weight rows times a vector quantized
/// to bytes with one scale per 32 elements (ggml's Q8_0/Q8_1 form of the activations).
///
/// One block fills a 256-bit register (its nibbles spread in element order, Q5's fifth bits or'ed in) and one
/// `vpdpbusd` sums its 32 byte products into 8 lanes of 4, the lanes the AVX2 kernel's `vpmaddubsw` +
/// `vpmaddwd` produce; Q8_0's signed quants take the same sign trick (|q| times x with q's sign). Four
/// accumulators keep four blocks in flight and every sum is taken in the AVX2 kernel's order, so the results
/// equal the `avx2` path's bit for bit (up to the sign of an exactly zero Q8_0 product) with one instruction
/// fewer per block. Call only on the `avxvnni` path (see `PanelGEMM256`).
public enum RowDots256 {
    /// How far ahead of the blocks being multiplied the weights are prefetched, in bytes: the AVX2 and AVX-512
    /// kernels' distance (`RowDots.prefetchDistance` in `KernelsAVX512`, measured there).
    static let prefetchDistance = 4096

    /// The block formats this kernel reads.
    public enum Format: Sendable {
        case q4_0, q4_1, q5_0, q5_1, q8_0
    }

    /// out[r] = row r · x for r in `rows`, where row r starts at `weights + r · rowBytes` and holds
    /// `blocks` blocks of `format`. `x` has `blocks · 32` bytes, `scales` one float per block and `sums`
    /// scale · Σ bytes per block.
    @inline(never)
    public static func multiply(_ format: Format, weights: UnsafeRawPointer, rowBytes: Int, rows: Range<Int>, blocks: Int,
                                x: UnsafePointer<Int8>, scales: UnsafePointer<Float>, sums: UnsafePointer<Float>,
                                output: UnsafeMutablePointer<Float>) {
        switch format {
        case .q4_0: for r in rows { output[r] = dot(Q4_0.self, weights + r * rowBytes, blocks, x, scales, sums) }
        case .q4_1: for r in rows { output[r] = dot(Q4_1.self, weights + r * rowBytes, blocks, x, scales, sums) }
        case .q5_0: for r in rows { output[r] = dot(Q5_0.self, weights + r * rowBytes, blocks, x, scales, sums) }
        case .q5_1: for r in rows { output[r] = dot(Q5_1.self, weights + r * rowBytes, blocks, x, scales, sums) }
        case .q8_0: for r in rows { output[r] = dot(Q8_0.self, weights + r * rowBytes, blocks, x, scales, sums) }
        }
    }

    /// Row · x for one row of `blocks` blocks: block i goes to accumulator i mod 4 (the last blocks past a
    /// multiple of 4 to the first), offsets · sums to four scalar lanes likewise, as the AVX2 kernel does.
    @inline(__always)
    static func dot<F: BlockFormat>(_ format: F.Type, _ row: UnsafeRawPointer, _ blocks: Int,
                                    _ x: UnsafePointer<Int8>, _ scales: UnsafePointer<Float>, _ sums: UnsafePointer<Float>) -> Float {
        var acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps(), acc2 = _mm256_setzero_ps(), acc3 = _mm256_setzero_ps()
        var offsets = SIMD4<Float>()
        @inline(__always) func block(_ index: Int, _ acc: inout __m256) -> Float {
            let p = row + index * F.blockBytes
            let xv = UnsafeRawPointer(x + 32 * index).loadUnaligned(as: __m256i.self)
            acc = _mm256_fmadd_ps(_mm256_set1_ps(F.scale(p) * scales[index]), _mm256_cvtepi32_ps(F.products(p, xv)), acc)
            return F.hasOffset ? F.offset(p) * sums[index] : 0
        }
        var i = 0
        while i + 4 <= blocks {
            let ahead = row + i * F.blockBytes + prefetchDistance
            infill_prefetch(ahead)
            infill_prefetch(ahead + 64)
            let o0 = block(i, &acc0), o1 = block(i + 1, &acc1), o2 = block(i + 2, &acc2), o3 = block(i + 3, &acc3)
            if F.hasOffset { offsets += SIMD4(o0, o1, o2, o3) }
            i += 4
        }
        while i < blocks {
            let o = block(i, &acc0)
            if F.hasOffset { offsets[0] += o }
            i += 1
        }
        let total = _mm256_add_ps(_mm256_add_ps(acc0, acc1), _mm256_add_ps(acc2, acc3)).sum()
        return F.hasOffset ? total + offsets.sum() : total
    }
}

/// One 32-element block of one format as 8 lanes of integer products (4 elements each), with the block's
/// scale and offset (w = scale · q + offset).
protocol BlockFormat {
    static var blockBytes: Int { get }
    static var hasOffset: Bool { get }
    static func scale(_ block: UnsafeRawPointer) -> Float
    static func offset(_ block: UnsafeRawPointer) -> Float
    /// Lane j: Σ of the products of elements 4j…4j+3 (quant × activation byte).
    static func products(_ block: UnsafeRawPointer, _ x: __m256i) -> __m256i
}

/// An f16 at `p + offset` through F16C (`vcvtph2ps` from a `vmovd`: `Float(Float16(bitPattern:))` would insert
/// into a live register, a false dependency on the previous block; see `halfToFloat` in `Kernels`).
@inline(__always)
func half(_ p: UnsafeRawPointer, _ offset: Int) -> Float {
    _mm_cvtss_f32(_mm_cvtph_ps(_mm_cvtsi32_si128(Int32(p.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))))
}

/// 16 bytes of packed nibbles → 32 bytes: low nibbles (elements 0–15), then high (16–31).
@inline(__always)
func nibbles(_ p: UnsafeRawPointer) -> __m256i {
    let v = p.loadUnaligned(as: __m128i.self)
    return _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(v, 4), v), _mm256_set1_epi8(0x0F))
}

/// 32 bits → 32 bytes, 0x10 where the bit is set (the fifth bit of Q5 quants).
@inline(__always)
func fifthBits(_ bits: UInt32) -> __m256i {
    let spread = _mm256_shuffle_epi8(_mm256_set1_epi32(Int32(bitPattern: bits)),
                                     _mm256_setr_epi64x(0, 0x0101_0101_0101_0101, 0x0202_0202_0202_0202, 0x0303_0303_0303_0303))
    let set = _mm256_cmpeq_epi8(_mm256_or_si256(spread, _mm256_set1_epi64x(0x7FBF_DFEF_F7FB_FDFE)), _mm256_set1_epi64x(-1))
    return _mm256_and_si256(set, _mm256_set1_epi8(0x10))
}

/// Σ of 4 adjacent products of unsigned `q` and signed `x` bytes per 32-bit lane.
@inline(__always)
func unsignedProducts(_ q: __m256i, _ x: __m256i) -> __m256i {
    _mm256_dpbusd_avx_epi32(_mm256_setzero_si256(), q, x)
}

enum Q4_0: BlockFormat {
    static var blockBytes: Int { 18 }
    static var hasOffset: Bool { true }
    @inline(__always) static func scale(_ p: UnsafeRawPointer) -> Float { half(p, 0) }
    @inline(__always) static func offset(_ p: UnsafeRawPointer) -> Float { -8 * half(p, 0) }
    @inline(__always) static func products(_ p: UnsafeRawPointer, _ x: __m256i) -> __m256i { unsignedProducts(nibbles(p + 2), x) }
}

enum Q4_1: BlockFormat {
    static var blockBytes: Int { 20 }
    static var hasOffset: Bool { true }
    @inline(__always) static func scale(_ p: UnsafeRawPointer) -> Float { half(p, 0) }
    @inline(__always) static func offset(_ p: UnsafeRawPointer) -> Float { half(p, 2) }
    @inline(__always) static func products(_ p: UnsafeRawPointer, _ x: __m256i) -> __m256i { unsignedProducts(nibbles(p + 4), x) }
}

enum Q5_0: BlockFormat {
    static var blockBytes: Int { 22 }
    static var hasOffset: Bool { true }
    @inline(__always) static func scale(_ p: UnsafeRawPointer) -> Float { half(p, 0) }
    @inline(__always) static func offset(_ p: UnsafeRawPointer) -> Float { -16 * half(p, 0) }
    @inline(__always) static func products(_ p: UnsafeRawPointer, _ x: __m256i) -> __m256i {
        unsignedProducts(_mm256_or_si256(nibbles(p + 6), fifthBits(p.loadUnaligned(fromByteOffset: 2, as: UInt32.self))), x)
    }
}

enum Q5_1: BlockFormat {
    static var blockBytes: Int { 24 }
    static var hasOffset: Bool { true }
    @inline(__always) static func scale(_ p: UnsafeRawPointer) -> Float { half(p, 0) }
    @inline(__always) static func offset(_ p: UnsafeRawPointer) -> Float { half(p, 2) }
    @inline(__always) static func products(_ p: UnsafeRawPointer, _ x: __m256i) -> __m256i {
        unsignedProducts(_mm256_or_si256(nibbles(p + 8), fifthBits(p.loadUnaligned(fromByteOffset: 4, as: UInt32.self))), x)
    }
}

enum Q8_0: BlockFormat {
    static var blockBytes: Int { 34 }
    static var hasOffset: Bool { false }
    @inline(__always) static func scale(_ p: UnsafeRawPointer) -> Float { half(p, 0) }
    @inline(__always) static func offset(_ p: UnsafeRawPointer) -> Float { 0 }
    @inline(__always) static func products(_ p: UnsafeRawPointer, _ x: __m256i) -> __m256i {
        // Σ |q| · (x with q's sign) = Σ q · x; |−128| is the unsigned byte 128.
        let q = (p + 2).loadUnaligned(as: __m256i.self)
        return unsignedProducts(_mm256_sign_epi8(q, q), _mm256_sign_epi8(x, q))
    }
}
#endif
