/// Markdown code fences in a model's answer: the first fenced block is the answer's code.
public enum FencedCode {
    /// The code of the first fenced block of `text` and whether its closing fence was seen. When
    /// `openedByPrompt` is true the prompt already wrote the opening fence (an assistant prefill), so the
    /// text starts with the code itself. Nil when no block has started.
    public static func firstBlock(in text: String, openedByPrompt: Bool = false) -> (code: String, closed: Bool)? {
        guard let block = scan(text, openedByPrompt: openedByPrompt) else { return nil }
        var code = text.dropFirst(block.code.lowerBound).prefix(block.code.count)
        if block.fenceEnd != nil && code.hasSuffix("\n") { code = code.dropLast() }   // the line break before the closing fence
        return (String(code), block.fenceEnd != nil)
    }

    /// Whether `line` is a fence (three backticks, optionally with a language tag).
    static func isFence(_ line: Substring) -> Bool {
        line.drop { $0 == " " || $0 == "\t" }.hasPrefix("```")
    }

    /// The length of `text` up to the end of the first block's closing fence, or nil while it is open:
    /// what the decoder keeps when it stops at the end of the block.
    public static func closedBlockLength(in text: String, openedByPrompt: Bool) -> Int? {
        scan(text, openedByPrompt: openedByPrompt)?.fenceEnd
    }

    /// Character offsets of the first block's code in `text`: from the line after the opening fence (the
    /// start when `openedByPrompt`) to its closing fence or the end; nil when no block has started.
    public static func firstBlockCharacters(in text: String, openedByPrompt: Bool) -> Range<Int>? {
        scan(text, openedByPrompt: openedByPrompt)?.code
    }

    /// Where the first block is, in characters of `text`: its code (through the line break before the closing
    /// fence), and the end of the closing fence's line (nil while the block is open). An opening fence counts
    /// once its line (with the language tag) is complete. Nil when no block has started.
    private static func scan(_ text: String, openedByPrompt: Bool) -> (code: Range<Int>, fenceEnd: Int?)? {
        var offset = 0
        var start: Int? = openedByPrompt ? 0 : nil
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated() {
            if isFence(line) {
                if let start { return (start..<offset, offset + line.count) }
                if i < lines.count - 1 { start = offset + line.count + 1 }
            }
            offset += line.count + 1
        }
        return start.map { ($0..<max($0, text.count), nil) }
    }
}
