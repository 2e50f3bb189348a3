import Completion
import Foundation

/// `infill bench --latency FILE:LINE:COLUMN --strategies greedy,beam:2,...`: what several candidates cost
/// while typing. The document is completed once to fill its KV cache; then, for each repetition, every
/// strategy in turn completes the text with one character typed at the cursor (and the original text is
/// completed untimed in between, so each timed request again processes only the typed tail). Taking the
/// strategies in turn within a repetition spreads any load on the machine over all of them alike.
enum StrategyLatencyBenchmark {
    /// The measurements of one strategy.
    struct Result: Codable {
        var strategy: String
        /// Median seconds of the completion after one typed character.
        var medianSeconds: Double
        var minimumSeconds: Double
        var maximumSeconds: Double
        /// Median seconds divided by the first strategy's.
        var ratioToFirst: Double
        /// Tokens generated in the last repetition (all candidates together).
        var generatedTokens: Int
        /// Median seconds of the typed tail's prompt pass (the same work for every strategy).
        var medianPromptSeconds: Double
        /// Median seconds of generation and ranking (what the strategy itself costs).
        var medianGenerationSeconds: Double

        enum CodingKeys: String, CodingKey {
            case strategy
            case medianSeconds = "median_seconds"
            case minimumSeconds = "min_seconds"
            case maximumSeconds = "max_seconds"
            case ratioToFirst = "ratio_to_first"
            case generatedTokens = "generated_tokens"
            case medianPromptSeconds = "median_prompt_seconds"
            case medianGenerationSeconds = "median_generation_seconds"
        }
    }

    static func run(target: String, model: LoadedModel, strategies: [StrategyChoice], repetitions: Int, suffixFit: Bool, clearingLine: Bool,
                    settings base: CompletionSettings = CompletionSettings()) throws -> [Result] {
        let (path, text, offset) = try LatencyBenchmark.load(target, clearingLine: clearingLine)
        let name = URL(fileURLWithPath: path).lastPathComponent
        let language = LanguageGuess.languageID(forPath: path)
        let engines = strategies.map { strategy -> CompletionEngine in
            var settings = base
            settings.automaticStrategy = strategy
            settings.reusesShownSuggestions = false   // time the model's work after the keystroke
            if !suffixFit {
                settings.singleLineRankingWeights.suffixFit = 0
                settings.multiLineRankingWeights.suffixFit = 0
            }
            return CompletionEngine(model: model, settings: settings)
        }
        func request(_ text: String, cursor: Int) -> CompletionRequest {
            // One document key for all engines would not share a cache (each engine has its own), so
            // each engine keeps its own copy of the document's cache, filled below.
            CompletionRequest(documentKey: path, text: text, cursorUTF8Offset: cursor, filePath: name, languageID: language)
        }
        // Fill every engine's cache, and choose the typed character from the first strategy's suggestion.
        var typed = " "
        for (i, engine) in engines.enumerated() {
            let cold = try engine.complete(request(text, cursor: offset))
            if i == 0 { typed = cold.candidates.first?.text.first.map(String.init) ?? " " }
        }
        let after = LatencyBenchmark.typing(typed, into: text, at: offset)
        var seconds = Array(repeating: [Double](), count: engines.count)
        var generated = Array(repeating: 0, count: engines.count)
        var promptSeconds = Array(repeating: [Double](), count: engines.count)
        var generationSeconds = Array(repeating: [Double](), count: engines.count)
        for _ in 0..<repetitions {
            for (i, engine) in engines.enumerated() {
                _ = try engine.complete(request(text, cursor: offset))           // back to the untyped text, untimed
                let start = Date()
                let response = try engine.complete(request(after, cursor: offset + typed.utf8.count))
                seconds[i].append(Date().timeIntervalSince(start))
                generated[i] = response.generatedTokens
                promptSeconds[i].append(response.promptSeconds)
                generationSeconds[i].append(response.generationSeconds)
            }
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        let medians = seconds.map(median)
        return strategies.indices.map { i in
            Result(strategy: strategies[i].description, medianSeconds: medians[i], minimumSeconds: seconds[i].min() ?? 0,
                   maximumSeconds: seconds[i].max() ?? 0, ratioToFirst: medians[i] / medians[0], generatedTokens: generated[i],
                   medianPromptSeconds: median(promptSeconds[i]), medianGenerationSeconds: median(generationSeconds[i]))
        }
    }
}
