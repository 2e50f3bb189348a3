import Foundation
import GGUF

/// A complete, tiny GGUF model written from scratch (f32 weights, a vocabulary of single letters, no
/// merges), for tests of what the loader accepts and refuses. Start from a valid model and break one thing:
/// a metadata value (`metadata`), a tensor's shape (`shapes`), a missing tensor (`omitted`).
public struct TinyModelFile {
    /// `general.architecture`: "llama" (no biases) or "qwen2" (query/key/value biases).
    public let architecture: String
    public let embedding = 32
    public let heads = 4
    public let kvHeads = 2
    public let feedForward = 64
    public let layers = 2
    /// Tokens of the tokenizer: "a", "b", ... (all normal tokens).
    public let vocabulary: [String] = (0..<64).map { String(UnicodeScalar(UInt8(0x21 + $0))) }
    /// Whether the file has its own `output.weight` (otherwise the output is tied to the embeddings).
    public var separateOutput = true
    /// Metadata values by key; set a key to nil to leave it out. Filled with a valid configuration.
    public var metadata: [String: GGUFValue?] = [:]
    /// Tensor shapes by name, GGUF order (row length first). Filled with the valid shapes.
    public var shapes: [String: [Int]] = [:]
    /// Tensors left out of the file.
    public var omitted: Set<String> = []

    public init(architecture: String = "llama") {
        self.architecture = architecture
        let a = architecture
        metadata = [
            "general.architecture": .string(a),
            "\(a).block_count": .uint32(UInt32(layers)),
            "\(a).embedding_length": .uint32(UInt32(embedding)),
            "\(a).attention.head_count": .uint32(UInt32(heads)),
            "\(a).attention.head_count_kv": .uint32(UInt32(kvHeads)),
            "\(a).feed_forward_length": .uint32(UInt32(feedForward)),
            "\(a).context_length": .uint32(256),
            "\(a).rope.freq_base": .float32(10_000),
            "\(a).attention.layer_norm_rms_epsilon": .float32(1e-5),
            "tokenizer.ggml.model": .string("gpt2"),
            "tokenizer.ggml.tokens": .array(vocabulary.map { .string($0) }),
            "tokenizer.ggml.token_type": .array(vocabulary.map { _ in .int32(1) }),
            "tokenizer.ggml.merges": .array([]),
        ]
        let kvWidth = embedding / heads * kvHeads
        shapes = ["token_embd.weight": [embedding, vocabulary.count], "output_norm.weight": [embedding],
                  "output.weight": [embedding, vocabulary.count]]
        for i in 0..<layers {
            let blk = "blk.\(i)."
            shapes[blk + "attn_norm.weight"] = [embedding]
            shapes[blk + "attn_q.weight"] = [embedding, embedding]
            shapes[blk + "attn_k.weight"] = [embedding, kvWidth]
            shapes[blk + "attn_v.weight"] = [embedding, kvWidth]
            shapes[blk + "attn_output.weight"] = [embedding, embedding]
            shapes[blk + "ffn_norm.weight"] = [embedding]
            shapes[blk + "ffn_gate.weight"] = [embedding, feedForward]
            shapes[blk + "ffn_up.weight"] = [embedding, feedForward]
            shapes[blk + "ffn_down.weight"] = [feedForward, embedding]
            if architecture == "qwen2" {
                shapes[blk + "attn_q.bias"] = [embedding]
                shapes[blk + "attn_k.bias"] = [kvWidth]
                shapes[blk + "attn_v.bias"] = [kvWidth]
            }
        }
    }

    /// The file image: metadata in key order, tensors in name order, f32 data (norm weights 1, the rest
    /// small deterministic values).
    public func bytes() -> [UInt8] {
        var writer = GGUFTestWriter()
        writer.metadata = metadata.keys.sorted().compactMap { key in metadata[key]!.map { (key, $0) } }
        for name in shapes.keys.sorted() where !omitted.contains(name) && (separateOutput || name != "output.weight") {
            let shape = shapes[name]!
            let count = shape.reduce(1, *)
            writer.tensors.append(.init(name: name, dimensions: shape.map(UInt64.init), typeCode: 0,
                                        relativeOffset: UInt64(writer.data.count)))
            for i in 0..<count {
                let value: Float = name.hasSuffix("norm.weight") ? 1 : Float(sin(Double(i * 7 + name.count))) * 0.1
                GGUFTestWriter.append(value.bitPattern, to: &writer.data)
            }
            while writer.data.count % writer.alignment != 0 { writer.data.append(0) }
        }
        return writer.bytes()
    }

    /// Writes `bytes()` to a new file in the temporary directory and returns its path.
    public func write() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tiny-\(UUID().uuidString).gguf").path
        try Data(bytes()).write(to: URL(fileURLWithPath: path))
        return path
    }
}
