import GGUF
import Kernels
import TensorFormats

/// The weights of one transformer block, as views into the memory-mapped file (no copies).
struct BlockWeights: @unchecked Sendable {
    let attentionNorm: UnsafePointer<Float>       // (embedding)
    let query: WeightMatrix                       // (queryWidth rows, embedding columns)
    let key: WeightMatrix                         // (kvWidth, embedding)
    let value: WeightMatrix                       // (kvWidth, embedding)
    let queryBias: UnsafePointer<Float>?          // (queryWidth), qwen2 only
    let keyBias: UnsafePointer<Float>?            // (kvWidth)
    let valueBias: UnsafePointer<Float>?          // (kvWidth)
    let attentionOutput: WeightMatrix             // (embedding, queryWidth)
    let feedForwardNorm: UnsafePointer<Float>     // (embedding)
    let gate: WeightMatrix                        // (feedForward, embedding)
    let up: WeightMatrix                          // (feedForward, embedding)
    let down: WeightMatrix                        // (embedding, feedForward)
}

/// All weights of a model, as views into the memory-mapped GGUF file. Keeps the file alive.
final class TransformerWeights: @unchecked Sendable {
    let file: GGUFFile
    let tokenEmbeddings: WeightMatrix             // (vocabulary rows, embedding columns)
    let blocks: [BlockWeights]
    let outputNorm: UnsafePointer<Float>          // (embedding)
    let output: WeightMatrix                      // (vocabulary, embedding); the embeddings when tied

    init(file: GGUFFile, configuration c: ModelConfiguration) throws {
        self.file = file
        let loader = TensorLoader(file: file)
        tokenEmbeddings = try loader.matrix("token_embd.weight", rows: nil, columns: c.embeddingLength)
        outputNorm = try loader.vector("output_norm.weight", count: c.embeddingLength)
        if file.tensor(named: "output.weight") != nil {
            output = try loader.matrix("output.weight", rows: c.vocabularySize, columns: c.embeddingLength)
        } else {
            output = tokenEmbeddings
        }
        var blocks: [BlockWeights] = []
        blocks.reserveCapacity(c.layerCount)
        for i in 0..<c.layerCount {
            let p = "blk.\(i)."
            let hasBias = file.tensor(named: p + "attn_q.bias") != nil
            blocks.append(BlockWeights(
                attentionNorm: try loader.vector(p + "attn_norm.weight", count: c.embeddingLength),
                query: try loader.matrix(p + "attn_q.weight", rows: c.queryWidth, columns: c.embeddingLength),
                key: try loader.matrix(p + "attn_k.weight", rows: c.kvWidth, columns: c.embeddingLength),
                value: try loader.matrix(p + "attn_v.weight", rows: c.kvWidth, columns: c.embeddingLength),
                queryBias: hasBias ? try loader.vector(p + "attn_q.bias", count: c.queryWidth) : nil,
                keyBias: hasBias ? try loader.vector(p + "attn_k.bias", count: c.kvWidth) : nil,
                valueBias: hasBias ? try loader.vector(p + "attn_v.bias", count: c.kvWidth) : nil,
                attentionOutput: try loader.matrix(p + "attn_output.weight", rows: c.embeddingLength, columns: c.queryWidth),
                feedForwardNorm: try loader.vector(p + "ffn_norm.weight", count: c.embeddingLength),
                gate: try loader.matrix(p + "ffn_gate.weight", rows: c.feedForwardLength, columns: c.embeddingLength),
                up: try loader.matrix(p + "ffn_up.weight", rows: c.feedForwardLength, columns: c.embeddingLength),
                down: try loader.matrix(p + "ffn_down.weight", rows: c.embeddingLength, columns: c.feedForwardLength)))
        }
        self.blocks = blocks
    }
}

/// Looks tensors up by name and checks their shape and type before handing out pointers.
private struct TensorLoader {
    let file: GGUFFile

    func info(_ name: String) throws -> GGUFTensorInfo {
        guard let info = file.tensor(named: name) else { throw TransformerError.missingTensor(name: name) }
        return info
    }

    /// A 2-D weight; GGUF lists the row length first. `rows == nil` accepts any row count.
    func matrix(_ name: String, rows: Int?, columns: Int) throws -> WeightMatrix {
        let t = try info(name)
        guard t.dimensions.count == 2, t.dimensions[0] == columns, rows == nil || t.dimensions[1] == rows else {
            throw TransformerError.tensorShapeMismatch(name: name, expected: [columns, rows ?? -1], found: t.dimensions)
        }
        guard Dequantize.isSupported(t.type) else {
            throw TransformerError.unsupportedTensorType(name: name, type: t.type)
        }
        let bytes = file.data(for: t)
        guard let base = bytes.baseAddress else { throw TransformerError.missingTensor(name: name) }
        return WeightMatrix(type: t.type, rows: t.dimensions[1], columns: columns, data: base)
    }

    /// A 1-D f32 vector (norm weights, biases).
    func vector(_ name: String, count: Int) throws -> UnsafePointer<Float> {
        let t = try info(name)
        guard t.elementCount == count, t.dimensions.count == 1 else {
            throw TransformerError.tensorShapeMismatch(name: name, expected: [count], found: t.dimensions)
        }
        guard t.type == .f32 else { throw TransformerError.unsupportedTensorType(name: name, type: t.type) }
        let bytes = file.data(for: t)
        guard let base = bytes.baseAddress, Int(bitPattern: base) % MemoryLayout<Float>.alignment == 0 else {
            throw TransformerError.missingTensor(name: name)
        }
        return base.assumingMemoryBound(to: Float.self)
    }
}
