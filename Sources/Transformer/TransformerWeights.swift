import GGUF
import Kernels

/// All weights of a model, as views into the memory-mapped GGUF file (no copies). Keeps the file alive.
final class TransformerWeights: @unchecked Sendable {
    let file: GGUFFile
    let tokenEmbeddings: WeightMatrix             // (vocabulary rows, embedding columns)
    let blocks: [any TransformerBlock]            // layerCount, built by the architecture
    let outputNorm: RMSNorm                       // (embedding)
    let output: Linear                            // (vocabulary, embedding); the embeddings when tied

    init(file: GGUFFile, architecture: any Architecture.Type, configuration c: ModelConfiguration) throws {
        self.file = file
        let tensors = TensorLoader(file: file)
        tokenEmbeddings = try tensors.matrix("token_embd.weight", rows: c.vocabularySize, columns: c.embeddingLength)
        blocks = try (0..<c.layerCount).map { try architecture.block($0, tensors: tensors, configuration: c) }
        outputNorm = try tensors.rmsNorm("output_norm", configuration: c)
        // Tied output: without `output.weight` the logits are the token embeddings times the hidden state.
        output = file.tensor(named: "output.weight") == nil
            ? Linear(weight: tokenEmbeddings, bias: nil)
            : try tensors.linear("output", rows: c.vocabularySize, columns: c.embeddingLength, bias: .none)
    }
}
