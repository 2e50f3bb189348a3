import Decoding
import Foundation
import Tokenizer
import Transformer

extension CodeTaskEngine {
    /// How one round of candidates is decoded and judged (the same for the first round and a repair).
    struct Decoding {
        var extraEndTexts: [String]
        var stop: StopRules
        var options: CodeTaskOptions
        var isCancelled: () -> Bool
        var judge: (Candidate) -> (String, CodeCandidateFeatures)
    }

    /// The candidates of one round: distinct code, best-scored features of each, the samples that gave it.
    struct Round {
        var judged: [CodeTaskCandidate]
        /// Tokens generated, over all samples.
        var tokens: Int
        /// Samples decoded.
        var samples: Int
    }

    /// Evaluates `prompt` in the engine's cache (a longer prompt makes a larger cache) and decodes one
    /// round of candidates from it; nil when cancelled during the prompt. Sample indices start at `firstSample`.
    func decode(_ prompt: [Int32], _ decoding: Decoding, firstSample: Int = 0) throws -> Round? {
        let transformer = model.transformer
        let tokenizer = model.tokenizer
        let options = decoding.options
        // A prompt past the model's context is refused before any work: evaluating it would take minutes (a
        // 1 MB selection is some 300,000 tokens) and end in an error or in text the model was never trained on.
        try checkFits(promptTokens: prompt.count, options: options)
        let needed = prompt.count + options.maxTokens + 8
        if cache == nil || cache!.maximumLength < needed {
            cache = transformer.makeCache(maximumLength: max(needed, 2048))
        }
        guard let cache, let logits = try transformer.evaluate(prompt, cache: cache, shouldContinue: { !decoding.isCancelled() }) else { return nil }
        var endTokens = tokenizer.endOfGenerationTokens
        for text in decoding.extraEndTexts { if let id = tokenizer.tokenID(forText: text) { endTokens.insert(id) } }
        let branches = TransformerBranches(transformer: transformer, prompt: cache, logits: logits, maximumNewTokens: options.maxTokens)
        let strategy: DecodingStrategy
        let candidates = options.candidates ?? CodeTaskOptions.translationCandidates   // set by `translate` and `writeFunction`
        switch options.strategy ?? .ranked {
        case .greedy: strategy = .greedy
        case .ranked:
            strategy = .sampling(SamplingParameters(temperature: options.temperature, greedyFirst: true), count: max(1, candidates), seed: 0xC0DE)
        case .beam: strategy = .beamSearch(width: max(1, candidates), lengthPenalty: 1.0)
        }
        let limits = DecodingLimits(maxTokens: options.maxTokens, deadline: options.timeBudget.map { Date().timeIntervalSinceReferenceDate + $0 })
        let generated = try generateCandidates(model: branches, strategy: strategy, limits: limits, endTokens: endTokens,
                                               stopRules: decoding.stop, tokenText: { tokenizer.bytes(for: $0) },
                                               isCancelled: decoding.isCancelled)
        var judged: [CodeTaskCandidate] = []
        for (index, candidate) in generated.enumerated() {
            let (code, features) = decoding.judge(candidate)
            guard code.contains(where: { !$0.isWhitespace }) else { continue }
            if let same = judged.firstIndex(where: { $0.code == code }) {
                if features.score > judged[same].score { judged[same].features = features }
                judged[same].sampleIndices.append(firstSample + index)
                continue
            }
            judged.append(CodeTaskCandidate(code: code, features: features, sampleIndices: [firstSample + index]))
        }
        return Round(judged: judged, tokens: generated.reduce(0) { $0 + $1.tokens.count }, samples: generated.count)
    }

    /// The text of each generated token of `candidate` (a character split between two tokens shows as U+FFFD
    /// in both: enough to tell comments from code).
    static func tokenTexts(_ candidate: Candidate, _ tokenizer: Tokenizer) -> [String] {
        candidate.tokens.map { String(decoding: tokenizer.bytes(for: $0), as: UTF8.self) }
    }

    /// The tokens (texts and log-probabilities) that start inside `characters` of their joined text.
    static func tokens(_ texts: [String], _ logprobs: [Double], within characters: Range<Int>) -> ([String], [Double]) {
        var kept: ([String], [Double]) = ([], [])
        var position = 0
        for (text, logprob) in zip(texts, logprobs) {
            if characters.contains(position) {
                kept.0.append(text)
                kept.1.append(logprob)
            }
            position += text.count
        }
        return kept
    }
}
