/// The code around the cursor that goes into a prompt: whole lines added outward from the cursor until a
/// token budget is spent, the prefix favoured.
public struct ContextWindow: Sendable, Equatable {
    /// Text before the cursor (from the start of a line, unless the cursor's line alone is over the budget).
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
    ///
    /// Only the lines the window may hold are measured: lines are found outward from the cursor and measured
    /// until the budget is spent, so a huge document costs what its window costs. The cursor's own line is
    /// always in the window, but a part of it that costs more than the whole budget (a minified file, a
    /// data line) is cut to its side's share, nearest the cursor; a whole line further out that is longer
    /// than `maximumBytesPerToken` bytes per budget token is taken as not fitting, without measuring it.
    /// - Parameter countTokens: the number of tokens a piece of text takes (the model's tokenizer).
    /// - Complexity: tokenizes O(`budget.tokens` × `maximumBytesPerToken`) bytes (plus one more line on
    ///   each side); scans bytes only up to the window's lines (and counts line breaks before the window
    ///   when the prefix is cut, for its rounded start).
    public init(text: String, cursorUTF8Offset cursor: Int, budget: Budget, countTokens: (Substring) -> Int) {
        let utf8 = text.utf8
        let offset = min(max(0, cursor), utf8.count)
        var cursorIndex = utf8.index(utf8.startIndex, offsetBy: offset)
        // Never split a character: move back to a scalar boundary.
        while cursorIndex > text.startIndex && cursorIndex.samePosition(in: text.unicodeScalars) == nil {
            cursorIndex = utf8.index(before: cursorIndex)
        }
        let cut = withoutActuallyEscaping(countTokens) { count in
            Self.cut(text, at: cursorIndex, budget: budget, countTokens: count)
        }
        prefix = cut.prefix
        suffix = cut.suffix
        prefixTruncated = cut.prefixTruncated
        suffixTruncated = cut.suffixTruncated
    }

    /// The window's parts (see `init`).
    private static func cut(_ text: String, at cursorIndex: String.Index, budget: Budget, countTokens: @escaping (Substring) -> Int)
        -> (prefix: String, suffix: String, prefixTruncated: Bool, suffixTruncated: Bool) {
        let prefixGoal = Int(Double(budget.tokens) * budget.prefixShare)
        let wholeLineBytes = Self.maximumBytesPerToken * max(1, budget.tokens)
        // Lines of the prefix, nearest first: the cursor line's head, then whole earlier lines (with their "\n").
        var prefixLines = MeasuredLines(
            next: LineWalker.backward(in: text, from: cursorIndex), countTokens: countTokens, wholeLineBytes: wholeLineBytes,
            boundFirst: { Self.bounded($0, keepingEnd: true, limit: prefixGoal, budget: budget.tokens, countTokens: countTokens) })
        var suffixLines = MeasuredLines(
            next: LineWalker.forward(in: text, from: cursorIndex), countTokens: countTokens, wholeLineBytes: wholeLineBytes,
            boundFirst: { Self.bounded($0, keepingEnd: false, limit: min(budget.tokens - prefixGoal, budget.suffixTokenLimit ?? Int.max),
                                       budget: budget.tokens, countTokens: countTokens) })

        var prefixTaken = prefixLines.take(budget: prefixGoal)
        let suffixBudget = min(budget.tokens - prefixLines.cost(prefixTaken), budget.suffixTokenLimit ?? Int.max)
        let suffixTaken = suffixLines.take(budget: suffixBudget)
        prefixTaken = prefixLines.take(budget: budget.tokens - suffixLines.cost(suffixTaken))

        let prefixCut = !prefixLines.allTaken(prefixTaken)
        if prefixCut && prefixTaken > 1 {
            // Drop a few more lines so the window starts on a line number that is a multiple of the granularity.
            let lineCount = Self.lineCount(text[..<cursorIndex])
            let firstLine = lineCount - prefixTaken
            let rounded = (firstLine + budget.prefixLineGranularity - 1) / budget.prefixLineGranularity * budget.prefixLineGranularity
            prefixTaken = max(1, lineCount - rounded)
        }
        return (prefixLines.lines[0..<prefixTaken].reversed().joined(), suffixLines.lines[0..<suffixTaken].joined(),
                !prefixLines.allTaken(prefixTaken) || prefixLines.firstWasCut, !suffixLines.allTaken(suffixTaken) || suffixLines.firstWasCut)
    }

    /// A line longer than this many bytes per budget token is not measured: it cannot be worth its place.
    public static let maximumBytesPerToken = 4

    /// `piece` whole when it costs at most `budget` (and is not longer than `maximumBytesPerToken` bytes per
    /// budget token); otherwise its end (or start) that costs at most `limit`, cut at a character boundary.
    /// - Complexity: tokenizes at most about `maximumBytesPerToken` × `budget` bytes a few times.
    static func bounded(_ piece: Substring, keepingEnd: Bool, limit: Int, budget: Int,
                        countTokens: (Substring) -> Int) -> (piece: Substring, cost: Int, cut: Bool) {
        let bytes = piece.utf8.count
        if bytes <= maximumBytesPerToken * max(1, budget) {
            let cost = countTokens(piece)
            if cost <= budget { return (piece, cost, false) }
        }
        let limit = max(0, limit)
        var length = min(bytes, maximumBytesPerToken * max(1, limit))
        while true {
            let part = keepingEnd ? Self.lastBytes(piece, length) : Self.firstBytes(piece, length)
            let cost = countTokens(part)
            if cost <= limit || part.isEmpty { return (part, cost, true) }
            // Shrink in proportion, by at least one byte.
            length = min(part.utf8.count - 1, part.utf8.count * limit / cost)
        }
    }

    /// The last `count` bytes of `text`, moved forward to a character boundary.
    static func lastBytes(_ text: Substring, _ count: Int) -> Substring {
        var start = text.utf8.index(text.utf8.endIndex, offsetBy: -min(count, text.utf8.count))
        while start < text.endIndex && start.samePosition(in: text.base.unicodeScalars) == nil { start = text.utf8.index(after: start) }
        return text[start...]
    }

    /// The first `count` bytes of `text`, moved back to a character boundary.
    static func firstBytes(_ text: Substring, _ count: Int) -> Substring {
        var end = text.utf8.index(text.utf8.startIndex, offsetBy: min(count, text.utf8.count))
        while end > text.startIndex && end.samePosition(in: text.base.unicodeScalars) == nil { end = text.utf8.index(before: end) }
        return text[..<end]
    }

    /// The number of prefix lines `LineWalker.backward` gives for `text`: its lines, the last counted only
    /// when it is not empty (at least one).
    static func lineCount(_ text: Substring) -> Int {
        var breaks = 0
        for byte in text.utf8 where byte == UInt8(ascii: "\n") { breaks += 1 }
        let endsWithBreak = text.utf8.last == UInt8(ascii: "\n")
        return text.isEmpty ? 1 : breaks + (endsWithBreak ? 0 : 1)
    }
}

/// Lines found one at a time outward from the cursor, each measured when first needed.
private struct MeasuredLines {
    /// The lines found so far, nearest the cursor first (the first possibly cut, see `ContextWindow.bounded`).
    private(set) var lines: [Substring] = []
    private var costs: [Int] = []
    private var exhausted = false
    private(set) var firstWasCut = false
    private let next: () -> Substring?
    private let countTokens: (Substring) -> Int
    private let wholeLineBytes: Int
    private let boundFirst: (Substring) -> (piece: Substring, cost: Int, cut: Bool)

    init(next: @escaping () -> Substring?, countTokens: @escaping (Substring) -> Int, wholeLineBytes: Int,
         boundFirst: @escaping (Substring) -> (piece: Substring, cost: Int, cut: Bool)) {
        self.next = next
        self.countTokens = countTokens
        self.wholeLineBytes = wholeLineBytes
        self.boundFirst = boundFirst
    }

    /// The cost of line `i`, finding and measuring it if needed; nil past the last line.
    private mutating func cost(at i: Int) -> Int? {
        while costs.count <= i && !exhausted {
            guard let line = next() else { exhausted = true; break }
            if lines.isEmpty {
                let first = boundFirst(line)
                lines.append(first.piece)
                costs.append(first.cost)
                firstWasCut = first.cut
            } else {
                lines.append(line)
                // A line this long cannot fit: not measured.
                costs.append(line.utf8.count > wholeLineBytes ? Int.max / 4 : countTokens(line))
            }
        }
        return i < costs.count ? costs[i] : nil
    }

    /// How many lines, nearest first, fit in `budget` (at least one, the cursor's own).
    mutating func take(budget: Int) -> Int {
        var used = 0
        var n = 0
        while let c = cost(at: n) {
            if n > 0 && used + c > budget { break }
            used += c
            n += 1
        }
        return n
    }

    /// The cost of the first `n` lines (all measured already by `take`).
    func cost(_ n: Int) -> Int { costs[0..<n].reduce(0, +) }

    /// Whether the first `n` lines are all there are.
    mutating func allTaken(_ n: Int) -> Bool { cost(at: n) == nil }
}

/// Walks the lines of a text outward from a position, without looking further than the lines it returns.
enum LineWalker {
    /// Lines before `position`, nearest first: the partial line ending at `position` (unless empty), then each
    /// earlier line with its "\n". At the text's start, one empty line.
    static func backward(in text: String, from position: String.Index) -> () -> Substring? {
        let utf8 = text.utf8
        var end = position
        var first = true
        return {
            if end == text.startIndex {
                defer { first = false }
                return first ? text[end..<end] : nil
            }
            first = false
            let searchEnd = utf8.index(before: end)
            let start = utf8[..<searchEnd].lastIndex(of: UInt8(ascii: "\n")).map { utf8.index(after: $0) } ?? text.startIndex
            defer { end = start }
            return text[start..<end]
        }
    }

    /// Lines from `position` on, each with its "\n" (the last may lack it). At the text's end, one empty line.
    static func forward(in text: String, from position: String.Index) -> () -> Substring? {
        let utf8 = text.utf8
        var start = position
        var first = true
        return {
            if start == text.endIndex {
                defer { first = false }
                return first ? text[start..<start] : nil
            }
            first = false
            let end = utf8[start...].firstIndex(of: UInt8(ascii: "\n")).map { utf8.index(after: $0) } ?? text.endIndex
            defer { start = end }
            return text[start..<end]
        }
    }
}
