/// Markdown code fences in a model's answer: the first fenced block is the answer's code.
public enum FencedCode {
    /// The code of the first fenced block of `text` and whether its closing fence was seen. When
    /// `openedByPrompt` is true the prompt already wrote the opening fence (an assistant prefill), so the
    /// text starts with the code itself. Nil when no block has started.
    public static func firstBlock(in text: String, openedByPrompt: Bool = false) -> (code: String, closed: Bool)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var index = 0
        if !openedByPrompt {
            guard let open = lines.firstIndex(where: { isFence($0) }), open < lines.count - 1 else { return nil }
            index = open + 1
        }
        var body: [Substring] = []
        while index < lines.count {
            let line = lines[index]
            if isFence(line) {
                return (body.joined(separator: "\n"), true)
            }
            body.append(line)
            index += 1
        }
        return (body.joined(separator: "\n"), false)
    }

    /// Whether `line` is a fence (three backticks, optionally with a language tag).
    static func isFence(_ line: Substring) -> Bool {
        line.drop { $0 == " " || $0 == "\t" }.hasPrefix("```")
    }

    /// The length of `text` up to the end of the first block's closing fence, or nil while it is open:
    /// what the decoder keeps when it stops at the end of the block.
    public static func closedBlockLength(in text: String, openedByPrompt: Bool) -> Int? {
        var offset = 0
        var inside = openedByPrompt
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated() {
            offset += line.count + 1
            if isFence(line) {
                if inside { return offset - 1 }
                // An opening fence counts once its line (with the language tag) is complete.
                if i < lines.count - 1 { inside = true }
            }
        }
        return nil
    }

    /// Character offsets of the first block's code in `text`: from the line after the opening fence (the
    /// start when `openedByPrompt`) to its closing fence or the end; nil when no block has started.
    public static func firstBlockCharacters(in text: String, openedByPrompt: Bool) -> Range<Int>? {
        var offset = 0
        var start: Int? = openedByPrompt ? 0 : nil
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated() {
            if isFence(line) {
                if let start { return start..<offset }
                if i < lines.count - 1 { start = offset + line.count + 1 }
            }
            offset += line.count + 1
        }
        return start.map { $0..<max($0, text.count) }
    }
}
