#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif
import TensorFormats

/// Activation vectors quantized to 8 bits in blocks of 32, as llama.cpp does before an integer dot
/// product with quantized weights: element i ≈ scales[i / 32] · values[i]. `sums[k]` is the block's
/// term for the weights' offsets (Q4_0/Q5_0/Q8_0 in their unsigned form, Q4_1/Q5_1's minimum, Q4_K),
/// ≈ Σ of the 32 elements. How scales and sums are rounded follows `format`.
struct Q8Activations {
    /// How the block scales and sums are rounded. The byte values are the same in every format: per
    /// block, value = round-to-nearest-even(x · 127 / max|x|), as ggml's x86 `quantize_row_q8_0/_1`.
    enum Format {
        /// ggml's `block_q8_0`, the activations of Q4_0, Q5_0 and Q8_0 weights in llama.cpp (its
        /// matrix-vector dot products and llamafile's tiled products alike): the scale max|x| / 127 is
        /// stored as f16, so scales[k] is that f16 value, and sums[k] = scales[k] · Σ values exactly
        /// (the integer kernels' offset form of these symmetric weights then equals ggml's products).
        case q8_0
        /// ggml's `block_q8_1`, the activations of Q4_1 and Q5_1 weights: scale as in `q8_0`, and
        /// sums[k] = f16(unrounded scale · Σ values), the term ggml multiplies by the weights' minimum.
        case q8_1
        /// f32 scale max|x| / 127 and sums[k] = scale · Σ values: for the k-quant types in the VNNI
        /// panel kernel (llama.cpp quantizes their activations per 256 instead, with an f32 scale).
        case f32

        /// The format llama.cpp uses with weights of `type`.
        static func matching(_ type: GGMLType) -> Format {
            switch type {
            case .q4_0, .q5_0, .q8_0: return .q8_0
            case .q4_1, .q5_1: return .q8_1
            default: return .f32
            }
        }
    }

    let values: UnsafeMutablePointer<Int8>
    let scales: UnsafeMutablePointer<Float>
    let sums: UnsafeMutablePointer<Float>
    /// Elements per vector (a multiple of 32).
    let count: Int
    /// Number of vectors.
    let batch: Int
    /// How scales and sums are rounded.
    let format: Format

    /// Allocates room for `batch` vectors of `count` elements; release with `deallocate()`.
    init(count: Int, batch: Int, format: Format) {
        self.count = count
        self.batch = batch
        self.format = format
        values = .allocate(capacity: count * batch)
        scales = .allocate(capacity: count / 32 * batch)
        sums = .allocate(capacity: count / 32 * batch)
    }

    func deallocate() {
        values.deallocate()
        scales.deallocate()
        sums.deallocate()
    }

    /// Vector `b` as (values, scales, sums) pointers.
    @inline(__always)
    func vector(_ b: Int) -> (values: UnsafePointer<Int8>, scales: UnsafePointer<Float>, sums: UnsafePointer<Float>) {
        (UnsafePointer(values + b * count), UnsafePointer(scales + b * count / 32), UnsafePointer(sums + b * count / 32))
    }

    /// Quantizes vector `b` from `x` (`count` floats): per block, scale = max|x| / 127 and
    /// value = round(x · 127 / max|x|); scales and sums rounded as `format` says.
    func quantize(_ b: Int, from x: UnsafePointer<Float>) {
        let blocks = count / 32
        let q = values + b * count
        let d = scales + b * blocks
        let s = sums + b * blocks
        switch format {
        case .q8_0:
            for k in 0..<blocks {
                let (scale, sum) = Self.quantizeBlock(x + 32 * k, into: q + 32 * k)
                let rounded = roundedToHalf(scale)
                d[k] = rounded
                s[k] = rounded * Float(sum)
            }
        case .q8_1:
            for k in 0..<blocks {
                let (scale, sum) = Self.quantizeBlock(x + 32 * k, into: q + 32 * k)
                d[k] = roundedToHalf(scale)
                s[k] = roundedToHalf(scale * Float(sum))
            }
        case .f32:
            for k in 0..<blocks {
                let (scale, sum) = Self.quantizeBlock(x + 32 * k, into: q + 32 * k)
                d[k] = scale
                s[k] = scale * Float(sum)
            }
        }
    }

    #if arch(x86_64)
    /// One block of 32 with AVX2: returns (scale, Σ values).
    @inline(__always)
    static func quantizeBlock(_ x: UnsafePointer<Float>, into q: UnsafeMutablePointer<Int8>) -> (Float, Int32) {
        let v0 = load8(x), v1 = load8(x + 8), v2 = load8(x + 16), v3 = load8(x + 24)
        let m = _mm256_max_ps(_mm256_max_ps(abs8(v0), abs8(v1)), _mm256_max_ps(abs8(v2), abs8(v3)))
        let m4 = _mm_max_ps(m.lowHalf, m.highHalf)   // (`SIMD.max()` is not inlined: it becomes a call.)
        let amax = Swift.max(Swift.max(m4[0], m4[1]), Swift.max(m4[2], m4[3]))
        let scale = amax / 127
        let inverse: Float = amax > 0 ? 127 / amax : 0
        let i0 = _mm256_cvtps_epi32(v0 * inverse), i1 = _mm256_cvtps_epi32(v1 * inverse)
        let i2 = _mm256_cvtps_epi32(v2 * inverse), i3 = _mm256_cvtps_epi32(v3 * inverse)
        let total = unsafeBitCast(_mm256_add_epi32(_mm256_add_epi32(i0, i1), _mm256_add_epi32(i2, i3)), to: SIMD8<Int32>.self).wrappedSum()
        // packs works within 128-bit lanes; the permute restores element order.
        let p01 = _mm256_packs_epi32(i0, i1), p23 = _mm256_packs_epi32(i2, i3)
        let packed = _mm256_packs_epi16(p01, p23)
        let ordered = _mm256_permutevar8x32_epi32(packed, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7))
        UnsafeMutableRawPointer(q).storeBytes(of: ordered, as: __m256i.self)
        return (scale, total)
    }

    @inline(__always)
    static func abs8(_ v: SIMD8<Float>) -> SIMD8<Float> {
        _mm256_andnot_ps(_mm256_set1_ps(-0.0), v)
    }
    #else
    /// One block of 32, portable: returns (scale, Σ values).
    @inline(__always)
    static func quantizeBlock(_ x: UnsafePointer<Float>, into q: UnsafeMutablePointer<Int8>) -> (Float, Int32) {
        var amax: Float = 0
        for i in 0..<32 { amax = max(amax, abs(x[i])) }
        let inverse: Float = amax > 0 ? 127 / amax : 0
        var total: Int32 = 0
        for i in 0..<32 {
            let v = Int8((x[i] * inverse).rounded(.toNearestOrEven))
            q[i] = v
            total += Int32(v)
        }
        return (amax / 127, total)
    }
    #endif
}
