import GGUF

/// How a model rotates query and key vectors by position.
public enum RoPEStyle: Sendable, Equatable {
    /// Pairs are (x[i], x[i + d/2]): GPT-NeoX layout, used by qwen2.
    case neox
    /// Pairs are (x[2i], x[2i+1]): the original layout, used by llama-family GGUF files
    /// (the converter already permuted the Q/K weights for it).
    case interleaved
}

/// Hyper-parameters of a decoder-only transformer, read from GGUF metadata (`<arch>.*` keys).
public struct ModelConfiguration: Sendable, Equatable {
    /// Architectures this engine implements.
    public static let supportedArchitectures = ["qwen2", "llama"]

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
    /// Number of rows of the output projection (the vocabulary size).
    public var vocabularySize: Int

    /// Width of all query heads together.
    public var queryWidth: Int { headCount * headDimension }
    /// Width of all key (or value) heads together.
    public var kvWidth: Int { kvHeadCount * headDimension }

    /// Reads the configuration of `file`, validating what the forward pass relies on.
    public init(file: GGUFFile) throws {
        guard let arch = file.string("general.architecture") else {
            throw TransformerError.missingMetadata(key: "general.architecture")
        }
        guard Self.supportedArchitectures.contains(arch) else {
            throw TransformerError.unsupportedArchitecture(arch)
        }
        func required(_ suffix: String) throws -> Int {
            let key = "\(arch).\(suffix)"
            guard let value = file.integer(key) else { throw TransformerError.missingMetadata(key: key) }
            guard value > 0, value < 1 << 24 else {
                throw TransformerError.invalidMetadata(key: key, reason: "\(value) is out of range")
            }
            return value
        }
        architecture = arch
        layerCount = try required("block_count")
        embeddingLength = try required("embedding_length")
        headCount = try required("attention.head_count")
        kvHeadCount = file.integer("\(arch).attention.head_count_kv") ?? headCount
        feedForwardLength = try required("feed_forward_length")
        trainedContextLength = (try? required("context_length")) ?? 4096
        ropeBase = file.float("\(arch).rope.freq_base") ?? 10_000
        rmsEpsilon = Float(file.float("\(arch).attention.layer_norm_rms_epsilon") ?? 1e-6)
        ropeStyle = arch == "qwen2" ? .neox : .interleaved

        guard embeddingLength % headCount == 0 else {
            throw TransformerError.invalidMetadata(
                key: "\(arch).attention.head_count",
                reason: "\(headCount) heads do not divide the width \(embeddingLength)")
        }
        headDimension = file.integer("\(arch).attention.key_length") ?? embeddingLength / headCount
        guard kvHeadCount > 0, headCount % kvHeadCount == 0 else {
            throw TransformerError.invalidMetadata(
                key: "\(arch).attention.head_count_kv",
                reason: "\(kvHeadCount) key/value heads do not divide \(headCount) query heads")
        }
        guard headDimension > 0, headDimension % 2 == 0, headDimension <= 1024 else {
            throw TransformerError.invalidMetadata(key: "\(arch).attention.key_length", reason: "head width \(headDimension)")
        }
        ropeDimensions = file.integer("\(arch).rope.dimension_count") ?? headDimension
        guard ropeDimensions > 0, ropeDimensions <= headDimension, ropeDimensions % 2 == 0 else {
            throw TransformerError.invalidMetadata(key: "\(arch).rope.dimension_count", reason: "\(ropeDimensions)")
        }
        guard ropeBase > 0, ropeBase.isFinite else {
            throw TransformerError.invalidMetadata(key: "\(arch).rope.freq_base", reason: "\(ropeBase)")
        }
        guard let embeddings = file.tensor(named: "token_embd.weight"), embeddings.dimensions.count == 2 else {
            throw TransformerError.missingTensor(name: "token_embd.weight")
        }
        vocabularySize = file.tensor(named: "output.weight")?.dimensions.last ?? embeddings.dimensions[1]
    }
}
