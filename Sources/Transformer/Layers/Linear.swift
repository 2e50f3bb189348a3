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
        addBias(to: output, rows: rows)
    }

    /// Several layers of the same input (query/key/value, gate/up), each into its output: the same
    /// results as calling each, but in generation one parallel region and one input quantization for all
    /// (`MatMul.multiply(sharing:)`).
    static func apply(_ layers: [(layer: Linear, output: UnsafeMutablePointer<Float>)], to input: UnsafePointer<Float>, rows: Int, pool: ThreadPool) {
        MatMul.multiply(sharing: input, batch: rows, layers.map { MatMul.Product($0.layer.weight, into: $0.output) }, pool: pool)
        for (layer, output) in layers { layer.addBias(to: output, rows: rows) }
    }

    private func addBias(to output: UnsafeMutablePointer<Float>, rows: Int) {
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
