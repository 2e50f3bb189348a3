import Foundation
#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

extension KernelBenchmark {
    /// The f32 fused-multiply-add peak of one thread of this CPU, in GFLOP/s: twelve independent SIMD8
    /// accumulators (enough to hide the FMA latency) updated in a loop with no memory traffic. GEMM
    /// speeds are read against this figure, measured on the same machine in the same run, because
    /// machines of one nominal kind differ (one such machine measured half of PERF.md's figure).
    public static func fmaPeakGigaflops(minimumSeconds: Double = 0.3) -> Double {
        var a0 = SIMD8<Float>(repeating: 0.1), a1 = SIMD8<Float>(repeating: 0.2), a2 = SIMD8<Float>(repeating: 0.3)
        var a3 = SIMD8<Float>(repeating: 0.4), a4 = SIMD8<Float>(repeating: 0.5), a5 = SIMD8<Float>(repeating: 0.6)
        var a6 = SIMD8<Float>(repeating: 0.7), a7 = SIMD8<Float>(repeating: 0.8), a8 = SIMD8<Float>(repeating: 0.9)
        var a9 = SIMD8<Float>(repeating: 1.0), a10 = SIMD8<Float>(repeating: 1.1), a11 = SIMD8<Float>(repeating: 1.2)
        let x = SIMD8<Float>(repeating: 0.999), y = SIMD8<Float>(repeating: 0.0001)
        let iterationsPerRound = 1_000_000
        var rounds = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        repeat {
            for _ in 0..<iterationsPerRound {
                a0 = fma(a0, x, y); a1 = fma(a1, x, y); a2 = fma(a2, x, y); a3 = fma(a3, x, y)
                a4 = fma(a4, x, y); a5 = fma(a5, x, y); a6 = fma(a6, x, y); a7 = fma(a7, x, y)
                a8 = fma(a8, x, y); a9 = fma(a9, x, y); a10 = fma(a10, x, y); a11 = fma(a11, x, y)
            }
            rounds += 1
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        } while elapsed < minimumSeconds
        // Use the results so the loop is not removed.
        let total = (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11).sum()
        if total.isNaN { return 0 }
        return Double(rounds) * Double(iterationsPerRound) * 12 * 16 / elapsed / 1e9
    }

    /// a · b + c in one instruction (the intrinsic keeps the compiler from rewriting the loop).
    @inline(__always)
    private static func fma(_ a: SIMD8<Float>, _ b: SIMD8<Float>, _ c: SIMD8<Float>) -> SIMD8<Float> {
        #if arch(x86_64)
        return _mm256_fmadd_ps(a, b, c)
        #else
        return c.addingProduct(a, b)
        #endif
    }
}
