/// One model family: how its GGUF metadata becomes a `ModelConfiguration`, and how each of its blocks is
/// put together from the shared layers (`Layers/`). Each family is one file in `Architectures/`.
///
/// The forward pass never asks which architecture it runs: everything that differs between families is
/// decided here, at load time, and lives in the configuration and the blocks' types.
protocol Architecture: Sendable {
    /// The value of `general.architecture` this family is stored under, e.g. "qwen2".
    static var name: String { get }

    /// Reads the family's hyper-parameters (the `<name>.*` keys).
    static func configuration(_ keys: HyperParameters) throws -> ModelConfiguration

    /// Block `layer`, built from the `blk.<layer>.*` tensors. Every shape is checked against `configuration`.
    static func block(_ layer: Int, tensors: TensorLoader, configuration: ModelConfiguration) throws -> any TransformerBlock
}

/// The architectures this engine implements, chosen by `general.architecture`.
enum ArchitectureRegistry {
    /// Every implemented family. Adding one is a file in `Architectures/` and a line here.
    static let all: [any Architecture.Type] = [Qwen2.self, Llama.self]

    /// The `general.architecture` values that can be loaded.
    static var names: [String] { all.map { $0.name } }

    /// The family stored under `name`.
    /// - Throws: `TransformerError.unsupportedArchitecture`, which names `name` and the supported ones.
    static func architecture(named name: String) throws -> any Architecture.Type {
        guard let found = all.first(where: { $0.name == name }) else {
            throw TransformerError.unsupportedArchitecture(name)
        }
        return found
    }
}
