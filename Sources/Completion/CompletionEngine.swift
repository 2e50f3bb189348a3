import Decoding
import Foundation
import InfillLog
import Languages
import Ranking
import Tokenizer
import Transformer

/// Turns a cursor in a document into ranked suggestions: context window, prompt, KV-cache reuse, decoding
/// with stop rules, ranking. The daemon, `infill complete` and `infill eval` all call this one path.
///
/// One engine serves every document, one request at a time (the daemon queues them): the model's thread
/// pool and the per-document caches are not shared between concurrent calls.
public final class CompletionEngine: @unchecked Sendable {
    /// The loaded model.
    public let model: LoadedModel
    /// How completions are produced.
    public var settings: CompletionSettings {
        didSet { caches.budgetBytes = settings.cacheBudgetBytes }
    }
    private let caches: DocumentCaches
    /// Each document's last suggestions, to answer keystrokes that type them (see `ShownSuggestions`).
    private var shown: [String: ShownSuggestions] = [:]
    private let lock = NSLock()

    /// An engine for `model`.
    public init(model: LoadedModel, settings: CompletionSettings = CompletionSettings()) {
        self.model = model
        self.settings = settings
        self.caches = DocumentCaches(budgetBytes: settings.cacheBudgetBytes)
    }

    /// The rest of the document's shown suggestions when an automatic request only types their start
    /// (`ShownSuggestions`), without waiting: nil when the engine is busy with a completion, the request is
    /// invoked, or it needs the model. Does not consult `settings` (which its owner may be changing).
    public func replyFromShownSuggestions(_ request: CompletionRequest) -> CompletionResponse? {
        guard request.trigger == .automatic, lock.try() else { return nil }
        defer { lock.unlock() }
        return replyFromShownLocked(request)
    }

    /// The shown suggestions' rest for `request`, kept as the new shown suggestions; nil when it needs the model.
    private func replyFromShownLocked(_ request: CompletionRequest) -> CompletionResponse? {
        guard let reply = shown[request.documentKey]?.reply(text: request.text, cursor: request.cursorUTF8Offset) else { return nil }
        remember(reply, for: request)
        return reply
    }

    /// Forgets the KV cache of a document (the editor closed it).
    public func forget(documentKey: String) {
        lock.withLock {
            caches.remove(documentKey)
            shown.removeValue(forKey: documentKey)
        }
    }

    /// Completes at the request's cursor. `isCancelled` is polled between prompt chunks and between tokens;
    /// a cancelled request returns what it has with `cancelled` set.
    public func complete(_ request: CompletionRequest, isCancelled: () -> Bool = { false }) throws -> CompletionResponse {
        try lock.withLock { try completeLocked(request, isCancelled: isCancelled) }
    }

    private func completeLocked(_ request: CompletionRequest, isCancelled: () -> Bool) throws -> CompletionResponse {
        if request.trigger == .automatic, settings.reusesShownSuggestions, let reply = replyFromShownLocked(request) {
            return reply
        }
        let response = try computeLocked(request, isCancelled: isCancelled)
        if response.cancelled || response.candidates.isEmpty {
            shown.removeValue(forKey: request.documentKey)
        } else {
            remember(response, for: request)
        }
        return response
    }

    /// Keeps `response` as the document's shown suggestions (a few documents at most: the ones being typed in).
    private func remember(_ response: CompletionResponse, for request: CompletionRequest) {
        if shown[request.documentKey] == nil && shown.count >= 16 { shown.removeAll() }
        shown[request.documentKey] = ShownSuggestions(text: request.text, cursor: request.cursorUTF8Offset, response: response)
    }

    /// Computes the prompt of `request` exactly into its document's KV cache, without generating: the state a
    /// document is in after an earlier request (the eval's `--stale-suffix` prepares a stale cache with it).
    public func evaluatePrompt(_ request: CompletionRequest) throws {
        try lock.withLock {
            let tokenizer = model.tokenizer
            let context = CompletionContext(request: request, settings: settings,
                                            countTokens: { tokenizer.encode(String($0), parseSpecial: false).count })
            let planned = PlannedPrompt(context: context, filePath: request.filePath, settings: settings, tokenizer: tokenizer)
            _ = try PromptEvaluation(prompt: planned.prompt, maxTokens: planned.maxTokens, documentKey: request.documentKey,
                                     caches: caches, model: model, isCancelled: { false })
        }
    }

    /// Runs the stages: context, prompt, prompt evaluation, generation, ranking, reply.
    private func computeLocked(_ request: CompletionRequest, isCancelled: () -> Bool) throws -> CompletionResponse {
        let tokenizer = model.tokenizer
        let settings = self.settings
        let context = CompletionContext(request: request, settings: settings,
                                        countTokens: { tokenizer.encode(String($0), parseSpecial: false).count })
        let planned = PlannedPrompt(context: context, filePath: request.filePath, settings: settings, tokenizer: tokenizer)
        let reply = CompletionReply(cursor: context.cursor, multiline: context.multiline)

        // A model that adds no BOS and has no fill-in-the-middle markers, at the start of an empty file, has no
        // token to continue from (the transformer refuses an empty sequence): nothing to suggest, not an error.
        // Found by `infill bench --soak` on SmolLM2.
        guard !planned.prompt.tokens.isEmpty else {
            return CompletionResponse(candidates: [], promptTokens: 0, reusedPromptTokens: 0, generatedTokens: 0,
                                      promptSeconds: 0, generationSeconds: 0, multiline: context.multiline, cancelled: false)
        }
        let movable = settings.suffixRowReuse.movableRange(of: planned.prompt, invoked: context.invoked, tokenizer: tokenizer)
        let evaluated = try PromptEvaluation(prompt: planned.prompt, maxTokens: planned.maxTokens, documentKey: request.documentKey,
                                             caches: caches, model: model, movable: movable,
                                             maximumStaleTokens: settings.suffixRowReuse.maximumStaleTokens, isCancelled: isCancelled)
        guard let logits = evaluated.logits, !isCancelled() else {
            return reply.cancelled(promptTokens: planned.prompt.tokens.count, reusedPromptTokens: evaluated.reusedTokens,
                                   promptSeconds: evaluated.seconds)
        }

        let generationStart = Date()
        let choice = context.invoked ? settings.invokedStrategy : settings.automaticStrategy
        let budget = context.invoked ? settings.invokedTimeBudget : settings.automaticTimeBudget
        let generation = CandidateGeneration(
            stopRules: context.stopRules(blockRules: settings.pythonBlockRules), endTokens: planned.endTokens,
            limits: DecodingLimits(maxTokens: planned.maxTokens, deadline: Date().timeIntervalSinceReferenceDate + budget),
            tokenText: { tokenizer.bytes(for: $0) })
        var weights = context.multiline ? settings.multiLineRankingWeights : settings.singleLineRankingWeights
        // An escalating strategy serves typing: no suffix-fit pass (about 0.3 s after a keystroke).
        if case .escalating = choice { weights.suffixFit = 0 }
        let ranking = CandidateRanking(context: context.rankingContext, weights: weights, limit: settings.candidates,
                                       alwaysMeasureSuffixFit: settings.alwaysMeasureSuffixFit)
        func suffixFit(_ texts: [String]) -> [Double?]? {
            guard let prefixEnd = planned.prompt.prefixEnd, let probe = SuffixFit.probe(suffix: context.window.suffix) else { return nil }
            // Scored as inserted: the document text after accepting the candidate.
            let lineEnd = LineEnding(cursor: context.cursor)
            return SuffixFit.scores(texts.map(lineEnd.apply), probe: probe, cache: evaluated.cache, prefixEnd: prefixEnd,
                                    transformer: self.model.transformer, tokenizer: tokenizer, isCancelled: isCancelled)
        }
        func generateAndRank(_ choice: StrategyChoice) throws -> (CandidateGeneration.Result, [RankedCompletion]) {
            let branches = TransformerBranches(transformer: model.transformer, prompt: evaluated.cache, logits: logits,
                                               maximumNewTokens: planned.maxTokens)
            let result = try generation.run(choice, on: branches, isCancelled: isCancelled)
            return (result, ranking.rank(result.valid, suffixFit: suffixFit))
        }
        var (generated, ranked) = try generateAndRank(choice)
        var generatedTokens = generated.tokenCount
        if ranked.isEmpty && generatedTokens > 0 && !isCancelled() {
            // No silent empties: the model wrote something that the rules or the cleaning emptied; a wider
            // search finds the next candidates.
            let fallback = CandidateGeneration.fallback(after: choice)
            Logger.shared.debug("completion", "every candidate was dropped (\(ranking.dropReasons(generated.generated).joined(separator: "; "))); trying \(fallback)")
            let retried = try generateAndRank(fallback)
            (generated, ranked) = (CandidateGeneration.Result(generated: generated.generated + retried.0.generated, escalated: generated.escalated), retried.1)
            generatedTokens = generated.tokenCount
        }
        let generationSeconds = Date().timeIntervalSince(generationStart)
        Logger.shared.debug("completion", "prompt \(planned.prompt.tokens.count) tokens (\(evaluated.reusedTokens) reused) in \(String(format: "%.3f", evaluated.seconds)) s; \(generated.valid.count) candidates, \(generatedTokens) tokens in \(String(format: "%.3f", generationSeconds)) s")
        return reply.response(ranked, promptTokens: planned.prompt.tokens.count, reusedPromptTokens: evaluated.reusedTokens,
                              generatedTokens: generatedTokens, promptSeconds: evaluated.seconds, generationSeconds: generationSeconds,
                              cancelled: isCancelled(), escalated: generated.escalated)
    }

    /// Whether the greedy suggestion (the first candidate the language rules accept, else the first) has
    /// a mean token log-probability below −`threshold`; no suggestion at all counts as unsure.
    public static func isUnsure(_ candidates: [Candidate], threshold: Double) -> Bool {
        guard let best = candidates.first(where: { !$0.violatesLanguageRules }) ?? candidates.first,
              !best.tokenLogprobs.isEmpty else { return true }
        return best.tokenLogprobs.reduce(0, +) / Double(best.tokenLogprobs.count) < -threshold
    }

    /// The decoding module's strategy for a configured choice (an escalating choice starts greedy; the
    /// engine runs its second strategy itself).
    static func decodingStrategy(_ choice: StrategyChoice) -> DecodingStrategy {
        switch choice {
        case .greedy, .escalating: return .greedy
        case .beam(let width): return .beamSearch(width: width, lengthPenalty: 1.0)
        case .sample(let count, let temperature):
            // The greedy path is one of the candidates, so ranking chooses between it and the samples.
            return .sampling(SamplingParameters(temperature: temperature, greedyFirst: true), count: count, seed: 0x1F111)
        }
    }
}
