#if arch(x86_64)
import _Builtin_intrinsics.intel

/// The integer matrix-matrix micro-kernel for AVX-512 VNNI: 16 weight rows × up to 8 input vectors.
///
/// This module is compiled for Cascade Lake (AVX-512 F/BW/DQ/CD/VL and VNNI), so nothing in it may run
/// before `KernelPath.avx512` was found available; `Kernels` calls it only then. It knows no weight
/// format: `Kernels` packs each panel of 16 rows first (`PackedPanel` there), so that every weight is
/// w = scale[row, block] · q + offset[row, block] with q an unsigned byte, for blocks of `blockElements`
/// (16 or 32) elements, and the activations are signed bytes with one scale per 32 elements.
///
/// Per block and vector: `vpdpbusd` sums 4 byte products at a time into 16 rows' 32-bit lanes (the
/// activation bytes broadcast from memory), then the block's sum is converted once and scaled into f32.
public enum PanelGEMM {
    /// Vectors per call.
    public static let tileVectors = 8

    /// output[v · outputStride + r] = Σ_c w[r, c] · x_v[c] for the panel's `rowCount` (≤ 16) rows and the
    /// first `vectorCount` (1…8) vectors.
    ///
    /// - Parameters:
    ///   - quants: `columns / 4` groups of 16 rows × 4 bytes: the bytes of row r for columns 4g…4g+3 at
    ///     `quants + 64g + 4r`.
    ///   - scales, offsets: per block b, 16 floats (one per row) at `16b`.
    ///   - vectors: vector v's bytes at `vectors + v · columns`; `vectorScales` one float per 32 elements
    ///     (vector v's at `v · columns / 32`); `vectorSums` per block, scale · Σ bytes (vector v's at
    ///     `v · columns / blockElements`).
    @inline(never)
    public static func multiply(quants: UnsafeRawPointer, scales: UnsafePointer<Float>, offsets: UnsafePointer<Float>,
                                columns: Int, blockElements: Int,
                                vectors: UnsafePointer<Int8>, vectorScales: UnsafePointer<Float>, vectorSums: UnsafePointer<Float>,
                                vectorCount: Int, output: UnsafeMutablePointer<Float>, outputStride: Int, rowCount: Int) {
        let last = vectorCount - 1
        let blocks = columns / blockElements
        let groupsPerBlock = blockElements / 4
        let blockToScaleShift = blockElements == 16 ? 1 : 0   // block index → index of its 32-element activation scale
        @inline(__always) func vector(_ v: Int) -> UnsafeRawPointer { UnsafeRawPointer(vectors + min(v, last) * columns) }
        let x0 = vector(0), x1 = vector(1), x2 = vector(2), x3 = vector(3)
        let x4 = vector(4), x5 = vector(5), x6 = vector(6), x7 = vector(7)
        let scaleCount = columns / 32, sumCount = blocks
        @inline(__always) func scaleRow(_ v: Int) -> UnsafePointer<Float> { vectorScales + min(v, last) * scaleCount }
        @inline(__always) func sumRow(_ v: Int) -> UnsafePointer<Float> { vectorSums + min(v, last) * sumCount }
        let d0 = scaleRow(0), d1 = scaleRow(1), d2 = scaleRow(2), d3 = scaleRow(3)
        let d4 = scaleRow(4), d5 = scaleRow(5), d6 = scaleRow(6), d7 = scaleRow(7)
        let s0 = sumRow(0), s1 = sumRow(1), s2 = sumRow(2), s3 = sumRow(3)
        let s4 = sumRow(4), s5 = sumRow(5), s6 = sumRow(6), s7 = sumRow(7)
        var f0 = _mm512_setzero_ps(), f1 = _mm512_setzero_ps(), f2 = _mm512_setzero_ps(), f3 = _mm512_setzero_ps()
        var f4 = _mm512_setzero_ps(), f5 = _mm512_setzero_ps(), f6 = _mm512_setzero_ps(), f7 = _mm512_setzero_ps()
        @inline(__always) func bytes4(_ x: UnsafeRawPointer, _ at: Int) -> __m512i {
            _mm512_set1_epi32(x.loadUnaligned(fromByteOffset: at, as: Int32.self))
        }
        var w = quants
        for b in 0..<blocks {
            var i0 = _mm512_setzero_si512(), i1 = _mm512_setzero_si512(), i2 = _mm512_setzero_si512(), i3 = _mm512_setzero_si512()
            var i4 = _mm512_setzero_si512(), i5 = _mm512_setzero_si512(), i6 = _mm512_setzero_si512(), i7 = _mm512_setzero_si512()
            var at = b * blockElements
            for _ in 0..<groupsPerBlock {
                let q = w.load(as: __m512i.self)
                i0 = _mm512_dpbusd_epi32(i0, q, bytes4(x0, at)); i1 = _mm512_dpbusd_epi32(i1, q, bytes4(x1, at))
                i2 = _mm512_dpbusd_epi32(i2, q, bytes4(x2, at)); i3 = _mm512_dpbusd_epi32(i3, q, bytes4(x3, at))
                i4 = _mm512_dpbusd_epi32(i4, q, bytes4(x4, at)); i5 = _mm512_dpbusd_epi32(i5, q, bytes4(x5, at))
                i6 = _mm512_dpbusd_epi32(i6, q, bytes4(x6, at)); i7 = _mm512_dpbusd_epi32(i7, q, bytes4(x7, at))
                w += 64
                at += 4
            }
            let scale = _mm512_loadu_ps(scales + 16 * b), offset = _mm512_loadu_ps(offsets + 16 * b)
            let k = b >> blockToScaleShift
            @inline(__always) func accumulate(_ f: inout __m512, _ i: __m512i, _ d: UnsafePointer<Float>, _ s: UnsafePointer<Float>) {
                f = _mm512_fmadd_ps(_mm512_mul_ps(scale, _mm512_set1_ps(d[k])), _mm512_cvtepi32_ps(i), f)
                f = _mm512_fmadd_ps(offset, _mm512_set1_ps(s[b]), f)
            }
            accumulate(&f0, i0, d0, s0); accumulate(&f1, i1, d1, s1); accumulate(&f2, i2, d2, s2); accumulate(&f3, i3, d3, s3)
            accumulate(&f4, i4, d4, s4); accumulate(&f5, i5, d5, s5); accumulate(&f6, i6, d6, s6); accumulate(&f7, i7, d7, s7)
        }
        let mask = __mmask16(truncatingIfNeeded: (1 << rowCount) - 1)
        @inline(__always) func store(_ v: Int, _ f: __m512) {
            if v < vectorCount { _mm512_mask_storeu_ps(output + v * outputStride, mask, f) }
        }
        store(0, f0); store(1, f1); store(2, f2); store(3, f3)
        store(4, f4); store(5, f5); store(6, f6); store(7, f7)
    }
}
#endif
