/// Qwen2 (Qwen2.5, Qwen2.5-Coder), as llama.cpp stores it in GGUF.
///
/// A pre-norm decoder: every block is `h = x + attention(rmsNorm(x))`, then `x = h + mlp(rmsNorm(h))`.
/// What makes it Qwen2:
/// - the query, key and value projections have biases (`blk.N.attn_q.bias`, ...), required;
/// - RoPE pairs dimension i with i + d/2 (NeoX layout);
/// - the MLP is SiLU-gated: `down(silu(gate(x)) · up(x))`;
/// - the output projection is tied to the token embeddings when the file has no `output.weight`
///   (the 0.5B), separate otherwise (the larger models).
///
/// Keys read (`qwen2.` prefix, see `HyperParameters.decoderConfiguration`): `block_count`,
/// `embedding_length`, `attention.head_count`, `attention.head_count_kv`, `feed_forward_length`,
/// `context_length`, `rope.freq_base`, `rope.dimension_count`, `attention.key_length`,
/// `attention.layer_norm_rms_epsilon`.
enum Qwen2: Architecture {
    static let name = "qwen2"

    static func configuration(_ keys: HyperParameters) throws -> ModelConfiguration {
        try keys.decoderConfiguration(ropeStyle: .neox)
    }

    static func block(_ layer: Int, tensors: TensorLoader, configuration c: ModelConfiguration) throws -> any TransformerBlock {
        let blk = "blk.\(layer)."
        return PreNormBlock(
            attentionNorm: try tensors.rmsNorm(blk + "attn_norm", configuration: c),                  // (embedding)
            attention: try SelfAttention(tensors, prefix: blk, configuration: c, bias: .required),    // q/k/v with biases
            mlpNorm: try tensors.rmsNorm(blk + "ffn_norm", configuration: c),                         // (embedding)
            mlp: try GatedMLP(tensors, prefix: blk, configuration: c))                                // SiLU-gated
    }
}
