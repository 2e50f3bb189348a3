import Tokenizer

/// Stage 2 of a completion: the prompt in the model's own format, how many tokens may follow it, and the
/// tokens that end a suggestion.
public struct PlannedPrompt {
    /// The prompt's tokens.
    public let prompt: Prompt
    /// Most tokens to generate.
    public let maxTokens: Int
    /// Tokens that end generation: the tokenizer's end tokens and the template's extra stop markers.
    public let endTokens: Set<Int32>

    /// The prompt for `context`.
    public init(context: CompletionContext, filePath: String?, settings: CompletionSettings, tokenizer: Tokenizer) {
        let builder = PromptBuilder(tokenizer: tokenizer, order: settings.promptOrder)
        prompt = builder.build(window: context.window, filePath: filePath)
        maxTokens = context.multiline ? settings.maxTokensMultiline : settings.maxTokensSingleLine
        var endTokens = tokenizer.endOfGenerationTokens
        for text in builder.template?.extraStopMarkers ?? [] {
            if let id = tokenizer.tokenID(forText: text) { endTokens.insert(id) }
        }
        self.endTokens = endTokens
    }
}
