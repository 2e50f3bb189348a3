import Foundation

/// Rotary position embedding (RoPE): rotates pairs of dimensions of each head by a position-dependent angle.
struct RotaryEmbedding: Sendable {
    let headDimension: Int
    let rotatedDimensions: Int
    let style: RoPEStyle
    /// Inverse frequencies θ_i = base^(-2i/d), one per rotated pair.
    let inverseFrequencies: [Double]

    init(configuration c: ModelConfiguration) {
        headDimension = c.headDimension
        rotatedDimensions = c.ropeDimensions
        style = c.ropeStyle
        let d = Double(c.ropeDimensions)
        inverseFrequencies = (0..<c.ropeDimensions / 2).map { pow(c.ropeBase, -2 * Double($0) / d) }
    }

    /// Rotates `heads` consecutive heads of `vector` in place for `position`.
    func apply(_ vector: UnsafeMutablePointer<Float>, heads: Int, position: Int) {
        let half = rotatedDimensions / 2
        withUnsafeTemporaryAllocation(of: Float.self, capacity: rotatedDimensions) { table in
            // cos in [0, half), sin in [half, 2*half); angles in Double for accuracy at long positions.
            for i in 0..<half {
                let angle = Double(position) * inverseFrequencies[i]
                table[i] = Float(cos(angle))
                table[half + i] = Float(sin(angle))
            }
            for h in 0..<heads {
                let x = vector + h * headDimension
                for i in 0..<half {
                    let (a, b) = style == .neox ? (i, i + half) : (2 * i, 2 * i + 1)
                    let c = table[i], s = table[half + i]
                    let x0 = x[a], x1 = x[b]
                    x[a] = x0 * c - x1 * s
                    x[b] = x0 * s + x1 * c
                }
            }
        }
    }
}
