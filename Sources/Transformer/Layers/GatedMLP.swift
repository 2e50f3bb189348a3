import Kernels

/// The SiLU-gated feed-forward layer: `mlp(x) = down(silu(gate(x)) · up(x))`.
struct GatedMLP: Sendable {
    let gate: Linear                              // (feedForward, embedding)
    let up: Linear                                // (feedForward, embedding)
    let down: Linear                              // (embedding, feedForward)

    /// Loads `<prefix>ffn_gate`, `ffn_up` and `ffn_down` (no biases), checking their shapes.
    init(_ tensors: TensorLoader, prefix: String, configuration c: ModelConfiguration) throws {
        gate = try tensors.linear(prefix + "ffn_gate", rows: c.feedForwardLength, columns: c.embeddingLength, bias: .none)
        up = try tensors.linear(prefix + "ffn_up", rows: c.feedForwardLength, columns: c.embeddingLength, bias: .none)
        down = try tensors.linear(prefix + "ffn_down", rows: c.embeddingLength, columns: c.feedForwardLength, bias: .none)
    }

    /// `output` `(rows, embedding)` = mlp of each row of `input` `(rows, embedding)`.
    func callAsFunction(_ input: UnsafePointer<Float>, pass: ForwardPass, into output: UnsafeMutablePointer<Float>) {
        let n = pass.rows, b = pass.buffers
        Linear.apply([(gate, b.gate), (up, b.up)], to: input, rows: n, pool: pass.pool)   // each (rows, feedForward)
        VectorOps.swiglu(gate: b.gate, up: b.up, count: n * gate.outputs)      // gate ← silu(gate) · up
        down(b.gate, rows: n, into: output, pool: pass.pool)                   // (rows, embedding)
    }
}
