import Completion

/// Options shared by the commands that run completions (`complete`, `eval`).
struct CompletionOptions {
    var settings = CompletionSettings()

    /// Reads `--strategy`, `--candidates`, `--max-tokens`, `--context-tokens`, `--order`, `--no-block-rules`, `--threads`.
    static func parse(_ arguments: inout CommandLineArguments) throws -> (CompletionOptions, threads: Int) {
        var options = CompletionOptions()
        if let text = try arguments.option("--strategy") {
            guard let choice = StrategyChoice(parsing: text) else {
                throw UsageError("--strategy takes greedy, beam[:WIDTH], sample[:COUNT[:TEMPERATURE]] or greedy+beam[:WIDTH][@THRESHOLD], got '\(text)'")
            }
            options.settings.automaticStrategy = choice
            options.settings.invokedStrategy = choice
        }
        options.settings.candidates = try arguments.integer("--candidates", default: options.settings.candidates, in: 1...32)
        if let text = try arguments.option("--max-tokens") {
            guard let n = Int(text), (1...4096).contains(n) else { throw UsageError("--max-tokens takes 1...4096, got '\(text)'") }
            options.settings.maxTokensSingleLine = n
            options.settings.maxTokensMultiline = n
        }
        options.settings.contextTokens = try arguments.integer("--context-tokens", default: options.settings.contextTokens, in: 16...32_768)
        if let text = try arguments.option("--order") {
            guard let order = PromptOrder(rawValue: text) else { throw UsageError("--order takes \(PromptOrder.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'") }
            options.settings.promptOrder = order
        }
        if arguments.flag("--no-block-rules") { options.settings.pythonBlockRules = false }
        if let text = try arguments.option("--suffix-tokens") {
            options.settings.automaticSuffixTokens = try suffixTokenLimit(text)
        }
        let threads = try arguments.integer("--threads", default: LoadedModel.defaultThreadCount, in: 1...256)
        return (options, threads)
    }

    /// The value of `--suffix-tokens`: a number of tokens, or `none` for no limit but the context budget.
    static func suffixTokenLimit(_ text: String) throws -> Int? {
        if text == "none" { return nil }
        guard let n = Int(text), (0...32_768).contains(n) else { throw UsageError("--suffix-tokens takes 0...32768 or none, got '\(text)'") }
        return n
    }
}
