import Foundation
import Tokenizer
import Transformer

/// A model ready to run: its tokenizer and its transformer (which owns the mapped file and the worker threads).
///
/// Loading maps the file and reads its metadata and tensor directory; no weight is copied, so loading
/// takes well under a second once the file is in the page cache.
public final class LoadedModel: @unchecked Sendable {
    /// Where the model was loaded from.
    public let path: String
    /// The vocabulary built from the file's metadata.
    public let tokenizer: Tokenizer
    /// The forward pass.
    public let transformer: Transformer
    /// Seconds spent opening and checking the file.
    public let loadSeconds: Double

    /// Opens `path` and builds tokenizer and transformer. Errors name what is wrong with the file.
    public init(path: String, threads: Int) throws {
        let start = Date()
        self.path = path
        tokenizer = try Tokenizer(contentsOf: path)
        transformer = try Transformer(contentsOf: path, threads: threads)
        loadSeconds = Date().timeIntervalSince(start)
    }

    /// A sensible default thread count: the CPUs this process may run on (its affinity on Linux).
    public static var defaultThreadCount: Int { UsableCPUs.count }

    /// A short human description, e.g. "qwen2 24 blocks, width 896, vocabulary 151936".
    public var summary: String {
        let c = transformer.configuration
        return "\(c.architecture), \(c.layerCount) blocks, width \(c.embeddingLength), \(c.headCount) heads (\(c.kvHeadCount) kv), vocabulary \(c.vocabularySize)"
    }
}
