#if arch(x86_64)
import _Builtin_intrinsics.intel
import TensorFormats

/// The integer matrix-matrix micro-kernel for plain AVX2 (Haswell to Zen 3, and Zen 2 servers: no VNNI), on
/// the same packed panels as the VNNI kernels (`PackedPanel`: 16 rows, w = scale[row, block] · q + offset with
/// q an unsigned byte, one 64-byte group per 4 columns of all 16 rows), 8 rows × 4 vectors per pass as
/// `PanelGEMM256`.
///
/// Without `vpdpbusd`, the four byte products of a 32-bit lane are summed by `vpmaddubsw` (unsigned × signed
/// bytes, adjacent pairs summed into 16 bits) and `vpmaddwd` by ones (adjacent 16-bit pairs into 32 bits).
/// `vpmaddwd` shares its execution port with `vpmaddubsw` on these CPUs, so it is taken once per several
/// groups: the 16-bit pair sums of `int16Groups(type)` consecutive groups are added in 16 bits first. That is
/// exact while every 16-bit sum stays below 2^15: a pair is at most 2 · q_max · 127 (activations are within
/// ±127, `Q8Activations`), so 8 groups for 4-bit quants (q ≤ 15: 8 · 3 810), 4 for 5-bit (q ≤ 31: 4 · 7 874),
/// 2 for Q6_K (q ≤ 63: 2 · 16 002). Q8_0's bytes (q + 128 ≤ 255) could saturate even one `vpmaddubsw`, so
/// `supports` leaves it to the other kernels.
///
/// The integer sums are therefore exactly the VNNI kernels' and the float steps the same, lane for lane:
/// the results equal the `avxvnni` and `avx512` paths' bit for bit (`AVX2PanelTests`).
///
/// Its loop is `PanelGEMM256`'s but for the inner product, on purpose: that module is compiled for AVX-VNNI
/// (`-mavxvnni`), so nothing of it may run on a CPU without it, and this one must stay at the Haswell level.
enum PanelGEMMAVX2 {
    /// Vectors per pass over a half panel.
    static let passVectors = 4

    /// Whether the kernel handles `type` exactly (every `PackedPanel` type whose unsigned quants stay below 64).
    static func supports(_ type: GGMLType) -> Bool {
        PackedPanel.supports(type) && type != .q8_0
    }

    /// Groups of 4 columns whose 16-bit pair sums are added before widening to 32 bits (see the type's doc).
    static func int16Groups(_ type: GGMLType) -> Int {
        switch type {
        case .q4_0, .q4_1, .q4_K: return 8
        case .q5_0, .q5_1: return 4
        default: return 2   // Q6_K
        }
    }

    /// output[v · outputStride + r] = Σ_c w[r, c] · x_v[c] for the panel's `rowCount` (≤ 16) rows and the
    /// first `vectorCount` (1…8, `PanelGEMM.tileVectors`) vectors; the arguments are `PanelGEMM256.multiply`'s, plus `int16Groups`.
    @inline(never)
    static func multiply(quants: UnsafeRawPointer, scales: UnsafePointer<Float>, offsets: UnsafePointer<Float>,
                         columns: Int, blockElements: Int, int16Groups: Int,
                         vectors: UnsafePointer<Int8>, vectorScales: UnsafePointer<Float>, vectorSums: UnsafePointer<Float>,
                         vectorCount: Int, output: UnsafeMutablePointer<Float>, outputStride: Int, rowCount: Int) {
        let scaleCount = columns / 32, sumCount = columns / blockElements
        var v = 0
        while v < vectorCount {
            for half in 0..<2 where 8 * half < rowCount {
                pass(quants: quants + 32 * half, scales: scales + 8 * half, offsets: offsets + 8 * half,
                     columns: columns, blockElements: blockElements, int16Groups: int16Groups,
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
                     columns: Int, blockElements: Int, int16Groups: Int,
                     vectors: UnsafePointer<Int8>, vectorScales: UnsafePointer<Float>, vectorSums: UnsafePointer<Float>,
                     vectorCount: Int, output: UnsafeMutablePointer<Float>, outputStride: Int, rowCount: Int) {
        let last = vectorCount - 1
        let blocks = columns / blockElements
        let groupsPerBlock = blockElements / 4
        let runs = groupsPerBlock / int16Groups   // 16-bit runs per block, each widened once
        let blockToScaleShift = blockElements == 16 ? 1 : 0   // block index → index of its 32-element activation scale
        @inline(__always) func vector(_ v: Int) -> UnsafeRawPointer { UnsafeRawPointer(vectors + min(v, last) * columns) }
        let x0 = vector(0), x1 = vector(1), x2 = vector(2), x3 = vector(3)
        let scaleCount = columns / 32, sumCount = blocks
        @inline(__always) func scaleRow(_ v: Int) -> UnsafePointer<Float> { vectorScales + min(v, last) * scaleCount }
        @inline(__always) func sumRow(_ v: Int) -> UnsafePointer<Float> { vectorSums + min(v, last) * sumCount }
        let d0 = scaleRow(0), d1 = scaleRow(1), d2 = scaleRow(2), d3 = scaleRow(3)
        let s0 = sumRow(0), s1 = sumRow(1), s2 = sumRow(2), s3 = sumRow(3)
        let ones = _mm256_set1_epi16(1)
        var f0 = _mm256_setzero_ps(), f1 = _mm256_setzero_ps(), f2 = _mm256_setzero_ps(), f3 = _mm256_setzero_ps()
        @inline(__always) func bytes4(_ x: UnsafeRawPointer, _ at: Int) -> __m256i {
            _mm256_set1_epi32(x.loadUnaligned(fromByteOffset: at, as: Int32.self))
        }
        var w = quants
        for b in 0..<blocks {
            var i0 = _mm256_setzero_si256(), i1 = _mm256_setzero_si256(), i2 = _mm256_setzero_si256(), i3 = _mm256_setzero_si256()
            var at = b * blockElements
            for _ in 0..<runs {
                var h0 = _mm256_setzero_si256(), h1 = _mm256_setzero_si256(), h2 = _mm256_setzero_si256(), h3 = _mm256_setzero_si256()
                for _ in 0..<int16Groups {
                    let q = w.loadUnaligned(as: __m256i.self)
                    h0 = _mm256_add_epi16(h0, _mm256_maddubs_epi16(q, bytes4(x0, at)))
                    h1 = _mm256_add_epi16(h1, _mm256_maddubs_epi16(q, bytes4(x1, at)))
                    h2 = _mm256_add_epi16(h2, _mm256_maddubs_epi16(q, bytes4(x2, at)))
                    h3 = _mm256_add_epi16(h3, _mm256_maddubs_epi16(q, bytes4(x3, at)))
                    w += 64
                    at += 4
                }
                i0 = _mm256_add_epi32(i0, _mm256_madd_epi16(h0, ones)); i1 = _mm256_add_epi32(i1, _mm256_madd_epi16(h1, ones))
                i2 = _mm256_add_epi32(i2, _mm256_madd_epi16(h2, ones)); i3 = _mm256_add_epi32(i3, _mm256_madd_epi16(h3, ones))
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
