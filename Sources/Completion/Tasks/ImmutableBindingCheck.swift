import Foundation
import Languages

/// Assignments to a name the candidate bound immutably: JavaScript/TypeScript `const`, Kotlin `val`, Swift
/// `let`, Rust `let` without `mut`. Each is an error the model cannot see in its own log-probabilities (a
/// `TypeError` when JavaScript reaches it; the compiler refuses it elsewhere), and a common one when small
/// models translate from a language without immutable bindings: `const slug = …` then `slug = slug.slice(…)`
/// (Python→TypeScript), `val slug = …` then `slug = …` (Python→Kotlin), while a sibling candidate of nearly the
/// same score wrote `let`/`var`. These languages have no build check here (`BuildChecker` covers C++, Java, Go).
///
/// The scan is deliberately conservative, on the code without strings and comments: only a binding at the
/// start of a statement with an initializer on its line counts (`const x = …`, `val x: Int = …`; not `if let`,
/// `for (const x of …)`, destructuring, parameters, nor `let x;` assigned once later, which Rust, Swift and
/// Kotlin allow); scopes are braces, so an inner `let`/`var` of the same name shadows the binding; an
/// assignment is the bare name followed by `=` or a compound assignment, or `++`/`--` next to it, outside
/// parentheses (named arguments and defaults, `f(x = 1)`, are not assignments).
enum ImmutableBindingCheck {
    /// How a language binds names: the keyword that makes a binding immutable and those that make it mutable.
    struct Keywords {
        var immutable: String
        var mutable: Set<String>
        /// Rust: `let mut` is mutable.
        var mutableAfterImmutable: String?
    }

    /// The binding keywords of `language`, or nil when the check does not apply to it.
    static func keywords(for language: CodeLanguage) -> Keywords? {
        switch language.id {
        case "javascript", "typescript": return Keywords(immutable: "const", mutable: ["let", "var"])
        case "kotlin": return Keywords(immutable: "val", mutable: ["var"])
        case "swift": return Keywords(immutable: "let", mutable: ["var"])
        case "rust": return Keywords(immutable: "let", mutable: [], mutableAfterImmutable: "mut")
        default: return nil
        }
    }

    /// How many assignments in `stripped` (code without strings and comments, `CodeCandidateExpectation.codeOnly`)
    /// target a name bound immutably in an enclosing scope; nil when the check does not apply to `language`.
    static func reassignments(inCodeOnly stripped: String, language: CodeLanguage) -> Int? {
        guard let keywords = keywords(for: language) else { return nil }
        let tokens = tokenize(stripped)
        var scopes: [[Substring: Bool]] = [[:]]   // name → immutable, innermost last
        var parenthesisDepth = 0
        var count = 0
        var i = 0
        func isImmutable(_ name: Substring) -> Bool {
            for scope in scopes.reversed() { if let immutable = scope[name] { return immutable } }
            return false
        }
        func startsStatement(_ at: Int) -> Bool {
            at == 0 || tokens[at].newlineBefore || ["{", "}", ";"].contains(tokens[at - 1].text)
        }
        while i < tokens.count {
            let token = tokens[i]
            switch token.text {
            case "{": scopes.append([:])
            case "}": if scopes.count > 1 { scopes.removeLast() }
            case "(", "[": parenthesisDepth += 1
            case ")", "]": parenthesisDepth = max(0, parenthesisDepth - 1)
            default: break
            }
            if parenthesisDepth == 0, token.isIdentifier, startsStatement(i),
               token.text == keywords.immutable || keywords.mutable.contains(String(token.text)) {
                var nameAt = i + 1
                var immutable = token.text == keywords.immutable
                if immutable, let mut = keywords.mutableAfterImmutable, nameAt < tokens.count, tokens[nameAt].text == mut {
                    immutable = false
                    nameAt += 1
                }
                if nameAt < tokens.count, tokens[nameAt].isIdentifier {
                    let name = tokens[nameAt].text
                    // Without an initializer on its line the binding may be assigned once later: not counted.
                    scopes[scopes.count - 1][name] = immutable && hasInitializer(tokens, after: nameAt)
                    i = nameAt + 1
                    continue
                }
            }
            if parenthesisDepth == 0, token.isIdentifier, i == 0 || tokens[i - 1].text != ".", isImmutable(token.text),
               isAssigned(tokens, at: i) {
                count += 1
            }
            i += 1
        }
        return count
    }

    /// Whether the binding whose name is at `index` has `=` later on its line, before a `;`, outside brackets.
    private static func hasInitializer(_ tokens: [Token], after index: Int) -> Bool {
        var depth = 0
        var j = index + 1
        while j < tokens.count, !tokens[j].newlineBefore {
            switch tokens[j].text {
            case "(", "[", "<": depth += 1
            case ")", "]", ">": depth -= 1
            case ";", "{", "}": return false
            case "=": if depth <= 0 { return true }
            default: break
            }
            j += 1
        }
        return false
    }

    /// Whether the name at `index` is the target of an assignment: `=` or a compound assignment after it, or
    /// `++`/`--` on either side.
    private static func isAssigned(_ tokens: [Token], at index: Int) -> Bool {
        if index > 0, tokens[index - 1].text == "++" || tokens[index - 1].text == "--", !tokens[index].newlineBefore { return true }
        guard index + 1 < tokens.count, !tokens[index + 1].newlineBefore else { return false }
        return assignmentOperators.contains(String(tokens[index + 1].text))
    }

    private static let assignmentOperators: Set<String> = ["=", "+=", "-=", "*=", "/=", "%=", "**=", "<<=", ">>=", ">>>=", "&=", "|=",
                                                            "^=", "??=", "||=", "&&=", "++", "--"]

    /// A word or an operator of the code, and whether a line break precedes it.
    struct Token {
        var text: Substring
        var isIdentifier: Bool
        var newlineBefore: Bool
    }

    /// The code's identifiers (letters, digits, `_`, `$`), brackets, `;`, and runs of operator characters
    /// (`+=`, `===`, `=>` each one token).
    static func tokenize(_ code: String) -> [Token] {
        let text = Substring(code)
        var tokens: [Token] = []
        var newline = true
        var index = text.startIndex
        let operators: Set<Character> = ["=", "+", "-", "*", "/", "%", "<", ">", "&", "|", "^", "!", "?", "~", ":"]
        while index < text.endIndex {
            let c = text[index]
            if c == "\n" {
                newline = true
                index = text.index(after: index)
            } else if c.isWhitespace {
                index = text.index(after: index)
            } else if c.isLetter || c == "_" || c == "$" || c.isNumber {
                var end = text.index(after: index)
                while end < text.endIndex, text[end].isLetter || text[end].isNumber || text[end] == "_" || text[end] == "$" { end = text.index(after: end) }
                tokens.append(Token(text: text[index..<end], isIdentifier: !c.isNumber, newlineBefore: newline))
                newline = false
                index = end
            } else if operators.contains(c) {
                var end = text.index(after: index)
                while end < text.endIndex, operators.contains(text[end]) { end = text.index(after: end) }
                tokens.append(Token(text: text[index..<end], isIdentifier: false, newlineBefore: newline))
                newline = false
                index = end
            } else {
                tokens.append(Token(text: text[index...index], isIdentifier: false, newlineBefore: newline))
                newline = false
                index = text.index(after: index)
            }
        }
        return tokens
    }
}
