import Foundation

extension VectorOps {
    /// Plain scalar versions of the vector kernels, accumulating in `Double`, for tests.
    public enum Reference {
        /// Σ a[i] · b[i] in Double.
        public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Double {
            var sum = 0.0
            for i in 0..<count { sum += Double(a[i]) * Double(b[i]) }
            return sum
        }

        /// out[i] = x[i] · weight[i] / sqrt(mean(x²) + epsilon), computed in Double.
        public static func rmsNorm(_ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, count: Int, epsilon: Float, into out: UnsafeMutablePointer<Float>) {
            let meanSquare = dot(x, x, count: count) / Double(count)
            let factor = 1 / (meanSquare + Double(epsilon)).squareRoot()
            for i in 0..<count { out[i] = Float(Double(x[i]) * factor * Double(weight[i])) }
        }

        /// In-place softmax in Double.
        public static func softmax(_ x: UnsafeMutablePointer<Float>, count: Int) {
            var maximum = -Double.infinity
            for i in 0..<count { maximum = max(maximum, Double(x[i])) }
            var sum = 0.0
            for i in 0..<count { sum += exp(Double(x[i]) - maximum) }
            for i in 0..<count { x[i] = Float(exp(Double(x[i]) - maximum) / sum) }
        }

        /// gate[i] = silu(gate[i]) · up[i] in Double.
        public static func swiglu(gate: UnsafeMutablePointer<Float>, up: UnsafePointer<Float>, count: Int) {
            for i in 0..<count {
                let g = Double(gate[i])
                gate[i] = Float(g / (1 + exp(-g)) * Double(up[i]))
            }
        }
    }
}
