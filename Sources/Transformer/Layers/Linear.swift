import Kernels

/// A linear layer `y = W·x (+ b)`, its weight (any supported quantisation) and bias mapped from the file.
struct Linear: @unchecked Sendable {
    let weight: WeightMatrix                      // (outputs rows, inputs columns)
    let bias: UnsafePointer<Float>?               // (outputs), when the layer has one

    /// Width of one output row.
    var outputs: Int { weight.rows }

    /// `output` `(rows, outputs)` = each row of `input` `(rows, inputs)` times the weight, plus the bias.
    func callAsFunction(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>, pool: ThreadPool) {
        MatMul.multiply(weight, input: input, batch: rows, output: output, pool: pool)
        guard let bias else { return }
        for r in 0..<rows { VectorOps.add(output + r * outputs, bias, count: outputs) }
    }
}

/// Whether a projection has a bias tensor (`<name>.bias`) next to its weight.
enum BiasPresence {
    /// The architecture has no bias here; a `.bias` tensor in the file is not read.
    case none
    /// Used when the file has it.
    case optional
    /// The file must have it.
    case required
}
