/// Llama and the models stored under its name (SmolLM2, TinyLlama, Llama 2/3, ...), as llama.cpp stores
/// them in GGUF.
///
/// A pre-norm decoder: every block is `h = x + attention(rmsNorm(x))`, then `x = h + mlp(rmsNorm(h))`.
/// What makes it Llama:
/// - the attention projections normally have no biases; a file that has them gets them applied
///   (llama.cpp treats `blk.N.attn_q.bias`, ... as optional for this architecture);
/// - RoPE pairs dimensions (2i, 2i + 1): the converter already permuted the query and key rows for it;
/// - the MLP is SiLU-gated: `down(silu(gate(x)) · up(x))`;
/// - the output projection is tied to the token embeddings when the file has no `output.weight`
///   (SmolLM2), separate otherwise.
///
/// Keys read (`llama.` prefix): the same names as Qwen2's, see `HyperParameters.decoderConfiguration`.
enum Llama: Architecture {
    static let name = "llama"

    static func configuration(_ keys: HyperParameters) throws -> ModelConfiguration {
        try keys.decoderConfiguration(ropeStyle: .interleaved)
    }

    static func block(_ layer: Int, tensors: TensorLoader, configuration c: ModelConfiguration) throws -> any TransformerBlock {
        let blk = "blk.\(layer)."
        return PreNormBlock(
            attentionNorm: try tensors.rmsNorm(blk + "attn_norm", configuration: c),                  // (embedding)
            attention: try SelfAttention(tensors, prefix: blk, configuration: c, bias: .optional),    // biases if present
            mlpNorm: try tensors.rmsNorm(blk + "ffn_norm", configuration: c),                         // (embedding)
            mlp: try GatedMLP(tensors, prefix: blk, configuration: c))                                // SiLU-gated
    }
}
