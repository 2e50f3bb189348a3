import Decoding
import Foundation
import InfillLog
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

    private func computeLocked(_ request: CompletionRequest, isCancelled: () -> Bool) throws -> CompletionResponse {
        let tokenizer = model.tokenizer
        let settings = self.settings
        let invoked = request.trigger == .invoked

        // 1. The window of code around the cursor, and what it says about the wanted shape.
        let window = ContextWindow(
            text: request.text, cursorUTF8Offset: request.cursorUTF8Offset,
            budget: .init(tokens: settings.contextTokens, prefixShare: settings.prefixShare,
                          suffixTokenLimit: invoked ? nil : settings.automaticSuffixTokens),
            countTokens: { tokenizer.encode(String($0), parseSpecial: false).count })
        let cursor = CursorContext(prefix: window.prefix, suffix: window.suffix, invoked: invoked)
        let multiline = request.multiline ?? cursor.isMultiline

        // 2. The prompt, in the model's own format.
        var builder = PromptBuilder(tokenizer: tokenizer, order: settings.promptOrder)
        builder.order = settings.promptOrder
        let others = OtherFilesBudget.select(request.otherFiles, tokens: settings.otherFilesTokens, tokenizer: tokenizer)
        let prompt = builder.build(window: window, filePath: request.filePath, otherFiles: others)
        let maxTokens = multiline ? settings.maxTokensMultiline : settings.maxTokensSingleLine

        // 3. The document's cache: only the tokens after the common prefix are processed.
        let transformer = model.transformer
        let promptStart = Date()
        let limit = min(transformer.configuration.trainedContextLength, prompt.tokens.count + maxTokens + 64)
        var cache = caches.cache(for: request.documentKey) { transformer.makeCache(maximumLength: max(limit, 4096)) }
        if cache.maximumLength < prompt.tokens.count + maxTokens + 1 {
            caches.remove(request.documentKey)
            cache = caches.cache(for: request.documentKey) { transformer.makeCache(maximumLength: prompt.tokens.count + maxTokens + 64) }
        }
        let reused = min(cache.commonPrefixLength(with: prompt.tokens), prompt.tokens.count - 1)
        let logits = try transformer.evaluate(prompt.tokens, cache: cache, shouldContinue: { !isCancelled() })
        caches.evict(keeping: request.documentKey)
        let promptSeconds = Date().timeIntervalSince(promptStart)
        guard let logits, !isCancelled() else {
            return CompletionResponse(candidates: [], promptTokens: prompt.tokens.count, reusedPromptTokens: reused,
                                      generatedTokens: 0, promptSeconds: promptSeconds, generationSeconds: 0,
                                      multiline: multiline, cancelled: true)
        }

        // 4. Candidates, with the stop rules applied inside the token loop.
        let generationStart = Date()
        let branches = TransformerBranches(transformer: transformer, prompt: cache, logits: logits, maximumNewTokens: maxTokens)
        let stopContext = StopContext(
            singleLine: !multiline, blockIndentation: cursor.blockIndentation, lineBeforeCursor: cursor.lineBeforeCursor,
            suffix: window.suffix, indentationSensitive: Self.isIndentationSensitive(request),
            pythonBlocks: settings.pythonBlockRules && Self.isPython(request) ? PythonBlockGuard(prefix: window.prefix, suffix: window.suffix, singleLine: !multiline) : nil,
            firstLineSetsBlock: cursor.blockIsGuessed)
        let budget = invoked ? settings.invokedTimeBudget : settings.automaticTimeBudget
        let choice = invoked ? settings.invokedStrategy : settings.automaticStrategy
        var endTokens = tokenizer.endOfGenerationTokens
        for text in builder.template?.extraStopMarkers ?? [] {
            if let id = tokenizer.tokenID(forText: text) { endTokens.insert(id) }
        }
        let limits = DecodingLimits(maxTokens: maxTokens, deadline: Date().timeIntervalSinceReferenceDate + budget)
        func generate(_ choice: StrategyChoice) throws -> [Candidate] {
            try generateCandidates(model: branches, strategy: Self.decodingStrategy(choice), limits: limits,
                                   endTokens: endTokens, stopRules: StopRules(context: stopContext),
                                   tokenText: { tokenizer.bytes(for: $0) }, isCancelled: isCancelled)
        }
        var generatedCandidates: [Candidate]
        var escalated = false
        if case .escalating(let threshold, let then) = choice {
            // Greedy first; a second opinion only when the model was unsure of it.
            generatedCandidates = try generate(.greedy)
            if Self.isUnsure(generatedCandidates, threshold: threshold) && !isCancelled() {
                generatedCandidates += try generate(then)
                escalated = true
            }
        } else {
            generatedCandidates = try generate(choice)
        }
        // What breaks the language's block rules goes only when something else is left.
        let valid = generatedCandidates.filter { !$0.violatesLanguageRules }
        let candidates = valid.isEmpty ? generatedCandidates : valid

        // 5. Ranking: clean, score, merge duplicates, best first.
        var weights = multiline ? settings.multiLineRankingWeights : settings.singleLineRankingWeights
        // An escalating strategy serves typing: no suffix-fit pass (about 0.3 s after a keystroke).
        if case .escalating = choice { weights.suffixFit = 0 }
        var ranked = rank(
            candidates.map { RankingCandidate(text: $0.text, tokenLogprobs: $0.tokenLogprobs, endedByModel: $0.endedByModel) },
            context: RankingContext(prefix: window.prefix, suffix: window.suffix, singleLine: !multiline),
            weights: weights, limit: settings.candidates)
        if weights.suffixFit != 0 || settings.alwaysMeasureSuffixFit, ranked.count > 1, let prefixEnd = prompt.prefixEnd,
           let probe = SuffixFit.probe(suffix: window.suffix) {
            // Scored as inserted: the document text after accepting the candidate.
            let inserted = ranked.map { LineEnding(cursor: cursor).apply(to: $0.text) }
            let fits = SuffixFit.scores(inserted, probe: probe, cache: cache, prefixEnd: prefixEnd,
                                        transformer: transformer, tokenizer: tokenizer, isCancelled: isCancelled)
            ranked = rerank(ranked, suffixFit: fits, weights: weights)
        }
        let generated = generatedCandidates.reduce(0) { $0 + $1.tokens.count }
        let lineEnd = LineEnding(cursor: cursor)
        Logger.shared.debug("completion", "prompt \(prompt.tokens.count) tokens (\(reused) reused) in \(String(format: "%.3f", promptSeconds)) s; \(candidates.count) candidates, \(generated) tokens in \(String(format: "%.3f", Date().timeIntervalSince(generationStart))) s")
        return CompletionResponse(
            candidates: ranked.map { CompletionCandidate(text: lineEnd.apply(to: $0.text), score: $0.score, endedByModel: $0.endedByModel, features: $0.features) },
            promptTokens: prompt.tokens.count, reusedPromptTokens: reused, generatedTokens: generated,
            promptSeconds: promptSeconds, generationSeconds: Date().timeIntervalSince(generationStart),
            multiline: multiline, cancelled: isCancelled(), escalated: escalated)
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

    /// Python source, by the editor's language id or else the file name.
    static func isPython(_ request: CompletionRequest) -> Bool {
        if let id = request.languageID?.lowercased() { return id == "python" }
        if let path = request.filePath?.lowercased() { return path.hasSuffix(".py") || path.hasSuffix(".pyi") }
        return false
    }

    /// Languages whose blocks are defined by indentation.
    static func isIndentationSensitive(_ request: CompletionRequest) -> Bool {
        if let id = request.languageID?.lowercased() { return ["python", "yaml", "haskell", "nim", "coffeescript", "fsharp"].contains(id) }
        if let path = request.filePath?.lowercased() { return path.hasSuffix(".py") || path.hasSuffix(".yaml") || path.hasSuffix(".yml") }
        return false
    }
}

/// Picks snippets of other open files for the prompt, within a token budget.
enum OtherFilesBudget {
    static func select(_ files: [ContextFile], tokens budget: Int, tokenizer: Tokenizer) -> [ContextFile] {
        guard budget > 0 else { return [] }
        var left = budget
        var chosen: [ContextFile] = []
        for file in files {
            guard left > 64 else { break }
            var lines: [Substring] = []
            var used = 0
            for line in file.text.split(separator: "\n", omittingEmptySubsequences: false) {
                let cost = tokenizer.encode(String(line) + "\n", parseSpecial: false).count
                if used + cost > left { break }
                used += cost
                lines.append(line)
            }
            if !lines.isEmpty {
                chosen.append(ContextFile(path: file.path, text: lines.joined(separator: "\n") + "\n"))
                left -= used
            }
        }
        return chosen
    }
}
