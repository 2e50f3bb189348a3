import Kernels
#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

extension Attention {
    /// scores[i] = scale · (query · key row i) for `count` key rows starting at `keys`, `stride` floats
    /// apart, each `headDim` long.
    ///
    /// On x86-64 (and head widths that are a multiple of 8) eight key rows are taken at once: eight
    /// accumulators, then one horizontal-add tree turns them into the eight scores, instead of a
    /// separate dot product and horizontal sum per row.
    static func scores(query: UnsafePointer<Float>, keys: UnsafePointer<Float>, stride: Int, count: Int,
                       headDim: Int, scale: Float, into scores: UnsafeMutablePointer<Float>) {
        var i = 0
        #if arch(x86_64)
        if headDim % 8 == 0 {
            let scaleVector = SIMD8<Float>(repeating: scale)
            while i + 8 <= count {
                let k = keys + i * stride
                var a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps()
                var a4 = _mm256_setzero_ps(), a5 = _mm256_setzero_ps(), a6 = _mm256_setzero_ps(), a7 = _mm256_setzero_ps()
                var d = 0
                while d < headDim {
                    let q = load8(query + d)
                    a0 = _mm256_fmadd_ps(q, load8(k + d), a0)
                    a1 = _mm256_fmadd_ps(q, load8(k + stride + d), a1)
                    a2 = _mm256_fmadd_ps(q, load8(k + 2 * stride + d), a2)
                    a3 = _mm256_fmadd_ps(q, load8(k + 3 * stride + d), a3)
                    a4 = _mm256_fmadd_ps(q, load8(k + 4 * stride + d), a4)
                    a5 = _mm256_fmadd_ps(q, load8(k + 5 * stride + d), a5)
                    a6 = _mm256_fmadd_ps(q, load8(k + 6 * stride + d), a6)
                    a7 = _mm256_fmadd_ps(q, load8(k + 7 * stride + d), a7)
                    d += 8
                }
                // Lane j of the result is the sum of the lanes of a_j.
                let u0 = _mm256_hadd_ps(_mm256_hadd_ps(a0, a1), _mm256_hadd_ps(a2, a3))
                let u1 = _mm256_hadd_ps(_mm256_hadd_ps(a4, a5), _mm256_hadd_ps(a6, a7))
                let sums = SIMD8(lowHalf: u0.lowHalf, highHalf: u1.lowHalf) + SIMD8(lowHalf: u0.highHalf, highHalf: u1.highHalf)
                UnsafeMutableRawPointer(scores + i).storeBytes(of: sums * scaleVector, as: SIMD8<Float>.self)
                i += 8
            }
        }
        #endif
        while i < count {
            scores[i] = VectorOps.dot(query, keys + i * stride, count: headDim) * scale
            i += 1
        }
    }
}

#if arch(x86_64)
@inline(__always)
private func load8(_ p: UnsafePointer<Float>) -> __m256 {
    UnsafeRawPointer(p).loadUnaligned(as: __m256.self)
}
#endif
