import Decoding
import Languages

/// Where a function written by the model ends, by the language's block rules: indentation for Python,
/// bracket depth for brace languages, the matching `end` for Ruby. Strings and comments are skipped, so a
/// `}` in a string does not close anything.
///
/// Used inside the token loop: the generated text is checked after every token and the candidate ends the
/// moment its function is complete, never half a function.
public struct FunctionEnd: Sendable {
    /// The language whose rules apply.
    public let language: CodeLanguage
    /// Whether the text starts inside the function's body (fill-in-the-middle after a signature ending
    /// `{` or `:`), rather than before the function (a whole function written from scratch).
    public let startsInsideBody: Bool
    /// Column of the `def`/signature line (Python, Ruby): the body is deeper, the function ends at a code
    /// line no deeper than it. For whole functions it is taken from the first code line.
    public let signatureColumn: Int?

    /// Rules for `language`.
    public init(language: CodeLanguage, startsInsideBody: Bool, signatureColumn: Int? = nil) {
        self.language = language
        self.startsInsideBody = startsInsideBody
        self.signatureColumn = signatureColumn
    }

    /// The length (in characters of `text`) of the complete function when `text` holds one, else nil.
    /// For brace languages that is through the closing brace; for Python, through the last line of the body
    /// (the first line that is not part of it is not kept; it must be complete, ending with a newline).
    public func completeLength(_ text: String) -> Int? {
        switch language.blockStyle {
        case .braces: return braceEnd(text)
        case .indentation: return indentationEnd(text, endKeyword: false)
        case .endKeyword: return indentationEnd(text, endKeyword: true)
        }
    }

    /// The verdict for the token loop: stop with the complete function; reject a token that would end a
    /// body before it has any code (an instruction model asked for a middle may start writing what follows
    /// the function); else go on.
    public func verdict(_ text: String) -> StepVerdict {
        guard let length = completeLength(text) else { return .proceed }
        let kept = String(text.prefix(length))
        if startsInsideBody && !kept.contains(where: { !$0.isWhitespace }) { return .reject }
        return .stop(StopDecision(keptText: kept, rule: "function end"))
    }

    /// Whether the model may end here: a body must have some code.
    public func acceptsEnding(_ text: String) -> Bool {
        !startsInsideBody || text.contains { !$0.isWhitespace }
    }

    /// The function's text when it is complete (see `completeLength`).
    public func completeFunction(_ text: String) -> String? {
        completeLength(text).map { String(text.prefix($0)) }
    }

    // MARK: - Brace languages

    private func braceEnd(_ text: String) -> Int? {
        var scanner = CodeScanner(language: language)
        var depth = startsInsideBody ? 1 : 0
        var opened = startsInsideBody
        var offset = 0
        for c in text {
            offset += 1
            guard scanner.isCode(c) else { continue }
            if c == "{" {
                depth += 1
                opened = true
            } else if c == "}" {
                depth -= 1
                if opened && depth <= 0 { return offset }
            } else if c == ";" && !opened && depth == 0 && !startsInsideBody {
                // A declaration without a body (`int f(int x);`) is not the function: keep looking.
                continue
            }
        }
        return nil
    }

    // MARK: - Indentation languages

    private func indentationEnd(_ text: String, endKeyword: Bool) -> Int? {
        var scanner = CodeScanner(language: language)
        var signature = signatureColumn
        var sawBody = false
        var offset = 0
        var lineStart = 0
        var lineText = ""
        var bracketDepthAtLineStart = 0
        var insideStringAtLineStart = false
        var depth = 0
        for c in text {
            if lineText.isEmpty {
                bracketDepthAtLineStart = depth
                insideStringAtLineStart = scanner.isInsideString
            }
            let isCode = scanner.isCode(c)
            if isCode && "([{".contains(c) { depth += 1 }
            if isCode && ")]}".contains(c) { depth = max(0, depth - 1) }
            offset += 1
            if c == "\n" {
                let line = lineText
                lineText = ""
                defer { lineStart = offset }
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                guard !trimmed.isEmpty, bracketDepthAtLineStart == 0, !insideStringAtLineStart else { continue }
                if let comment = language.lineComment, trimmed.hasPrefix(comment), sawBody { continue }
                let column = Self.column(of: line)
                guard let top = signature else {
                    // A whole function: its first code line (decorators included) sets the column.
                    signature = column
                    continue
                }
                if column > top {
                    sawBody = true
                    continue
                }
                if endKeyword && sawBody && trimmed.hasPrefix("end") {
                    return offset   // Ruby's `end` belongs to the function
                }
                if sawBody { return lineStart }
                // Still the signature (a decorator, a continuation) or the `def` line itself.
                if startsInsideBody { return lineStart }
            } else {
                lineText.append(c)
            }
        }
        // A line still being written that already starts left of the body ends the function now.
        let tail = lineText.drop { $0 == " " || $0 == "\t" }
        if !endKeyword, !tail.isEmpty, sawBody, bracketDepthAtLineStart == 0, !insideStringAtLineStart,
           let top = signature, Self.column(of: lineText) <= top {
            return lineStart
        }
        return nil
    }

    /// Width of the leading whitespace, a tab counting as up to the next multiple of 8 (as Python does).
    static func column(of line: String) -> Int {
        var column = 0
        for c in line {
            if c == " " { column += 1 } else if c == "\t" { column = (column / 8 + 1) * 8 } else { break }
        }
        return column
    }
}

/// What a character of source text is, for `CodeScanner.classify`.
enum CharacterKind: Equatable {
    case code
    /// Inside a string literal, or one of its quotes.
    case string
    /// Inside a comment, or one of its markers.
    case comment
}

/// Tells code from strings and comments, one character at a time, for the block rules and the ranking
/// features (bracket balance). It knows the quoting of the languages in `CodeLanguage`: "…", '…'
/// (a character literal only when it closes within a few characters, so Rust's lifetimes stay code),
/// `…` in JavaScript, Python's triple quotes, line comments and `/* */` comments.
struct CodeScanner {
    private let language: CodeLanguage
    private var quote: String?
    private var lineComment = false
    private var blockComment = false
    private var recent: [Character] = []
    private var escaped = false
    /// Characters left of a character literal being skipped.
    private var pendingQuoteCheck = 0

    init(language: CodeLanguage) { self.language = language }

    /// Whether the scanner is inside a string (at the current point).
    var isInsideString: Bool { quote != nil }

    /// Whether the scanner is inside a line or block comment (at the current point).
    var isInsideComment: Bool { lineComment || blockComment }

    /// What each character of `text` is. A comment's markers count as comment (the `/` that starts `//` or
    /// `/*` is only known to be one at the next character, so it is marked then).
    static func classify(_ text: String, language: CodeLanguage) -> [(character: Character, kind: CharacterKind)] {
        var scanner = CodeScanner(language: language)
        var result: [(character: Character, kind: CharacterKind)] = []
        result.reserveCapacity(text.count)
        for c in text {
            let wasComment = scanner.isInsideComment
            let code = scanner.isCode(c)
            let isComment = wasComment || scanner.isInsideComment
            if isComment && !wasComment, c != "#", let last = result.last, last.character == "/" {
                result[result.count - 1].kind = .comment
            }
            result.append((c, code ? .code : isComment ? .comment : .string))
        }
        return result
    }

    /// Feeds `c`; true when it is code (not inside a string or comment, and not a quote or comment marker).
    mutating func isCode(_ c: Character) -> Bool {
        defer {
            recent.append(c)
            if recent.count > 3 { recent.removeFirst() }
        }
        if lineComment {
            if c == "\n" { lineComment = false }
            return false
        }
        if blockComment {
            if c == "/" && recent.last == "*" { blockComment = false }
            return false
        }
        if let q = quote {
            if escaped { escaped = false; return false }
            if c == "\\" { escaped = true; return false }
            if q.count == 1 {
                if String(c) == q || (c == "\n" && q != "`") { quote = nil }
            } else if c == q.last, recent.count >= 2, recent.suffix(2).allSatisfy({ $0 == c }) {
                quote = nil
            }
            return false
        }
        let usesHashComments = language.lineComment == "#"
        if usesHashComments && c == "#" { lineComment = true; return false }
        if !usesHashComments && c == "/" && recent.last == "/" { lineComment = true; return false }
        if !usesHashComments && c == "*" && recent.last == "/" { blockComment = true; return false }
        if c == "\"" || c == "'" || (c == "`" && language.blockStyle == .braces) {
            if language.blockStyle == .indentation, recent.count >= 2, recent.suffix(2).allSatisfy({ $0 == c }) {
                quote = String(repeating: String(c), count: 3)   // the third quote opens a triple-quoted string
                return false
            }
            if c == "'" && language.id == "rust" { return true }   // lifetimes; char literals rarely hold brackets
            quote = String(c)
            return false
        }
        return true
    }
}

extension FunctionEnd {
    /// `text` without blank lines (and trailing spaces) at its end.
    static func trimTrailingBlankLines(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
