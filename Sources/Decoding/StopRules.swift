import Languages

/// What the text around the cursor tells the stop rules.
public struct StopContext: Sendable {
    public var singleLine: Bool
    /// Leading whitespace of the cursor's block; a completed line indented less ends a multi-line candidate.
    public var blockIndentation: String
    /// The cursor's line up to the cursor.
    public var lineBeforeCursor: String
    /// Text after the cursor.
    public var suffix: String
    /// Languages whose blocks are their indentation.
    public var indentationSensitive: Bool
    /// The language's block rules at the cursor (nil when it has none, or where they cannot be judged).
    public var blockRules: (any BlockRules)?
    /// The language's brackets, strings and comments, to read the cursor's line and the suggestion.
    public var syntax: LexicalSyntax
    /// `blockIndentation` is only a guess (see `CursorContext.blockIsGuessed`): a multi-line candidate's
    /// first line may start lower, and then its own indentation is the block's.
    public var firstLineSetsBlock: Bool

    /// A context; `syntax` defaults to brackets and quotes of no particular language.
    public init(singleLine: Bool, blockIndentation: String, lineBeforeCursor: String, suffix: String, indentationSensitive: Bool,
                blockRules: (any BlockRules)? = nil, firstLineSetsBlock: Bool = false, syntax: LexicalSyntax = .generic) {
        self.singleLine = singleLine
        self.blockIndentation = blockIndentation
        self.lineBeforeCursor = lineBeforeCursor
        self.suffix = suffix
        self.indentationSensitive = indentationSensitive
        self.blockRules = blockRules
        self.syntax = syntax
        self.firstLineSetsBlock = firstLineSetsBlock
    }
}

/// A stop rule's verdict: keep this much of the text and end the candidate.
public struct StopDecision: Sendable, Equatable {
    /// The text to keep.
    public var keptText: String
    /// The rule that fired ("newline", "dedent", "suffix", "bracket").
    public var rule: String

    /// A verdict.
    public init(keptText: String, rule: String) {
        self.keptText = keptText
        self.rule = rule
    }
}

/// What one more token does to a candidate.
public enum StepVerdict: Sendable, Equatable {
    /// Go on generating.
    case proceed
    /// A stop rule ends the candidate with the decision's text.
    case stop(StopDecision)
    /// The token would leave the candidate in a state the language does not allow (see `BlockRules`):
    /// the decoder should take another token.
    case reject
}

/// The rules that end a candidate inside the token loop: one line, dedent below the block, repeating the
/// suffix, a closing bracket the rest of the line already has. Each is checked on the text so far after
/// every token; the first that fires says how much text to keep.
public struct StopRules: Sendable {
    public let context: StopContext
    private let suffixFirstLine: String?
    private let restOfCursorLine: String
    /// Brackets, strings and comments open on the cursor's line before the cursor.
    private let cursorState: SyntaxState
    /// A task's own end rule (see `init(custom:acceptsEnding:)`), replacing the completion rules.
    private var custom: (@Sendable (String) -> StepVerdict)? = nil
    private var customAcceptsEnding: (@Sendable (String) -> Bool)? = nil

    /// Stop rules that end a whole-function or whole-answer task (translation, writing a function) with
    /// `rule` alone: it sees all text generated so far and says go on, stop (keeping how much), or reject
    /// the newest token (the decoder then takes another); `acceptsEnding` judges the text an end token would end.
    public init(custom rule: @escaping @Sendable (String) -> StepVerdict, acceptsEnding: @escaping @Sendable (String) -> Bool = { _ in true }) {
        self.init(context: StopContext(singleLine: false, blockIndentation: "", lineBeforeCursor: "", suffix: "", indentationSensitive: false))
        custom = rule
        customAcceptsEnding = acceptsEnding
    }

    /// Rules for `context`.
    public init(context: StopContext) {
        self.context = context
        cursorState = SyntaxScanner.state(after: context.lineBeforeCursor, syntax: context.syntax)
        let lines = context.suffix.split(separator: "\n", omittingEmptySubsequences: false)
        restOfCursorLine = lines.first.map { String($0).trimmingCharacters(in: [" ", "\t", "\r"]) } ?? ""
        suffixFirstLine = lines.dropFirst().map { String($0).trimmingCharacters(in: [" ", "\t", "\r"]) }.first { !$0.isEmpty }
            ?? (restOfCursorLine.isEmpty ? nil : restOfCursorLine)
    }

    /// Checks `text` (all generated so far); nil means go on.
    public func check(_ text: String) -> StopDecision? {
        if let custom {
            if case .stop(let decision) = custom(text) { return decision }
            return nil
        }
        if let d = bracketRule(text) { return d }
        if context.singleLine {
            // The first line break ends a one-line suggestion; what came before it is kept (possibly nothing:
            // a model that starts by breaking the line has nothing to add to this one).
            if let newline = text.firstIndex(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
                return StopDecision(keptText: String(text[..<newline]), rule: "newline")
            }
            return nil
        }
        // Multi-line: look at each completed line.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 2 else { return nil }
        var kept = ""
        var block = IndentationColumns.leading(context.blockIndentation + "x").column
        var sawCode = false
        for (i, raw) in lines.dropLast().enumerated() {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            let full = i == 0 ? context.lineBeforeCursor + line : line
            if !full.allSatisfy(\.isWhitespace) {
                let indent = IndentationColumns.leading(full).column   // same measure as the block rules'
                if !sawCode && context.firstLineSetsBlock {
                    // The language may know more: e.g. the suggestion may finish the function (`BlockRules.blockFloor`).
                    block = context.blockRules?.blockFloor(firstLineColumn: indent) ?? min(block, indent)
                }
                sawCode = true
                if indent < block {
                    return StopDecision(keptText: Self.trimTrailingNewlines(kept), rule: "dedent")
                }
                if let first = suffixFirstLine, full.trimmingCharacters(in: [" ", "\t"]) == first {
                    return StopDecision(keptText: Self.trimTrailingNewlines(kept), rule: "suffix")
                }
            }
            kept += String(raw) + "\n"
        }
        return nil
    }

    /// The verdict on a candidate whose text, with the newest token, is `text`: a stop rule firing, a
    /// language rule rejecting the token (a stop that would keep a rejected ending, or a first statement
    /// that leaves a block whose body is owed), or go on.
    public func verdict(_ text: String) -> StepVerdict {
        if let custom { return custom(text) }
        if let decision = check(text) {
            return context.blockRules?.rejectsEnding(decision.keptText) == true ? .reject : .stop(decision)
        }
        return context.blockRules?.rejectsStart(text) == true ? .reject : .proceed
    }

    /// Whether the candidate may end with `text` (the model chose an end token).
    public func acceptsEnding(_ text: String) -> Bool {
        if let customAcceptsEnding { return customAcceptsEnding(text) }
        return context.blockRules?.rejectsEnding(text) != true
    }

    /// Where the rest of the cursor's line takes over: the suggestion stops before a closing bracket or quote
    /// that closes something opened before the cursor (counted from the cursor: what the suggestion opens
    /// is its own to close), or before a `:`, `,` or `;` at the cursor's own level, when the rest of the line
    /// starts with that character (e.g. `foo(|)` must not produce a second `)`, `if |:` a second `:`).
    /// Strings, interpolations and comments are read with the language's syntax; only the first line counts.
    private func bracketRule(_ text: String) -> StopDecision? {
        guard let next = restOfCursorLine.first, !cursorState.isInComment else { return nil }
        var scanner = SyntaxScanner(syntax: context.syntax, state: cursorState)
        let characters = Array(text)
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if c == "\n" || c == "\r\n" || c == "\r" { return nil }
            if c == next && Self.levelDelimiters.contains(c) && scanner.isAtStartLevel {
                return StopDecision(keptText: String(characters[..<i]), rule: "bracket")
            }
            let step = scanner.step(characters, at: i)
            switch step.event {
            case .closedOuter(let closer), .unmatched(let closer):
                if closer == next { return StopDecision(keptText: String(characters[..<i]), rule: "bracket") }
            default: break
            }
            i = step.next
        }
        return nil
    }

    /// Characters that end a suggestion at the cursor's level when the rest of the line starts with them.
    static let levelDelimiters: Set<Character> = [":", ",", ";"]

    static func trimTrailingNewlines(_ s: String) -> String {
        var t = Substring(s)
        while let last = t.last, last == "\n" || last == "\r\n" || last == "\r" { t.removeLast() }
        return String(t)
    }
}
