import GGUF

/// The `<architecture>.*` metadata of a GGUF file, read with errors that name the key.
struct HyperParameters {
    let file: GGUFFile
    /// The `general.architecture` value, the prefix of every key read here.
    let architecture: String

    /// Largest count accepted for any size (layers, widths, heads, context): far above any real model,
    /// low enough that products of two sizes cannot overflow.
    static let countLimit = 1 << 24

    func key(_ suffix: String) -> String { "\(architecture).\(suffix)" }

    /// A required count: an integer in `1..<countLimit`.
    func count(_ suffix: String) throws -> Int {
        guard file.metadata[key(suffix)] != nil else { throw TransformerError.missingMetadata(key: key(suffix)) }
        return try count(suffix, default: 0)
    }

    /// An optional count: `fallback` when the key is absent, an error when it is present but not an integer
    /// in `1..<countLimit`.
    func count(_ suffix: String, default fallback: Int) throws -> Int {
        guard let stored = file.metadata[key(suffix)] else { return fallback }
        guard let value = stored.integerValue else {
            throw TransformerError.invalidMetadata(key: key(suffix), reason: "not an integer")
        }
        guard value > 0, value < Self.countLimit else {
            throw TransformerError.invalidMetadata(key: key(suffix), reason: "\(value) is out of range")
        }
        return value
    }

    /// An optional number: `fallback` when the key is absent, an error when it is present but not a number.
    func number(_ suffix: String, default fallback: Double) throws -> Double {
        guard let stored = file.metadata[key(suffix)] else { return fallback }
        guard let value = stored.floatValue else {
            throw TransformerError.invalidMetadata(key: key(suffix), reason: "not a number")
        }
        return value
    }

    /// The number of tokens the model's embeddings and output projection must cover: the length of the
    /// tokenizer's `tokenizer.ggml.tokens` when the file has one, otherwise the rows of `token_embd.weight`.
    func vocabularySize() throws -> Int {
        if let tokens = file.metadata["tokenizer.ggml.tokens"]?.arrayValue, !tokens.isEmpty { return tokens.count }
        guard let embeddings = file.tensor(named: "token_embd.weight") else {
            throw TransformerError.missingTensor(name: "token_embd.weight")
        }
        guard embeddings.dimensions.count == 2, embeddings.dimensions[1] > 0 else {
            throw TransformerError.tensorShapeMismatch(name: "token_embd.weight", expected: [-1, -1], found: embeddings.dimensions)
        }
        return embeddings.dimensions[1]
    }

    /// The configuration of a llama.cpp-style decoder. llama.cpp gives every architecture the same key
    /// names (`LLM_KV_*`), so this one table serves each family; `ropeStyle` is the family's own choice.
    ///
    /// | key (after `<architecture>.`)       | field                  | when absent               |
    /// |-------------------------------------|------------------------|---------------------------|
    /// | `block_count`                       | `layerCount`           | error                     |
    /// | `embedding_length`                  | `embeddingLength`      | error                     |
    /// | `attention.head_count`              | `headCount`            | error                     |
    /// | `attention.head_count_kv`           | `kvHeadCount`          | `headCount`               |
    /// | `attention.key_length`              | `headDimension`        | width / heads             |
    /// | `feed_forward_length`               | `feedForwardLength`    | error                     |
    /// | `context_length`                    | `trainedContextLength` | 4096                      |
    /// | `rope.freq_base`                    | `ropeBase`             | 10000                     |
    /// | `rope.dimension_count`              | `ropeDimensions`       | `headDimension`           |
    /// | `attention.layer_norm_rms_epsilon`  | `rmsEpsilon`           | 1e-6                      |
    func decoderConfiguration(ropeStyle: RoPEStyle) throws -> ModelConfiguration {
        let embeddingLength = try count("embedding_length")
        let headCount = try count("attention.head_count")
        let headDimension = try count("attention.key_length", default: embeddingLength / headCount)
        return try ModelConfiguration(
            architecture: architecture,
            layerCount: try count("block_count"),
            embeddingLength: embeddingLength,
            headCount: headCount,
            kvHeadCount: try count("attention.head_count_kv", default: headCount),
            headDimension: headDimension,
            feedForwardLength: try count("feed_forward_length"),
            trainedContextLength: try count("context_length", default: 4096),
            ropeBase: try number("rope.freq_base", default: 10_000),
            ropeDimensions: try count("rope.dimension_count", default: headDimension),
            ropeStyle: ropeStyle,
            rmsEpsilon: Float(try number("attention.layer_norm_rms_epsilon", default: 1e-6)),
            vocabularySize: try vocabularySize()
        ).validated()
    }
}
