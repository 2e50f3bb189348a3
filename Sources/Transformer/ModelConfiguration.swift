/// How a model rotates query and key vectors by position.
public enum RoPEStyle: Sendable, Equatable {
    /// Pairs are (x[i], x[i + d/2]): GPT-NeoX layout, used by qwen2.
    case neox
    /// Pairs are (x[2i], x[2i+1]): the original layout, used by llama-family GGUF files
    /// (the converter already permuted the Q/K weights for it).
    case interleaved
}

/// Hyper-parameters of a decoder-only transformer. An architecture file (`Architectures/`) reads them
/// from GGUF metadata; `validated()` checks everything the forward pass relies on.
public struct ModelConfiguration: Sendable, Equatable {
    /// Architectures this engine implements (values of `general.architecture`).
    public static var supportedArchitectures: [String] { ArchitectureRegistry.names }

    /// `general.architecture`, e.g. "qwen2".
    public var architecture: String
    /// Number of transformer blocks.
    public var layerCount: Int
    /// Width of the residual stream.
    public var embeddingLength: Int
    /// Number of query heads.
    public var headCount: Int
    /// Number of key/value heads (grouped-query attention when smaller than `headCount`).
    public var kvHeadCount: Int
    /// Width of one attention head.
    public var headDimension: Int
    /// Width of the feed-forward hidden layer.
    public var feedForwardLength: Int
    /// Context length the model was trained for.
    public var trainedContextLength: Int
    /// RoPE frequency base.
    public var ropeBase: Double
    /// Number of leading dimensions of each head that RoPE rotates.
    public var ropeDimensions: Int
    /// RoPE pairing.
    public var ropeStyle: RoPEStyle
    /// Epsilon of RMSNorm.
    public var rmsEpsilon: Float
    /// Number of tokens: rows of the token embeddings and of the output projection.
    public var vocabularySize: Int

    /// Width of all query heads together.
    public var queryWidth: Int { headCount * headDimension }
    /// Width of all key (or value) heads together.
    public var kvWidth: Int { kvHeadCount * headDimension }

    /// The metadata key a field was read from, for error messages.
    func key(_ suffix: String) -> String { "\(architecture).\(suffix)" }

    /// This configuration, after checking that every value is one the forward pass can run with.
    /// - Throws: `TransformerError.invalidMetadata` naming the key whose value is impossible.
    func validated() throws -> ModelConfiguration {
        func check(_ condition: Bool, _ suffix: String, _ reason: @autoclosure () -> String) throws {
            guard condition else { throw TransformerError.invalidMetadata(key: key(suffix), reason: reason()) }
        }
        try check(embeddingLength % headCount == 0, "attention.head_count",
                  "\(headCount) heads do not divide the width \(embeddingLength)")
        try check(headCount % kvHeadCount == 0, "attention.head_count_kv",
                  "\(kvHeadCount) key/value heads do not divide \(headCount) query heads")
        try check(headDimension > 0 && headDimension % 2 == 0 && headDimension <= 1024, "attention.key_length", "head width \(headDimension)")
        try check(ropeDimensions > 0 && ropeDimensions <= headDimension && ropeDimensions % 2 == 0, "rope.dimension_count",
                  "\(ropeDimensions) rotated dimensions for a head width of \(headDimension)")
        try check(ropeBase.isFinite && ropeBase > 0, "rope.freq_base", "\(ropeBase) is not a finite positive number")
        try check(rmsEpsilon.isFinite && rmsEpsilon > 0, "attention.layer_norm_rms_epsilon",
                  "\(rmsEpsilon) is not a finite positive number")
        return self
    }
}
