/// The list of models Infill knows how to download and verify.
///
/// The built-in catalogue is compiled into the binary so that it needs nothing from the repository at run
/// time; `models/catalog.json` in the repository is the same list in JSON (a test holds the two together).
public struct ModelCatalog: Sendable, Codable, Equatable {
    /// The catalogue name used when the user names no model.
    public static let defaultModelName = "qwen2.5-coder-0.5b"

    /// The models, in display order.
    public let models: [ModelEntry]

    /// A catalogue of the given models.
    public init(models: [ModelEntry]) {
        self.models = models
    }

    /// The catalogue shipped with Infill.
    public static func builtIn() -> ModelCatalog {
        ModelCatalog(models: builtInModels)
    }

    /// The model with this short name, if any.
    public func entry(named name: String) -> ModelEntry? {
        models.first { $0.name == name }
    }
}
