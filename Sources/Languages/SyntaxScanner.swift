/// Where a scan stands: the brackets, strings and string interpolations open (innermost last), and whether
/// it is inside a comment.
public struct SyntaxState: Sendable, Equatable {
    /// Something open.
    public enum Frame: Sendable, Equatable {
        /// A bracket, closed by `close`.
        case bracket(close: Character)
        /// A string opened by `quote` (three of them when `triple`); `interpolates` when it holds expressions.
        case string(quote: Character, triple: Bool, interpolates: Bool)
        /// An expression inside a string (`{…}` of an f-string), closed by `close`.
        case interpolation(close: Character)
    }

    /// What is open, innermost last.
    public var frames: [Frame] = []
    /// Inside a comment that runs to the end of the line.
    public var inLineComment = false
    /// Inside a block comment.
    public var inBlockComment = false

    /// Nothing open, not in a comment.
    public init() {}

    /// Whether the innermost open thing is a string.
    public var isInString: Bool {
        if case .string = frames.last { return true }
        return false
    }

    /// Whether the scan is inside a comment.
    public var isInComment: Bool { inLineComment || inBlockComment }
}

/// A small lexer over one language's `LexicalSyntax`: steps through text a character (or marker) at a time,
/// keeping `SyntaxState`, and says what each step did. Started in the state at the cursor, it tells which
/// closing bracket or quote of a suggestion closes something opened before the cursor.
public struct SyntaxScanner: Sendable {
    /// The language's syntax.
    public let syntax: LexicalSyntax
    /// Where the scan stands.
    public private(set) var state: SyntaxState
    /// How many frames of the starting state are still open (a step that closes one lowers it).
    public private(set) var outerFrames: Int

    /// What one step did.
    public enum Event: Sendable, Equatable {
        /// Nothing structural.
        case none
        /// Opened a bracket, string or interpolation.
        case opened
        /// Closed something opened during this scan.
        case closed
        /// Closed something of the starting state (opened before the scan began) with `character`.
        case closedOuter(Character)
        /// A closing bracket that closes nothing open.
        case unmatched(Character)
    }

    /// A scanner in `state` (by default nothing open).
    public init(syntax: LexicalSyntax, state: SyntaxState = SyntaxState()) {
        self.syntax = syntax
        self.state = state
        self.outerFrames = state.frames.count
    }

    /// Whether the scan is back at the level it started at: everything it opened is closed, nothing of the
    /// starting state closed, not in a comment it opened.
    public var isAtStartLevel: Bool {
        state.frames.count == outerFrames && !state.isInComment
    }

    /// The state after scanning all of `text` from an empty state.
    public static func state(after text: some StringProtocol, syntax: LexicalSyntax) -> SyntaxState {
        var scanner = SyntaxScanner(syntax: syntax)
        scanner.scan(Array(text))
        return scanner.state
    }

    /// Scans all of `characters`.
    public mutating func scan(_ characters: [Character]) {
        var i = 0
        while i < characters.count { i = step(characters, at: i).next }
    }

    /// Scans the step starting at `characters[i]` (one character, or a marker such as `"""` or `//`).
    /// - Returns: the index after the step, and what it did.
    public mutating func step(_ characters: [Character], at i: Int) -> (next: Int, event: Event) {
        let c = characters[i]
        if state.inLineComment {
            if c == "\n" { state.inLineComment = false }
            return (i + 1, .none)
        }
        if state.inBlockComment {
            if let block = syntax.blockComment, Self.matches(block.close, characters, at: i) {
                state.inBlockComment = false
                return (i + block.close.count, .none)
            }
            return (i + 1, .none)
        }
        if case .string(let quote, let triple, let interpolates) = state.frames.last {
            return stepInString(characters, at: i, quote: quote, triple: triple, interpolates: interpolates)
        }
        if syntax.lineComments.contains(where: { Self.matches($0, characters, at: i) }) {
            state.inLineComment = true
            return (i + 1, .none)
        }
        if let block = syntax.blockComment, Self.matches(block.open, characters, at: i) {
            state.inBlockComment = true
            return (i + block.open.count, .none)
        }
        if syntax.quotes.contains(c) {
            let triple = syntax.tripleQuotes && i + 2 < characters.count && characters[i + 1] == c && characters[i + 2] == c
            state.frames.append(.string(quote: c, triple: triple, interpolates: interpolates(quote: c, characters, at: i)))
            return (i + (triple ? 3 : 1), .opened)
        }
        if let close = syntax.closer(for: c) {
            state.frames.append(.bracket(close: close))
            return (i + 1, .opened)
        }
        if syntax.isCloser(c) {
            switch state.frames.last {
            case .bracket(let close) where close == c, .interpolation(let close) where close == c:
                return (i + 1, pop(c))
            default:
                return (i + 1, .unmatched(c))
            }
        }
        return (i + 1, .none)
    }

    private mutating func stepInString(_ characters: [Character], at i: Int, quote: Character, triple: Bool,
                                       interpolates: Bool) -> (next: Int, event: Event) {
        let c = characters[i]
        let next = i + 1 < characters.count ? characters[i + 1] : nil
        if interpolates {
            switch syntax.interpolation {
            case .pythonFormatStrings? where c == "{":
                if next == "{" { return (i + 2, .none) }
                state.frames.append(.interpolation(close: "}"))
                return (i + 1, .opened)
            case .dollarBrace? where c == "$" && next == "{":
                state.frames.append(.interpolation(close: "}"))
                return (i + 2, .opened)
            case .backslashParenthesis? where c == "\\" && next == "(":
                state.frames.append(.interpolation(close: ")"))
                return (i + 2, .opened)
            default: break
            }
        }
        if c == "\\" { return (min(i + 2, characters.count), .none) }
        if c == "\n" && !triple {
            // An unterminated one-line string ends with its line.
            return (i + 1, pop(c, silently: true))
        }
        if c == quote {
            if !triple { return (i + 1, pop(c)) }
            if i + 2 < characters.count, characters[i + 1] == c, characters[i + 2] == c { return (i + 3, pop(c)) }
        }
        return (i + 1, .none)
    }

    private mutating func pop(_ c: Character, silently: Bool = false) -> Event {
        state.frames.removeLast()
        if state.frames.count < outerFrames {
            outerFrames = state.frames.count
            return silently ? .none : .closedOuter(c)
        }
        return silently ? .none : .closed
    }

    /// Whether a string opened at `characters[i]` holds expressions.
    private func interpolates(quote: Character, _ characters: [Character], at i: Int) -> Bool {
        switch syntax.interpolation {
        case nil: return false
        case .backslashParenthesis?: return true
        case .dollarBrace(let quotes)?: return quotes.contains(quote)
        case .pythonFormatStrings?:
            // Up to two prefix letters right before the quote (f"", rf"", Fr"").
            var j = i - 1
            var letters = 0
            var formatted = false
            while j >= 0, letters < 2, "rRbBuUfF".contains(characters[j]) {
                if characters[j] == "f" || characters[j] == "F" { formatted = true }
                j -= 1
                letters += 1
            }
            let startsWord = j < 0 || !(characters[j].isLetter || characters[j].isNumber || characters[j] == "_")
            return formatted && startsWord
        }
    }

    private static func matches(_ marker: String, _ characters: [Character], at i: Int) -> Bool {
        var j = i
        for m in marker {
            guard j < characters.count, characters[j] == m else { return false }
            j += 1
        }
        return true
    }
}
