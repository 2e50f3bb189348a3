import Foundation

/// The values examples are written with (numbers, strings, booleans, null, nested lists), converted between
/// the spellings of the languages: docstrings often write Python's `['a', 'b']` or `True` whatever the
/// language of the code, and a translated example keeps the source language's spelling.
enum ExampleLiteral {
    /// One piece of a literal.
    enum Token: Equatable {
        case open, close, comma, minus
        case number(String)
        case string(String)     // the characters between the quotes, escapes kept as written
        case word(String)       // true, false, null and friends
    }

    /// The tokens of `text` when it is nothing but a literal (else nil: an expression, a struct, a call).
    /// Parentheses around one value with no comma group it, as in the languages the examples come from
    /// (HumanEval's `is_nested(('[]'))` passes a string), and leave no tokens; `(1, 2)`, `(1,)` and `()` are tuples.
    static func tokens(_ text: String) -> [Token]? {
        var tokens: [Token] = []
        // The open brackets not closed yet: where each one's token is, whether it is `(`, and whether a comma came at its level.
        var openBrackets: [(index: Int, isParenthesis: Bool, sawComma: Bool)] = []
        var grouping: Set<Int> = []   // the indices of the tokens of grouping parentheses
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            if "[{(".contains(c) {
                openBrackets.append((tokens.count, c == "(", false))
                tokens.append(.open); i += 1; continue
            }
            if "]})".contains(c) {
                if let open = openBrackets.popLast(), open.isParenthesis, !open.sawComma, tokens.count > open.index + 1 {
                    grouping.formUnion([open.index, tokens.count])
                }
                tokens.append(.close); i += 1; continue
            }
            if c == "," {
                if !openBrackets.isEmpty { openBrackets[openBrackets.count - 1].sawComma = true }
                tokens.append(.comma); i += 1; continue
            }
            if c == "-" { tokens.append(.minus); i += 1; continue }
            if c == "\"" || c == "'" {
                var j = i + 1
                var body = ""
                while j < chars.count && chars[j] != c {
                    if chars[j] == "\\" && j + 1 < chars.count { body.append(chars[j]); j += 1 }
                    body.append(chars[j]); j += 1
                }
                guard j < chars.count else { return nil }
                tokens.append(.string(body))
                i = j + 1
                continue
            }
            if c.isNumber || c == "." {
                var j = i
                while j < chars.count && (chars[j].isNumber || ".eE_".contains(chars[j]) || (j > i && "+-".contains(chars[j]) && "eE".contains(chars[j - 1]))) { j += 1 }
                tokens.append(.number(String(chars[i..<j]).replacingOccurrences(of: "_", with: "")))
                i = j
                continue
            }
            if c.isLetter {
                var j = i
                while j < chars.count && chars[j].isLetter { j += 1 }
                let word = String(chars[i..<j])
                guard ["true", "false", "True", "False", "null", "None", "nil", "undefined"].contains(word) else { return nil }
                tokens.append(.word(word))
                i = j
                continue
            }
            return nil
        }
        if !grouping.isEmpty { tokens = tokens.indices.filter { !grouping.contains($0) }.map { tokens[$0] } }
        return tokens.isEmpty ? nil : tokens
    }

    /// How a language writes a literal.
    struct Spelling {
        var listOpen: String
        var listClose: String
        var `true` = "true"
        var `false` = "false"
        var null = "null"
        /// Whether a one-character string is a character (C++, Java: `'a'`) rather than a string.
        var singleQuotedCharacters = false
    }

    static let python = Spelling(listOpen: "[", listClose: "]", true: "True", false: "False", null: "None")
    static let javaScript = Spelling(listOpen: "[", listClose: "]")
    static let cpp = Spelling(listOpen: "{", listClose: "}", null: "nullptr", singleQuotedCharacters: true)
    static let java = Spelling(listOpen: "Arrays.asList(", listClose: ")", singleQuotedCharacters: true)

    /// `text` spelled for a language, or nil when it is not a plain literal. The quote of each string is
    /// looked at, so `'a'` stays a character where the language has them.
    static func spell(_ text: String, _ spelling: Spelling) -> String? {
        guard let tokens = tokens(text) else { return nil }
        let quotes = stringQuotes(text)
        var stringIndex = 0
        var out = ""
        for token in tokens {
            switch token {
            case .open: out += spelling.listOpen
            case .close: out += spelling.listClose
            case .comma: out += ", "
            case .minus: out += "-"
            case .number(let n): out += n
            case .string(let s):
                let quote = stringIndex < quotes.count ? quotes[stringIndex] : "\""
                stringIndex += 1
                if spelling.singleQuotedCharacters && quote == "'" && s.count == 1 {
                    out += "'\(s)'"
                } else {
                    out += "\"" + s.replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\\'", with: "'") + "\""
                }
            case .word(let w):
                switch w {
                case "true", "True": out += spelling.true
                case "false", "False": out += spelling.false
                default: out += spelling.null
                }
            }
        }
        return out
    }

    /// The quote character of each string in `text`, in order.
    private static func stringQuotes(_ text: String) -> [Character] {
        var quotes: [Character] = []
        var scanner = LiteralScanner()
        var wasInString = false
        for c in text {
            _ = scanner.isCode(c)
            if scanner.inString && !wasInString { quotes.append(c) }
            wasInString = scanner.inString
        }
        return quotes
    }

    /// The arguments of a call spelled for a language: each argument that is a plain literal is converted,
    /// the others are kept as written.
    /// With `scalarsOnly`, lists stay as written (a language without untyped list literals).
    static func spellArguments(ofCall call: String, _ spelling: Spelling, scalarsOnly: Bool = false) -> String {
        guard let open = call.firstIndex(of: "("), call.hasSuffix(")") else { return call }
        let name = call[..<open]
        let inner = String(call[call.index(after: open)..<call.index(before: call.endIndex)])
        guard !inner.trimmingCharacters(in: .whitespaces).isEmpty else { return call }
        let arguments = ExampleExtraction.topLevelSplit(inner, separator: ",").map { argument in
            guard !scalarsOnly || !(tokens(argument)?.contains(.open) ?? false) else { return argument }
            return spell(argument, spelling) ?? argument
        }
        return name + "(" + arguments.joined(separator: ", ") + ")"
    }

    /// A printed value and an expected text in one form, to compare them as text: no white space, one kind
    /// of quote and of bracket, Python's words in lower case, `1.0` as `1`, a present optional as its value
    /// (Rust's `Some(1)`, Swift's `Optional(1)`: a docstring writes `1`, and `None` for an absent one).
    static func normalized(_ text: String) -> String {
        let text = withoutOptionalWrappers(text)
        guard let tokens = tokens(text) else { return text.filter { !$0.isWhitespace } }
        return tokens.map { token -> String in
            switch token {
            case .open: return "["
            case .close: return "]"
            case .comma: return ","
            case .minus: return "-"
            case .number(let n):
                if let value = Double(n), value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
                return n
            case .string(let s): return "\"" + s + "\""
            case .word(let w):
                switch w {
                case "true", "True": return "true"
                case "false", "False": return "false"
                default: return "null"
                }
            }
        }.joined()
    }

    /// `text` with every `Some(…)` and `Optional(…)` outside strings replaced by what it holds.
    static func withoutOptionalWrappers(_ text: String) -> String {
        guard text.contains("Some(") || text.contains("Optional(") else { return text }
        var out = ""
        var dropClose: [Bool] = []   // for each open parenthesis: whether it is a wrapper's, to drop its close
        var scanner = LiteralScanner()
        for c in text {
            let code = scanner.isCode(c)
            if code && c == "(" {
                let wrapper = ["Some", "Optional"].first { out.hasSuffix($0) && !(out.dropLast($0.count).last?.isLetter ?? false) }
                if let wrapper { out.removeLast(wrapper.count) }
                dropClose.append(wrapper != nil)
                if wrapper != nil { continue }
            } else if code && c == ")", let drop = dropClose.popLast(), drop {
                continue
            }
            out.append(c)
        }
        return out
    }
}
