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
/// `for (const x of …)`, destructuring, nor `let x;` assigned once later, which Rust, Swift and Kotlin
/// allow); a function's named parameters are immutable bindings of its body in Kotlin, Swift (unless
/// `inout`) and Rust (unless `mut`); scopes are braces, so an inner `let`/`var` of the same name shadows the binding; an
/// assignment is the bare name followed by `=` or a compound assignment, or `++`/`--` next to it, outside
/// parentheses (named arguments and defaults, `f(x = 1)`, are not assignments).
enum ImmutableBindingCheck {
    /// How a language binds names: the keyword that makes a binding immutable and those that make it mutable.
    struct Keywords {
        var immutable: String
        var mutable: Set<String>
        /// Rust: `let mut` is mutable.
        var mutableAfterImmutable: String?
        /// The keyword that declares a function whose parameters are immutable (`fn`, `func`, `fun`); nil where
        /// parameters are variables (JavaScript, TypeScript).
        var function: String?
        /// A word in a parameter that makes it mutable (Rust `mut n: u32`, Swift `n: inout Int`).
        var mutableParameter: String?
    }

    /// The binding keywords of `language`, or nil when the check does not apply to it.
    static func keywords(for language: CodeLanguage) -> Keywords? {
        switch language.id {
        case "javascript", "typescript": return Keywords(immutable: "const", mutable: ["let", "var"])
        case "kotlin": return Keywords(immutable: "val", mutable: ["var"], function: "fun")
        case "swift": return Keywords(immutable: "let", mutable: ["var"], function: "func", mutableParameter: "inout")
        case "rust": return Keywords(immutable: "let", mutable: [], mutableAfterImmutable: "mut", function: "fn", mutableParameter: "mut")
        default: return nil
        }
    }

    /// How many assignments in `code` target a name bound immutably in an enclosing scope; nil when the check
    /// does not apply to `language`.
    static func reassignments(in code: String, language: CodeLanguage) -> Int? {
        guard let keywords = keywords(for: language) else { return nil }
        return scan(tokenize(maskingNonCode(code, language: language)), keywords).count
    }

    /// `code` with every immutable binding it assigns to made mutable, the smallest edit that makes the code
    /// mean what it does: `const` → `let` (JavaScript, TypeScript), `val` → `var` (Kotlin), `let` → `var` (Swift),
    /// `let` → `let mut` and a parameter `n` → `mut n` (Rust), and a Kotlin or Swift parameter shadowed by
    /// `var n = n` at the start of its function's body. Unchanged when there is none or the language has no check.
    static func fixed(_ code: String, language: CodeLanguage) -> String {
        guard let keywords = keywords(for: language) else { return code }
        let tokens = tokenize(maskingNonCode(code, language: language))
        let reassigned = scan(tokens, keywords).reassigned
        guard !reassigned.isEmpty else { return code }
        var characters = Array(code)
        // Edits from the end, so earlier offsets stay valid.
        var edits: [(at: Int, remove: Int, insert: String)] = []
        for binding in reassigned {
            let name = tokens[binding.name]
            switch binding.keyword {
            case let keyword?:
                let word = tokens[keyword]
                if language.id == "rust" {
                    edits.append((name.start, 0, "mut "))
                } else {
                    edits.append((word.start, word.end - word.start, language.id == "javascript" || language.id == "typescript" ? "let" : "var"))
                }
            case nil:
                if language.id == "rust" {
                    edits.append((name.start, 0, "mut "))
                } else if let open = binding.body {
                    let declaration = "var \(name.text) = \(name.text)"
                    let after = tokens[open].end
                    if let next = tokens.dropFirst(open + 1).first, next.newlineBefore {
                        // The body's own indentation: that of its first line.
                        let lineStart = (characters[..<next.start].lastIndex(of: "\n") ?? -1) + 1
                        let indent = String(characters[lineStart..<next.start])
                        edits.append((after, 0, "\n" + indent + declaration))
                    } else {
                        edits.append((after, 0, " " + declaration + ";"))
                    }
                }
            }
        }
        for edit in edits.sorted(by: { $0.at > $1.at }) {
            characters.replaceSubrange(edit.at..<(edit.at + edit.remove), with: Array(edit.insert))
        }
        return String(characters)
    }

    /// `code` with every character inside a string or a comment replaced by a space (line breaks kept), so that
    /// offsets in it are offsets in `code`.
    static func maskingNonCode(_ code: String, language: CodeLanguage) -> String {
        String(CodeScanner.classify(code, language: language).map { $0.kind == .code || $0.character == "\n" ? $0.character : " " })
    }

    /// An immutable binding the scan met: the token of its name, of its keyword (nil for a parameter), and of the
    /// `{` opening the body a parameter belongs to.
    struct Binding: Hashable {
        var name: Int
        var keyword: Int?
        var body: Int?
    }

    /// The assignments to immutable bindings in `tokens`, and the bindings they assign (each once, in order).
    static func scan(_ tokens: [Token], _ keywords: Keywords) -> (count: Int, reassigned: [Binding]) {
        var scopes: [[String: Binding?]] = [[:]]   // name → its binding if immutable (nil: mutable), innermost last
        var parenthesisDepth = 0
        var count = 0
        var reassigned: [Binding] = []
        var i = 0
        // A function's parameters, read at its `(`, belong to the scope its body's `{` opens.
        var awaitingParameters = false
        var pendingParameters: [String: Binding?] = [:]
        func binding(of name: String) -> Binding? {
            for scope in scopes.reversed() { if let found = scope[name] { return found } }
            return nil
        }
        func startsStatement(_ at: Int) -> Bool {
            at == 0 || tokens[at].newlineBefore || ["{", "}", ";"].contains(tokens[at - 1].text)
        }
        while i < tokens.count {
            let token = tokens[i]
            if let function = keywords.function, parenthesisDepth == 0, token.text == function { awaitingParameters = true }
            if awaitingParameters, token.text == "(" {
                pendingParameters = parameters(tokens, from: i, mutableMarker: keywords.mutableParameter)
                awaitingParameters = false
            }
            if parenthesisDepth == 0, token.text == "=" || token.text == ";" { pendingParameters = [:] }   // no body: `fun f(x: Int) = x`
            switch token.text {
            case "{":
                scopes.append(pendingParameters.mapValues { $0.map { Binding(name: $0.name, keyword: nil, body: i) } })
                pendingParameters = [:]
            case "}": if scopes.count > 1 { scopes.removeLast() }
            case "(", "[": parenthesisDepth += 1
            case ")", "]": parenthesisDepth = max(0, parenthesisDepth - 1)
            default: break
            }
            if parenthesisDepth == 0, token.isIdentifier, startsStatement(i),
               token.text == keywords.immutable || keywords.mutable.contains(token.text) {
                var nameAt = i + 1
                var immutable = token.text == keywords.immutable
                if immutable, let mut = keywords.mutableAfterImmutable, nameAt < tokens.count, tokens[nameAt].text == mut {
                    immutable = false
                    nameAt += 1
                }
                if nameAt < tokens.count, tokens[nameAt].isIdentifier {
                    // Without an initializer on its line the binding may be assigned once later: not counted.
                    let isImmutable = immutable && hasInitializer(tokens, after: nameAt)
                    scopes[scopes.count - 1][tokens[nameAt].text] = .some(isImmutable ? Binding(name: nameAt, keyword: i, body: nil) : nil)
                    i = nameAt + 1
                    continue
                }
            }
            if parenthesisDepth == 0, token.isIdentifier, i == 0 || tokens[i - 1].text != ".", let target = binding(of: token.text),
               isAssigned(tokens, at: i) {
                count += 1
                if !reassigned.contains(target) { reassigned.append(target) }
            }
            i += 1
        }
        return (count, reassigned)
    }

    /// The parameters of the list opening at `open` (a `(`): each named one (the last identifier before its
    /// top-level `:`), immutable unless it holds `mutableMarker`. Patterns and `self` have no such name and are left out.
    private static func parameters(_ tokens: [Token], from open: Int, mutableMarker: String?) -> [String: Binding?] {
        var result: [String: Binding?] = [:]
        var segment: [Int] = []   // token indices
        var depth = 0
        func finish() {
            if let colon = segment.firstIndex(where: { tokens[$0].text == ":" }), colon > 0, tokens[segment[colon - 1]].isIdentifier {
                let name = segment[colon - 1]
                let mutable = segment.contains { j in mutableMarker.map { tokens[j].text == $0 } ?? false }
                result[tokens[name].text] = .some(mutable ? nil : Binding(name: name, keyword: nil, body: nil))
            }
            segment = []
        }
        var j = open + 1
        while j < tokens.count {
            let text = tokens[j].text
            if text == "(" || text == "[" || text == "{" { depth += 1 }
            if text == ")" || text == "]" || text == "}" {
                if depth == 0 { break }
                depth -= 1
            }
            if text != "->" && text != "=>" {   // generic arguments' commas are not the list's
                depth += text.filter { $0 == "<" }.count - text.filter { $0 == ">" }.count
            }
            if text == ",", depth == 0 { finish() } else { segment.append(j) }
            j += 1
        }
        finish()
        return result
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
        var text: String
        var isIdentifier: Bool
        var newlineBefore: Bool
        /// Its first character's offset in the code, and the offset past its last (in `Character`s).
        var start: Int
        var end: Int
    }

    /// The code's identifiers (letters, digits, `_`, `$`), brackets, `;`, and runs of operator characters
    /// (`+=`, `===`, `=>` each one token).
    static func tokenize(_ code: String) -> [Token] {
        let characters = Array(code)
        var tokens: [Token] = []
        var newline = true
        var index = 0
        let operators: Set<Character> = ["=", "+", "-", "*", "/", "%", "<", ">", "&", "|", "^", "!", "?", "~", ":"]
        func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "$" }
        while index < characters.count {
            let c = characters[index]
            if c.isWhitespace {
                if c == "\n" { newline = true }
                index += 1
                continue
            }
            var end = index + 1
            if isWordCharacter(c) {
                while end < characters.count, isWordCharacter(characters[end]) { end += 1 }
            } else if operators.contains(c) {
                while end < characters.count, operators.contains(characters[end]) { end += 1 }
            }
            tokens.append(Token(text: String(characters[index..<end]), isIdentifier: isWordCharacter(c) && !c.isNumber,
                                newlineBefore: newline, start: index, end: end))
            newline = false
            index = end
        }
        return tokens
    }
}
