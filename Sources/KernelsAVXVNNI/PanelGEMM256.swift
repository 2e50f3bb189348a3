#if arch(x86_64)
import _Builtin_intrinsics.intel

/// The integer matrix-matrix micro-kernel for AVX-VNNI (256-bit, VEX-encoded `vpdpbusd`: Alder Lake, Raptor
/// Lake, Meteor/Arrow Lake and other CPUs with AVX-VNNI but no AVX-512).
///
/// This module is compiled for Haswell plus AVX-VNNI, so nothing in it may run before `KernelPath.avxvnni`
/// was found available; `Kernels` calls it only then. It reads the same packed panels as the AVX-512
/// `PanelGEMM` (`PackedPanel` in `Kernels`: 16 rows, w = scale[row, block] · q + offset[row, block] with q an
/// unsigned byte, one 64-byte group per 4 columns of all 16 rows) and takes the same arguments, but a 256-bit
/// register holds 8 rows: each call runs each half of the panel (rows 0–7, then 8–15) over the vectors, 4 at a
/// time (4 integer and 4 float accumulators, the quants, the broadcast activations, the scales and offsets:
/// 12 of the 16 YMM registers).
///
/// Every row's arithmetic is the AVX-512 kernel's, lane for lane: per block, the exact integer sum of its
/// byte products, then f = fma(scale · d_x, sum, f) and f = fma(offset, s_x, f). So the results equal the
/// `avx512` path's bit for bit.
public enum PanelGEMM256 {
    /// Vectors per call (the same as `PanelGEMM`'s).
    public static let tileVectors = 8
    /// Vectors per pass over a half panel.
    static let passVectors = 4

    /// output[v · outputStride + r] = Σ_c w[r, c] · x_v[c] for the panel's `rowCount` (≤ 16) rows and the
    /// first `vectorCount` (1…8) vectors. The arguments are `PanelGEMM.multiply`'s:
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
        let scaleCount = columns / 32, sumCount = columns / blockElements
        var v = 0
        while v < vectorCount {
            for half in 0..<2 where 8 * half < rowCount {
                pass(quants: quants + 32 * half, scales: scales + 8 * half, offsets: offsets + 8 * half,
                     columns: columns, blockElements: blockElements,
                     vectors: vectors + v * columns, vectorScales: vectorScales + v * scaleCount, vectorSums: vectorSums + v * sumCount,
                     vectorCount: min(passVectors, vectorCount - v), output: output + v * outputStride + 8 * half,
                     outputStride: outputStride, rowCount: min(8, rowCount - 8 * half))
            }
            v += passVectors
        }
    }

    /// 8 rows (one half of the panel: `quants` points at its first 32 bytes of each 64-byte group, `scales`
    /// and `offsets` at its first of each block's 16) × up to 4 vectors.
    @inline(__always)
    static func pass(quants: UnsafeRawPointer, scales: UnsafePointer<Float>, offsets: UnsafePointer<Float>,
                     columns: Int, blockElements: Int,
                     vectors: UnsafePointer<Int8>, vectorScales: UnsafePointer<Float>, vectorSums: UnsafePointer<Float>,
                     vectorCount: Int, output: UnsafeMutablePointer<Float>, outputStride: Int, rowCount: Int) {
        let last = vectorCount - 1
        let blocks = columns / blockElements
        let groupsPerBlock = blockElements / 4
        let blockToScaleShift = blockElements == 16 ? 1 : 0   // block index → index of its 32-element activation scale
        @inline(__always) func vector(_ v: Int) -> UnsafeRawPointer { UnsafeRawPointer(vectors + min(v, last) * columns) }
        let x0 = vector(0), x1 = vector(1), x2 = vector(2), x3 = vector(3)
        let scaleCount = columns / 32, sumCount = blocks
        @inline(__always) func scaleRow(_ v: Int) -> UnsafePointer<Float> { vectorScales + min(v, last) * scaleCount }
        @inline(__always) func sumRow(_ v: Int) -> UnsafePointer<Float> { vectorSums + min(v, last) * sumCount }
        let d0 = scaleRow(0), d1 = scaleRow(1), d2 = scaleRow(2), d3 = scaleRow(3)
        let s0 = sumRow(0), s1 = sumRow(1), s2 = sumRow(2), s3 = sumRow(3)
        var f0 = _mm256_setzero_ps(), f1 = _mm256_setzero_ps(), f2 = _mm256_setzero_ps(), f3 = _mm256_setzero_ps()
        @inline(__always) func bytes4(_ x: UnsafeRawPointer, _ at: Int) -> __m256i {
            _mm256_set1_epi32(x.loadUnaligned(fromByteOffset: at, as: Int32.self))
        }
        var w = quants
        for b in 0..<blocks {
            var i0 = _mm256_setzero_si256(), i1 = _mm256_setzero_si256(), i2 = _mm256_setzero_si256(), i3 = _mm256_setzero_si256()
            var at = b * blockElements
            for _ in 0..<groupsPerBlock {
                let q = w.loadUnaligned(as: __m256i.self)
                i0 = _mm256_dpbusd_avx_epi32(i0, q, bytes4(x0, at)); i1 = _mm256_dpbusd_avx_epi32(i1, q, bytes4(x1, at))
                i2 = _mm256_dpbusd_avx_epi32(i2, q, bytes4(x2, at)); i3 = _mm256_dpbusd_avx_epi32(i3, q, bytes4(x3, at))
                w += 64
                at += 4
            }
            let scale = _mm256_loadu_ps(scales + 16 * b), offset = _mm256_loadu_ps(offsets + 16 * b)
            let k = b >> blockToScaleShift
            @inline(__always) func accumulate(_ f: inout __m256, _ i: __m256i, _ d: UnsafePointer<Float>, _ s: UnsafePointer<Float>) {
                f = _mm256_fmadd_ps(_mm256_mul_ps(scale, _mm256_set1_ps(d[k])), _mm256_cvtepi32_ps(i), f)
                f = _mm256_fmadd_ps(offset, _mm256_set1_ps(s[b]), f)
            }
            accumulate(&f0, i0, d0, s0); accumulate(&f1, i1, d1, s1); accumulate(&f2, i2, d2, s2); accumulate(&f3, i3, d3, s3)
        }
        // Lanes below rowCount have their sign bit set: the rows to store.
        let mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(Int32(rowCount)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7))
        @inline(__always) func store(_ v: Int, _ f: __m256) {
            guard v < vectorCount else { return }
            if rowCount == 8 {
                _mm256_storeu_ps(output + v * outputStride, f)
            } else {
                _mm256_maskstore_ps(output + v * outputStride, mask, f)
            }
        }
        store(0, f0); store(1, f1); store(2, f2); store(3, f3)
    }
}
#endif
