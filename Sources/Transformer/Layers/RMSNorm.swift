import Kernels

/// Root-mean-square normalisation with a learned scale: `out = x / sqrt(mean(x²) + ε) · weight`, row by row.
struct RMSNorm: @unchecked Sendable {
    let weight: UnsafePointer<Float>              // (width), mapped from the file
    let width: Int
    let epsilon: Float

    /// Normalises `rows` rows of `x` `(rows, width)` into `out` `(rows, width)`.
    func callAsFunction(_ x: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            VectorOps.rmsNorm(x + r * width, weight: weight, count: width, epsilon: epsilon, into: out + r * width)
        }
    }
}
