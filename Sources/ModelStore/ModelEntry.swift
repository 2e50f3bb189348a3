/// One model of the catalogue: which file it is, how to check it, and where to get it.
public struct ModelEntry: Codable, Sendable, Equatable {
    /// The short name users type, e.g. `qwen2.5-coder-0.5b`.
    public let name: String
    /// The file name under the models directory, e.g. `qwen2.5-coder-0.5b-instruct-q4_k_m.gguf`.
    public let fileName: String
    /// The exact size of the file in bytes.
    public let bytes: Int
    /// The lowercase hex SHA-256 of the whole file.
    public let sha256: String
    /// The licence of the weights (SPDX identifier).
    public let license: String
    /// The GGUF `general.architecture` of the file, e.g. `qwen2`, `llama`.
    public let architecture: String
    /// Whether the model has fill-in-the-middle tokens.
    public let supportsFIM: Bool
    /// Where the file can be obtained, in order of preference.
    public let sources: [ModelSource]

    /// A catalogue entry.
    public init(name: String, fileName: String, bytes: Int, sha256: String, license: String,
                architecture: String, supportsFIM: Bool, sources: [ModelSource]) {
        self.name = name
        self.fileName = fileName
        self.bytes = bytes
        self.sha256 = sha256
        self.license = license
        self.architecture = architecture
        self.supportsFIM = supportsFIM
        self.sources = sources
    }
}
