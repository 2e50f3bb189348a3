import GGUF
import Kernels

/// A decoder-only transformer (qwen2 or llama architecture) whose weights stay in the memory-mapped GGUF file.
///
/// The normal way to call it is "continue from this cache": `evaluate(_:cache:pool:)` makes a cache hold a
/// token sequence, processing only the tokens the cache does not already have, and returns the next-token
/// logits. `step(_:pool:)` advances several caches by one token each in one batched pass (beam search).
public final class Transformer: @unchecked Sendable {
    /// Hyper-parameters read from the file.
    public let configuration: ModelConfiguration
    let weights: TransformerWeights
    let rope: RotaryEmbedding
    /// Largest number of tokens pushed through the weights in one pass (bounds scratch memory).
    public let maximumBatch: Int

    /// Tokens processed between two cancellation checks during prompt processing.
    public static let cancellationChunk = 128

    /// Builds the model from an opened GGUF file. Checks every tensor's presence, shape and type.
    public init(file: GGUFFile, maximumBatch: Int = 512) throws {
        configuration = try ModelConfiguration(file: file)
        weights = try TransformerWeights(file: file, configuration: configuration)
        rope = RotaryEmbedding(configuration: configuration)
        self.maximumBatch = max(1, maximumBatch)
    }

    /// A new empty root cache. `maximumLength` defaults to the model's trained context length.
    public func makeCache(maximumLength: Int? = nil) -> KVCache {
        KVCache(layerCount: configuration.layerCount, kvWidth: configuration.kvWidth,
                maximumLength: maximumLength ?? configuration.trainedContextLength)
    }

    /// Makes `cache` hold exactly `sequence`, reusing its longest common prefix, and returns the logits
    /// predicting the token after the sequence. When the whole sequence is cached already, the last token
    /// is evaluated again (its logits are not kept), which costs one token.
    /// - Complexity: proportional to the tokens not already in the cache.
    public func evaluate(_ sequence: [Int32], cache: KVCache, pool: ThreadPool) throws -> [Float] {
        try evaluate(sequence, cache: cache, pool: pool, shouldContinue: { true }) ?? []
    }

    /// Like `evaluate(_:cache:pool:)`, but asks `shouldContinue` between chunks of `cancellationChunk` tokens
    /// and returns nil when it says no. What was processed stays in the cache, so a later call resumes there.
    /// The chunk (128 tokens, about a second or two on 2 cores) bounds how long a cancelled request keeps
    /// the engine busy, while staying large enough for the matrix-matrix kernels to run at full speed.
    public func evaluate(_ sequence: [Int32], cache: KVCache, pool: ThreadPool, shouldContinue: () -> Bool) throws -> [Float]? {
        guard !sequence.isEmpty else { throw TransformerError.contextFull(requested: 0, maximum: cache.maximumLength) }
        var reuse = cache.commonPrefixLength(with: sequence)
        if reuse == sequence.count { reuse -= 1 }
        reuse = max(reuse, cache.parentLength)
        cache.truncate(to: reuse)
        var start = reuse
        while true {
            let end = min(sequence.count, start + min(maximumBatch, Self.cancellationChunk))
            let logits = try forward(Array(sequence[start..<end]), cache: cache, pool: pool)
            if end == sequence.count { return logits }
            start = end
            if !shouldContinue() { return nil }
        }
    }

    /// Appends `tokens` to `cache` and returns the logits after the last of them.
    public func forward(_ tokens: [Int32], cache: KVCache, pool: ThreadPool) throws -> [Float] {
        try forwardAll(tokens, cache: cache, logitsFrom: tokens.count - 1, pool: pool).last ?? []
    }

    /// Same as `forward(_:cache:pool:)` but returns the logits after every token (teacher-forced scoring).
    public func forwardAll(_ tokens: [Int32], cache: KVCache, pool: ThreadPool) throws -> [[Float]] {
        try forwardAll(tokens, cache: cache, logitsFrom: 0, pool: pool)
    }

    /// Appends `tokens` to `cache` and returns the logits after each of `tokens[logitsFrom...]` (element
    /// i of the result follows token `logitsFrom + i`). The output projection, a vocabulary-sized product
    /// per row, is computed only for those rows: scoring the end of a sequence costs no more than that.
    public func forwardAll(_ tokens: [Int32], cache: KVCache, logitsFrom: Int, pool: ThreadPool) throws -> [[Float]] {
        var all: [[Float]] = []
        var start = 0
        while start < tokens.count {
            let end = min(tokens.count, start + maximumBatch)
            let first = try cache.append(tokens[start..<end])
            let entries = (start..<end).map { BatchEntry(token: tokens[$0], cache: cache, position: first + $0 - start) }
            let wanted = Array(min(max(logitsFrom - start, 0), entries.count)..<entries.count)
            do {
                all += try run(entries, logitRows: wanted, pool: pool)
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
    public func step(_ items: [(token: Int32, cache: KVCache)], pool: ThreadPool) throws -> [[Float]] {
        var entries: [BatchEntry] = []
        for item in items {
            let position = try item.cache.append(CollectionOfOne(item.token))
            entries.append(BatchEntry(token: item.token, cache: item.cache, position: position))
        }
        do {
            return try run(entries, logitRows: Array(0..<entries.count), pool: pool)
        } catch {
            for e in entries { e.cache.truncate(to: e.position) }
            throw error
        }
    }
}
