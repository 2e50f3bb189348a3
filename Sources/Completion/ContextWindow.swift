/// The code around the cursor that goes into a prompt: whole lines added outward from the cursor until a
/// token budget is spent, the prefix favoured.
public struct ContextWindow: Sendable, Equatable {
    /// Text before the cursor (from the start of a line).
    public var prefix: String
    /// Text after the cursor (to the end of a line).
    public var suffix: String
    /// Whether lines before the window were left out.
    public var prefixTruncated: Bool
    /// Whether lines after the window were left out.
    public var suffixTruncated: Bool

    /// Budget split and stability settings.
    public struct Budget: Sendable, Equatable {
        /// Tokens for prefix and suffix together.
        public var tokens: Int
        /// Share of `tokens` reserved for the prefix first (the rest goes to the suffix; unused tokens of
        /// either side go to the other).
        public var prefixShare: Double
        /// When the prefix is cut, its first line is rounded to a multiple of this many lines, so the start of
        /// the prompt (and with it the KV cache) stays the same while the user types on.
        public var prefixLineGranularity: Int
        /// Most tokens of suffix (nil: whatever the prefix leaves of `tokens`). With the prefix-suffix-middle
        /// layout every suffix token is processed again after each keystroke (it follows the edited prefix
        /// in the prompt), so this bounds the work of a keystroke; what it leaves goes to the prefix.
        public var suffixTokenLimit: Int?

        /// Creates a budget.
        public init(tokens: Int, prefixShare: Double = 0.75, prefixLineGranularity: Int = 16, suffixTokenLimit: Int? = nil) {
            self.tokens = tokens
            self.prefixShare = prefixShare
            self.prefixLineGranularity = max(1, prefixLineGranularity)
            self.suffixTokenLimit = suffixTokenLimit.map { max(0, $0) }
        }
    }

    /// Cuts a window around `cursor` (a UTF-8 offset into `text`, clamped to the text).
    /// - Parameter countTokens: the number of tokens a line takes (the model's tokenizer).
    public init(text: String, cursorUTF8Offset cursor: Int, budget: Budget, countTokens: (Substring) -> Int) {
        let utf8 = text.utf8
        let offset = min(max(0, cursor), utf8.count)
        var cursorIndex = utf8.index(utf8.startIndex, offsetBy: offset)
        // Never split a character: move back to a scalar boundary.
        while cursorIndex > text.startIndex && cursorIndex.samePosition(in: text.unicodeScalars) == nil {
            cursorIndex = utf8.index(before: cursorIndex)
        }
        let before = text[..<cursorIndex]
        let after = text[cursorIndex...]

        // Lines of the prefix, nearest first: the cursor line's head, then whole earlier lines (with their "\n").
        let prefixLines = Self.linesBackward(before)
        let suffixLines = Self.linesForward(after)
        let prefixCosts = prefixLines.map(countTokens)
        let suffixCosts = suffixLines.map(countTokens)

        let prefixGoal = Int(Double(budget.tokens) * budget.prefixShare)
        var prefixTaken = Self.take(prefixCosts, budget: prefixGoal)
        let suffixBudget = min(budget.tokens - Self.cost(prefixCosts, prefixTaken), budget.suffixTokenLimit ?? Int.max)
        let suffixTaken = Self.take(suffixCosts, budget: suffixBudget)
        prefixTaken = Self.take(prefixCosts, budget: budget.tokens - Self.cost(suffixCosts, suffixTaken))

        let prefixCut = prefixTaken < prefixLines.count
        if prefixCut && prefixTaken > 1 {
            // Drop a few more lines so the window starts on a line number that is a multiple of the granularity.
            let firstLine = prefixLines.count - prefixTaken
            let rounded = (firstLine + budget.prefixLineGranularity - 1) / budget.prefixLineGranularity * budget.prefixLineGranularity
            prefixTaken = max(1, prefixLines.count - rounded)
        }
        prefix = prefixLines[0..<prefixTaken].reversed().joined()
        suffix = suffixLines[0..<suffixTaken].joined()
        prefixTruncated = prefixTaken < prefixLines.count
        suffixTruncated = suffixTaken < suffixLines.count
    }

    /// How many leading items fit in `budget` (at least one, the cursor's own line, when there is one).
    private static func take(_ costs: [Int], budget: Int) -> Int {
        var used = 0
        var n = 0
        for c in costs {
            if n > 0 && used + c > budget { break }
            used += c
            n += 1
        }
        return n
    }

    private static func cost(_ costs: [Int], _ n: Int) -> Int { costs[0..<n].reduce(0, +) }

    /// Splits `text` into lines from the end: the last (partial) line first, each earlier line with its "\n".
    static func linesBackward(_ text: Substring) -> [Substring] {
        Array(linesForward(text).reversed())
    }

    /// Splits `text` into lines from the start, each line with its "\n" (the last may lack it).
    static func linesForward(_ text: Substring) -> [Substring] {
        var lines: [Substring] = []
        var start = text.startIndex
        var i = start
        while i < text.endIndex {
            let next = text.index(after: i)
            if text[i] == "\n" || text[i] == "\r\n" {
                lines.append(text[start..<next])
                start = next
            }
            i = next
        }
        if start < text.endIndex || lines.isEmpty { lines.append(text[start...]) }
        return lines
    }
}
