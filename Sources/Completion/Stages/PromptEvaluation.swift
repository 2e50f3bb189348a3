import Foundation
import Transformer

/// Stage 3a of a completion: the prompt through the model, in the document's KV cache, so that only the
/// tokens after what the cache already holds are processed.
struct PromptEvaluation {
    /// The document's cache, holding exactly the prompt.
    let cache: KVCache
    /// Logits after the prompt's last token; nil when the request was cancelled meanwhile.
    let logits: [Float]?
    /// Prompt tokens found in the cache.
    let reusedTokens: Int
    /// Seconds spent.
    let seconds: Double

    /// Evaluates `prompt` with room for `maxTokens` more, in `caches`' cache for `documentKey`.
    /// `movable`: tokens whose rows may be taken, moved, from the cache's previous prompt (`SuffixRowReuse`).
    init(prompt: Prompt, maxTokens: Int, documentKey: String, caches: DocumentCaches, model: LoadedModel,
         movable: Range<Int>? = nil, maximumStaleTokens: Int = 0, isCancelled: () -> Bool) throws {
        let transformer = model.transformer
        let started = Date()
        let limit = min(transformer.configuration.trainedContextLength, prompt.tokens.count + maxTokens + 64)
        var cache = caches.cache(for: documentKey) { transformer.makeCache(maximumLength: max(limit, 4096)) }
        if cache.maximumLength < prompt.tokens.count + maxTokens + 1 {
            caches.remove(documentKey)
            cache = caches.cache(for: documentKey) { transformer.makeCache(maximumLength: prompt.tokens.count + maxTokens + 64) }
        }
        if let movable {
            let cached = cache.commonPrefixLength(with: prompt.tokens)
            logits = try transformer.evaluate(prompt.tokens, cache: cache, moving: movable, maximumStaleTokens: maximumStaleTokens,
                                              shouldContinue: { !isCancelled() })
            // Moved rows count as reused: the tokens not computed in this pass.
            let moved = cached < movable.lowerBound && cache.approximateFrom == movable.lowerBound ? movable.count : 0
            reusedTokens = min(cached + moved, prompt.tokens.count - 1)
        } else {
            reusedTokens = min(cache.exactPrefixLength(with: prompt.tokens), prompt.tokens.count - 1)
            logits = try transformer.evaluate(prompt.tokens, cache: cache, shouldContinue: { !isCancelled() })
        }
        caches.evict(keeping: documentKey)
        self.cache = cache
        seconds = Date().timeIntervalSince(started)
    }
}
