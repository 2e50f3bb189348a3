import GGUF
import Kernels

/// A decoder-only transformer whose weights stay in the memory-mapped GGUF file. The architecture
/// (`Architectures/`) is chosen by the file's `general.architecture`; the model owns its worker threads.
///
/// The normal way to call it is "continue from this cache": `evaluate(_:cache:)` makes a cache hold a
/// token sequence, processing only the tokens the cache does not already have, and returns the next-token
/// logits. `step(_:)` advances several caches by one token each in one batched pass (beam search).
/// Calls must not overlap: one forward pass at a time uses all of the model's threads.
public final class Transformer: @unchecked Sendable {
    /// Hyper-parameters read from the file.
    public let configuration: ModelConfiguration
    let weights: TransformerWeights
    /// Workers shared by every forward pass of this model.
    let pool: ThreadPool
    /// Largest number of tokens pushed through the weights in one pass (bounds scratch memory).
    public let maximumBatch: Int

    /// Tokens processed between two cancellation checks during prompt processing.
    public static let cancellationChunk = 128

    /// Maps the GGUF file at `path` and builds the model of the architecture it names. Checks every
    /// hyper-parameter and every tensor's presence, shape and type; no weight is copied.
    /// - Parameters:
    ///   - threads: worker threads for the forward pass (at least 1).
    ///   - maximumBatch: most tokens pushed through the weights at once.
    /// - Throws: `GGUFError` when the file is not valid GGUF, `TransformerError` when it is not a model
    ///   this engine can run (each error names the key or tensor at fault).
    public convenience init(contentsOf path: String, threads: Int, maximumBatch: Int = 512) throws {
        try self.init(file: GGUFFile(contentsOf: path), threads: threads, maximumBatch: maximumBatch)
    }

    init(file: GGUFFile, threads: Int, maximumBatch: Int) throws {
        guard let name = file.string("general.architecture") else {
            throw TransformerError.missingMetadata(key: "general.architecture")
        }
        let architecture = try ArchitectureRegistry.architecture(named: name)
        configuration = try architecture.configuration(HyperParameters(file: file, architecture: name))
        weights = try TransformerWeights(file: file, architecture: architecture, configuration: configuration)
        self.maximumBatch = max(1, maximumBatch)
        pool = ThreadPool(threadCount: max(1, threads))
    }

    /// Number of threads a forward pass runs on.
    public var threadCount: Int { pool.threadCount }

    /// A new empty root cache. `maximumLength` defaults to the model's trained context length.
    public func makeCache(maximumLength: Int? = nil) -> KVCache {
        KVCache(layerCount: configuration.layerCount, kvWidth: configuration.kvWidth,
                maximumLength: maximumLength ?? configuration.trainedContextLength)
    }

    /// Makes `cache` hold exactly `sequence`, reusing its longest common prefix (of exact rows: never rows
    /// moved by `evaluate(_:cache:moving:maximumStaleTokens:shouldContinue:)`), and returns the logits
    /// predicting the token after the sequence. When the whole sequence is cached already, the last token
    /// is evaluated again (its logits are not kept), which costs one token.
    /// - Complexity: proportional to the tokens not already in the cache.
    public func evaluate(_ sequence: [Int32], cache: KVCache) throws -> [Float] {
        try evaluate(sequence, cache: cache, shouldContinue: { true }) ?? []
    }

    /// Like `evaluate(_:cache:)`, but asks `shouldContinue` before every block of every chunk of the prompt
    /// pass and returns nil as soon as it says no, so a superseded request stops within one layer's work
    /// (about 1/24 of a chunk for the 0.5B) instead of finishing its chunk. Chunks of `cancellationChunk`
    /// tokens that completed stay in the cache, so a later call resumes there; the interrupted chunk is
    /// dropped (its rows were written for some layers only, and the cache's length never covered them).
    public func evaluate(_ sequence: [Int32], cache: KVCache, shouldContinue: () -> Bool) throws -> [Float]? {
        guard !sequence.isEmpty else { throw TransformerError.contextFull(requested: 0, maximum: cache.maximumLength) }
        var reuse = cache.exactPrefixLength(with: sequence)
        if reuse == sequence.count { reuse -= 1 }
        reuse = max(reuse, cache.parentLength)
        cache.truncate(to: reuse)
        return try extend(cache, with: sequence[reuse...], shouldContinue: shouldContinue)
    }

    /// Appends `tokens` to `cache` in chunks of `cancellationChunk`, asking `shouldContinue` before every
    /// block, and returns the logits after the last token; nil when cancelled (the cache then ends at the
    /// last completed chunk).
    func extend(_ cache: KVCache, with tokens: ArraySlice<Int32>, shouldContinue: () -> Bool) throws -> [Float]? {
        var start = tokens.startIndex
        while true {
            let end = min(tokens.endIndex, start + min(maximumBatch, Self.cancellationChunk))
            let first = try cache.append(tokens[start..<end])
            let entries = (start..<end).map { BatchEntry(token: tokens[$0], cache: cache, position: first + $0 - start) }
            let logits: [[Float]]?
            do {
                logits = try run(entries, logitRows: [entries.count - 1], shouldContinue: shouldContinue)
            } catch {
                cache.truncate(to: first)
                throw error
            }
            guard let logits else {
                cache.truncate(to: first)
                return nil
            }
            if end == tokens.endIndex { return logits.last ?? [] }
            start = end
        }
    }

    /// Appends `tokens` to `cache` and returns the logits after the last of them.
    public func forward(_ tokens: [Int32], cache: KVCache) throws -> [Float] {
        try forwardAll(tokens, cache: cache, logitsFrom: tokens.count - 1).last ?? []
    }

    /// Same as `forward(_:cache:)` but returns the logits after every token (teacher-forced scoring).
    public func forwardAll(_ tokens: [Int32], cache: KVCache) throws -> [[Float]] {
        try forwardAll(tokens, cache: cache, logitsFrom: 0)
    }

    /// Appends `tokens` to `cache` and returns the logits after each of `tokens[logitsFrom...]` (element
    /// i of the result follows token `logitsFrom + i`). The output projection, a vocabulary-sized product
    /// per row, is computed only for those rows: scoring the end of a sequence costs no more than that.
    public func forwardAll(_ tokens: [Int32], cache: KVCache, logitsFrom: Int) throws -> [[Float]] {
        var all: [[Float]] = []
        var start = 0
        while start < tokens.count {
            let end = min(tokens.count, start + maximumBatch)
            let first = try cache.append(tokens[start..<end])
            let entries = (start..<end).map { BatchEntry(token: tokens[$0], cache: cache, position: first + $0 - start) }
            let wanted = Array(min(max(logitsFrom - start, 0), entries.count)..<entries.count)
            do {
                all += try run(entries, logitRows: wanted)
            } catch {
                cache.truncate(to: first)
                throw error
            }
            start = end
        }
        return all
    }

    /// Appends one token to each cache, in one batched pass, and returns each cache's next-token logits.
    /// The caches must be distinct objects.
    public func step(_ items: [(token: Int32, cache: KVCache)]) throws -> [[Float]] {
        var entries: [BatchEntry] = []
        for item in items {
            let position = try item.cache.append(CollectionOfOne(item.token))
            entries.append(BatchEntry(token: item.token, cache: item.cache, position: position))
        }
        do {
            return try run(entries, logitRows: Array(0..<entries.count))
        } catch {
            for e in entries { e.cache.truncate(to: e.position) }
            throw error
        }
    }
}
