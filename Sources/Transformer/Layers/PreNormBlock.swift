import Kernels

/// One decoder block: replaces the residual stream of a batch's rows by the block's output.
///
/// Architectures whose blocks have another shape (extra norms, a parallel MLP, ...) add their own type.
protocol TransformerBlock: Sendable {
    /// `x` `(rows, embedding)` ← block(x); stores the rows' keys and values in their caches at `layer`.
    func callAsFunction(_ x: UnsafeMutablePointer<Float>, layer: Int, pass: ForwardPass)
}

/// The pre-norm block of llama-style decoders (Llama, Qwen2, ...):
/// `h = x + attention(norm(x))`, then `x = h + mlp(norm(h))`.
struct PreNormBlock: TransformerBlock {
    let attentionNorm: RMSNorm                    // (embedding)
    let attention: SelfAttention
    let mlpNorm: RMSNorm                          // (embedding)
    let mlp: GatedMLP

    func callAsFunction(_ x: UnsafeMutablePointer<Float>, layer: Int, pass: ForwardPass) {
        let b = pass.buffers
        let count = pass.rows * attentionNorm.width

        // h = x + attention(norm(x))
        attentionNorm(x, rows: pass.rows, into: b.normalized)
        attention(b.normalized, layer: layer, pass: pass, into: b.blockOutput)
        VectorOps.add(x, b.blockOutput, count: count)

        // x = h + mlp(norm(h))
        mlpNorm(x, rows: pass.rows, into: b.normalized)
        mlp(b.normalized, pass: pass, into: b.blockOutput)
        VectorOps.add(x, b.blockOutput, count: count)
    }
}
