import Decoding
import Ranking
import Languages

/// Stage 1 of a completion: the window of code around the cursor, what it says about the wanted
/// suggestion (one line or several, the block's indentation) and the document's language.
public struct CompletionContext {
    /// Prefix and suffix within the token budget.
    public let window: ContextWindow
    /// The cursor's line and block.
    public let cursor: CursorContext
    /// Whether the suggestion may span several lines.
    public let multiline: Bool
    /// Whether the user asked (rather than typing).
    public let invoked: Bool
    /// The document's language.
    public let language: any Language

    /// The context of `request` under `settings`.
    /// - Parameter countTokens: the number of tokens a piece of text takes (the model's tokenizer).
    public init(request: CompletionRequest, settings: CompletionSettings, countTokens: (Substring) -> Int) {
        invoked = request.trigger == .invoked
        window = ContextWindow(
            text: request.text, cursorUTF8Offset: request.cursorUTF8Offset,
            budget: .init(tokens: settings.contextTokens, prefixShare: settings.prefixShare,
                          suffixTokenLimit: invoked ? nil : settings.automaticSuffixTokens),
            countTokens: countTokens)
        cursor = CursorContext(prefix: window.prefix, suffix: window.suffix, invoked: invoked)
        multiline = request.multiline ?? cursor.isMultiline
        language = request.language
    }

    /// The stop rules for this cursor; `blockRules` false leaves the language's block rules out.
    public func stopRules(blockRules: Bool) -> StopRules {
        StopRules(context: StopContext(
            singleLine: !multiline, blockIndentation: cursor.blockIndentation, lineBeforeCursor: cursor.lineBeforeCursor,
            suffix: window.suffix, indentationSensitive: language.indentationDefinesBlocks,
            blockRules: blockRules ? language.blockRules(prefix: window.prefix, suffix: window.suffix, singleLine: !multiline) : nil,
            firstLineSetsBlock: cursor.blockIsGuessed, syntax: language.syntax))
    }

    /// What ranking needs to know about the cursor.
    public var rankingContext: RankingContext {
        RankingContext(prefix: window.prefix, suffix: window.suffix, singleLine: !multiline, syntax: language.syntax)
    }
}
