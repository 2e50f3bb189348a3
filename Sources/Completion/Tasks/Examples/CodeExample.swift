import Foundation
import Languages

/// An example from a comment, docstring or source: an expression and the value it must have.
public struct CodeExample: Sendable, Equatable {
    /// Source of the call, e.g. `add(2, 3)`; for an assertion, the condition.
    public var expression: String
    /// What it must evaluate to, as the text writes it (e.g. `5`); empty for an assertion.
    public var expected: String

    public init(expression: String, expected: String) {
        self.expression = expression
        self.expected = expected
    }
}

/// Finds the runnable examples of a comment, docstring or source, in every language, in these forms
/// (comment markers `#`, `//`, `/*`, `*` and `--` are ignored at the start of a line):
///
/// - doctest: `>>> f(2)` followed by the expected value on the next line;
/// - an assertion: `assert f(2) == 4`, `assert(f(2) == 4)`, `assert!(…)`, `console.assert(…)`,
///   `assert_eq!(f(2), 4)`, `assertEquals(4, f(2))`;
/// - a stated result: `f(2) == 4`, `f(2) === 4`, `f(2) => 4`, `f(2) ==> 4`, `f(2) -> 4`, `f(2) → 4`, `f(2) ➞ 4`,
///   and with a literal value `f(2) = 4`, `f(2) returns 4`, `f(2) should return 4`;
/// - a printed result: `console.log(f(2)) // 4`, `print(f(2))  # 4`, `f(2) // => 4`.
///
/// Only calls count as expressions (`name(…)`, balanced, nothing after the closing parenthesis), so
/// `const f = (x) => x + 1` is no example.
public enum ExampleExtraction {
    public static func examples(in text: String, language: CodeLanguage) -> [CodeExample] {
        var examples: [CodeExample] = []
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { String($0).trimmingCharacters(in: .whitespaces) }
        var i = 0
        while i < lines.count {
            let line = stripCommentMarker(lines[i])
            if line.hasPrefix(">>> ") {
                let expression = withoutTrailingComment(String(line.dropFirst(4)))
                // In line comments the value is on the next comment line (`// >>> f(2)` / `// 4`), not on the code after.
                let nextInComment = i + 1 < lines.count && (!isLineComment(lines[i]) || isLineComment(lines[i + 1]))
                let next = nextInComment ? stripCommentMarker(lines[i + 1]) : ""
                if !next.isEmpty && !next.hasPrefix(">>>") && !next.hasPrefix("\"\"\"") && !next.hasPrefix("'''") {
                    examples.append(CodeExample(expression: expression, expected: next))
                    i += 1
                } else if topLevelSplit(expression, separator: "==").count == 2 {
                    examples.append(comparison(expression))   // `>>> f(2) == 4` alone: an assertion
                }
            } else if let example = assertion(line) ?? statedResult(line) {
                examples.append(example)
            }
            i += 1
        }
        return examples
    }

    /// The examples `language`'s harness can judge. Python and JavaScript run each check on its own (one
    /// that throws fails alone, as it does for every candidate): all of them. A compiled program fails to
    /// build on one example it cannot type, and loses the others: for C++, Java and Go the expected value
    /// must be a literal and the call's arguments literals or the language's own values. Left out there:
    /// `fib4(n) -> fib4(n-1) + …` (describes the sequence), `is_happy(a)` (names no value), `round(f(x), 2)`
    /// (Python's `round`).
    public static func judgeable(_ examples: [CodeExample], in language: CodeLanguage) -> [CodeExample] {
        guard language.id != "python" && language.id != "javascript" else { return examples }
        return examples.filter { example in
            if !example.expected.isEmpty && ExampleLiteral.tokens(example.expected) == nil { return false }
            // Rust's and Swift's harnesses compare a call's value with the expected one; a bare condition has none
            // (and would fail every candidate alike, asking for a repair round for nothing).
            if (language.id == "rust" || language.id == "swift") && example.expected.isEmpty { return false }
            guard isCall(example.expression), let open = example.expression.firstIndex(of: "(") else { return example.expected.isEmpty }
            let inner = example.expression[example.expression.index(after: open)...].dropLast()
            guard !inner.allSatisfy(\.isWhitespace) else { return true }
            return topLevelSplit(String(inner), separator: ",").allSatisfy { ExampleLiteral.tokens($0) != nil || isNativeValue($0, in: language) }
        }
    }

    /// A value written in `language`'s own syntax, as its docstrings do (`[]float64{1.0, 2.0}` in Go,
    /// `Arrays.asList(1, 2)` in Java).
    static func isNativeValue(_ text: String, in language: CodeLanguage) -> Bool {
        switch language.id {
        case "go": return text.hasPrefix("[]") || text.hasPrefix("map[")
        case "java": return ["Arrays.asList(", "List.of(", "new "].contains { text.hasPrefix($0) }
        default: return false
        }
    }

    /// The asserts of a Python test in HumanEval's form (`def check(candidate):` with lines such as
    /// `assert candidate([1, 2]) == 3`, then `check(name)`) as examples calling `name`, and how many asserts
    /// call the function (the examples found may be fewer: an assert that is no comparison with a value). A
    /// bare truth is compared with a boolean: `assert f(x)` with `True`, `assert not f(x)` and `assert f(x) is False` with `False`;
    /// `abs(f(x) - 0.33) < 1e-6` with the number (the harnesses compare floats within 1e-6).
    public static func pythonTestAsserts(_ test: String) -> (examples: [CodeExample], asserts: Int) {
        let lines = test.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let checked = lines.last(where: { $0.hasPrefix("check(") && $0.hasSuffix(")") })?.dropFirst(6).dropLast(),
              !checked.isEmpty, let python = CodeLanguage.named("python") else { return ([], 0) }
        // HumanEval names the parameter `candidate`; HumanEval-X names it after the function.
        let asserts = lines.filter { $0.hasPrefix("assert ") && ($0.contains("candidate(") || $0.contains(checked + "(")) }
        // A bare truth (`assert f(x)`, `assert not f(x)`, `assert f(x) is True`) is a comparison with a boolean.
        let stated = asserts.map { line -> String in
            var condition = (topLevelSplit(String(line.dropFirst(7)), separator: ",").first ?? "").trimmingCharacters(in: .whitespaces)
            var expected = "True"
            for (suffix, value) in [(" is True", "True"), (" is False", "False")] where condition.hasSuffix(suffix) {
                condition = String(condition.dropLast(suffix.count))
                expected = value
            }
            if condition.hasPrefix("not ") {
                condition = String(condition.dropFirst(4)).trimmingCharacters(in: .whitespaces)
                expected = expected == "True" ? "False" : "True"
            }
            if isCall(condition) { return "assert \(condition) == \(expected)" }
            // `abs(f(x) - 0.33) < 1e-6`: the harnesses compare floats within 1e-6 themselves.
            let sides = topLevelSplit(condition, separator: "<")
            if sides.count == 2, sides[0].hasPrefix("abs("), sides[0].hasSuffix(")") {
                let difference = topLevelSplit(String(sides[0].dropFirst(4).dropLast()), separator: " - ").map { $0.trimmingCharacters(in: .whitespaces) }
                if difference.count == 2, isCall(difference[0]) { return "assert \(difference[0]) == \(difference[1])" }
            }
            return line
        }
        let text = stated.joined(separator: "\n").replacingOccurrences(of: "candidate(", with: checked + "(")
        let examples = calling(String(checked), in: self.examples(in: text, language: python))
        return (examples.filter { !$0.expected.isEmpty }, asserts.count)
    }

    /// A parameter list (or a tuple type) split at its commas outside brackets of any kind, generics' `<>`
    /// included (`HashMap<K, V>`, `(i32, i32)`, `Fn(i32) -> i32`), each part trimmed, an empty last one dropped.
    /// With `close`, `text` may go on past the list: it ends at the first `close` bracket no bracket of the
    /// list opened (the `)` after `a, b` in `a, b) -> int:`).
    static func parameterList(_ text: some StringProtocol, endingAtUnmatched close: Character? = nil) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for c in text {
            if "<([{".contains(c) { depth += 1 }
            if ">)]}".contains(c) && !(c == ">" && current.last == "-") {
                if depth == 0 && c == close { break }
                depth -= 1
            }
            if c == "," && depth == 0 {
                parts.append(current.trimmingCharacters(in: .whitespacesAndNewlines))
                current = ""
            } else {
                current.append(c)
            }
        }
        let last = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !last.isEmpty { parts.append(last) }
        return parts
    }

    /// The examples that call `name` (`name(` in their expression); all of them when `name` is nil.
    public static func calling(_ name: String?, in examples: [CodeExample]) -> [CodeExample] {
        guard let name else { return examples }
        return examples.filter { example in
            let text = example.expression
            var from = text.startIndex
            while let found = text.range(of: name + "(", range: from..<text.endIndex) {
                // A whole name: `add(` in `add(1)` or `x.add(1)`, not in `madd(1)`.
                let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
                if before.map({ !($0.isLetter || $0.isNumber || $0 == "_") }) ?? true { return true }
                from = found.upperBound
            }
            return false
        }
    }

    /// `example` with the function it calls renamed in `language`'s naming style (`sum_even(…)` →
    /// `sumEven(…)` for JavaScript), for checking a translation with the source's examples.
    public static func renamingCall(_ example: CodeExample, for language: CodeLanguage) -> CodeExample {
        let expression = example.expression
        guard let open = expression.firstIndex(of: "("),
              expression[..<open].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !expression[..<open].isEmpty else { return example }
        let name = String(expression[..<open])
        return CodeExample(expression: language.styledName(name) + expression[open...], expected: example.expected)
    }

    /// Whether `line` (trimmed) is a line comment.
    static func isLineComment(_ line: String) -> Bool {
        ["//", "#", "--"].contains { line.hasPrefix($0) } && !line.hasPrefix("#include")
    }

    /// `text` without a `#` or `//` comment after the code (outside strings), trimmed.
    static func withoutTrailingComment(_ text: String) -> String {
        var scanner = LiteralScanner()
        var previous: Character = " "
        for (offset, c) in text.enumerated() {
            let code = scanner.isCode(c)
            if code && (c == "#" || (c == "/" && previous == "/")) {
                let end = c == "#" ? offset : offset - 1
                return String(text.prefix(end)).trimmingCharacters(in: .whitespaces)
            }
            previous = code ? c : " "
        }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// The line without a leading comment marker (and the spaces after it).
    static func stripCommentMarker(_ line: String) -> String {
        var text = Substring(line)
        for marker in ["///", "//", "/**", "/*", "*/", "#", "--", "*"] where text.hasPrefix(marker) && !text.hasPrefix("#include") {
            text = text.dropFirst(marker.count)
            break
        }
        var result = text.trimmingCharacters(in: .whitespaces)
        if result.hasSuffix("*/") { result = String(result.dropLast(2)).trimmingCharacters(in: .whitespaces) }
        return result
    }

    /// `assert …` in its usual spellings.
    static func assertion(_ line: String) -> CodeExample? {
        var text = line.hasSuffix(";") ? String(line.dropLast()) : line
        text = text.trimmingCharacters(in: .whitespaces)
        for (open, pair) in [("assert_eq!(", true), ("assertEquals(", true), ("assert!(", false), ("console.assert(", false), ("assert(", false)]
            where text.hasPrefix(open) && text.hasSuffix(")") {
            let inner = String(text.dropFirst(open.count).dropLast())
            guard balanced(inner) else { return nil }
            if pair {
                let parts = topLevelSplit(inner, separator: ",")
                guard parts.count == 2 else { return nil }
                // assertEquals(expected, actual); assert_eq!(actual, expected)
                let (actual, expected) = open == "assertEquals(" ? (parts[1], parts[0]) : (parts[0], parts[1])
                return CodeExample(expression: actual, expected: expected)
            }
            return comparison(inner.trimmingCharacters(in: .whitespaces))
        }
        if text.hasPrefix("assert ") {
            // Python's `assert condition, "message"`: the message is no part of the condition.
            let condition = (topLevelSplit(String(text.dropFirst(7)), separator: ",").first ?? "").trimmingCharacters(in: .whitespaces)
            // `assert f(x) => 4` (HumanEval's sorted_list_sum) states a result; `==` stays a condition.
            if topLevelSplit(condition, separator: "==").count == 1, let stated = statedResult(condition) { return stated }
            guard !condition.isEmpty, balanced(condition) else { return nil }
            return comparison(condition)
        }
        return nil
    }

    /// An asserted `condition`; `f(x) == literal` becomes the call and its expected value, which every harness
    /// compares by value (JavaScript's `==` on two arrays compares references and is never true).
    static func comparison(_ condition: String) -> CodeExample {
        for separator in ["===", "=="] {
            let parts = topLevelSplit(condition, separator: separator)
            if parts.count == 2, isCall(parts[0]), ExampleLiteral.tokens(parts[1]) != nil {
                return CodeExample(expression: parts[0], expected: parts[1])
            }
        }
        return CodeExample(expression: condition, expected: "")
    }

    /// `f(2) == 4` and the like, `console.log(f(2)) // 4`, `print(f(2)) # 4`.
    static func statedResult(_ line: String) -> CodeExample? {
        for printer in ["console.log(", "print(", "println!(", "System.out.println(", "fmt.Println("] where line.hasPrefix(printer) {
            // The printer's closing parenthesis, then an optional `;`, then a comment holding the value.
            guard let close = closingParenthesis(of: line, openingAt: line.index(line.startIndex, offsetBy: printer.count - 1)) else { return nil }
            let call = String(line[line.index(line.startIndex, offsetBy: printer.count)..<close]).trimmingCharacters(in: .whitespaces)
            var rest = line[line.index(after: close)...].drop { $0 == ";" || $0 == " " }
            guard let marker = ["//", "#"].first(where: { rest.hasPrefix($0) }) else { return nil }
            rest = rest.dropFirst(marker.count)
            var expected = rest.trimmingCharacters(in: .whitespaces)
            for arrow in ["=>", "->", "→"] where expected.hasPrefix(arrow) { expected = String(expected.dropFirst(arrow.count)).trimmingCharacters(in: .whitespaces) }
            guard isCall(call), !expected.isEmpty else { return nil }
            return CodeExample(expression: call, expected: expected)
        }
        for separator in ["===", "==>", "==", "// =>", "# =>", "=>", "->", "→", "➞", "=", " returns ", " should return "] {
            let parts = topLevelSplit(line, separator: separator)
            guard parts.count == 2 else { continue }
            var call = parts[0]
            if call.hasSuffix(";") { call = String(call.dropLast()).trimmingCharacters(in: .whitespaces) }
            var expected = parts[1]
            if expected.hasSuffix(";") || expected.hasSuffix(".") { expected = String(expected.dropLast()).trimmingCharacters(in: .whitespaces) }
            guard isCall(call), !expected.isEmpty else { continue }
            // A brace is a literal (C++'s `{1, 2}`) only when balanced on its line: `f(x) => {` opens a body.
            if expected.hasPrefix("{") && (!balanced(expected) || expected.contains(";")) { continue }
            // Words and a bare `=` state a result only when a literal follows: "f(x) returns the sum" is prose.
            if Self.needsLiteral.contains(separator) && ExampleLiteral.tokens(expected) == nil { continue }
            return CodeExample(expression: call, expected: expected)
        }
        return nil
    }

    /// Separators after which only a literal value makes an example.
    static let needsLiteral: Set<String> = ["=", " returns ", " should return "]

    /// Whether `text` is one call: a name (dots allowed), `(`, balanced arguments, `)` at the very end.
    static func isCall(_ text: String) -> Bool {
        guard let open = text.firstIndex(of: "("), text.hasSuffix(")") else { return false }
        let name = text[..<open]
        guard let first = name.first, first.isLetter || first == "_" || first == "$",
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "$" || $0 == "." }) else { return false }
        if ["if", "while", "for", "switch", "return", "function", "def", "fn", "func"].contains(String(name)) { return false }
        // The first parenthesis must close at the end: `f(1) + g(2)` is not one call.
        var depth = 0
        var scanner = LiteralScanner()
        for (offset, c) in text[open...].enumerated() where scanner.isCode(c) {
            if "([{".contains(c) { depth += 1 }
            if ")]}".contains(c) { depth -= 1 }
            if depth == 0 { return offset == text[open...].count - 1 }
        }
        return false
    }

    /// The parameter list of the function `name` declared with `keyword` (`fn`, `func`) in `code`, and the text after
    /// its `)` (where a return type is written): the first declaration that is that name exactly (`func name2(` is
    /// another function), generic parameters skipped however nested (`<T: Into<Vec<i32>>>`). Nil when none is found.
    static func declaredParameters(of name: String, introducedBy keyword: String, in code: String) -> (list: String, after: Substring)? {
        var search = code.startIndex..<code.endIndex
        while let range = code.range(of: keyword + " " + name, range: search) {
            search = range.upperBound..<code.endIndex
            var index = range.upperBound
            if index < code.endIndex && code[index] == "<" {
                guard let close = closingAngleBracket(of: code, openingAt: index) else { continue }
                index = code.index(after: close)
            }
            guard index < code.endIndex, code[index] == "(", let close = closingParenthesis(of: code, openingAt: index) else { continue }
            return (String(code[code.index(after: index)..<close]), code[code.index(after: close)...])
        }
        return nil
    }

    /// The `>` that closes the generic parameters opened at `open`, nested ones counted (`->` inside is no bracket).
    private static func closingAngleBracket(of text: String, openingAt open: String.Index) -> String.Index? {
        var depth = 0
        var previous: Character = " "
        for index in text[open...].indices {
            let c = text[index]
            if c == "<" { depth += 1 }
            if c == ">" && previous != "-" { depth -= 1; if depth == 0 { return index } }
            previous = c
        }
        return nil
    }

    /// The index of the `)` that closes the `(` at `open`, outside strings.
    static func closingParenthesis(of text: String, openingAt open: String.Index) -> String.Index? {
        var depth = 0
        var scanner = LiteralScanner()
        var index = open
        while index < text.endIndex {
            let c = text[index]
            if scanner.isCode(c) {
                if "([{".contains(c) { depth += 1 }
                if ")]}".contains(c) { depth -= 1; if depth == 0 { return index } }
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// Whether brackets outside strings are balanced.
    static func balanced(_ text: String) -> Bool {
        var depth = 0
        var scanner = LiteralScanner()
        for c in text where scanner.isCode(c) {
            if "([{".contains(c) { depth += 1 }
            if ")]}".contains(c) { depth -= 1; if depth < 0 { return false } }
        }
        return depth == 0 && !scanner.inString
    }

    /// `text` split at `separator` where it stands outside brackets and strings, each part trimmed.
    static func topLevelSplit(_ text: String, separator: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var scanner = LiteralScanner()
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            let code = scanner.isCode(c)
            if code && depth == 0 && text[index...].hasPrefix(separator) {
                // `==` inside `===`, `=>` inside `>=`: only a separator not glued to more of the same operator.
                let before = current.last
                let afterIndex = text.index(index, offsetBy: separator.count)
                let after = afterIndex < text.endIndex ? text[afterIndex] : " "
                if !(before.map { "=!<>".contains($0) } ?? false) && !"=>".contains(after) {
                    parts.append(current.trimmingCharacters(in: .whitespaces))
                    current = ""
                    // The scanner has seen the separator's first character; feed it the rest.
                    for d in text[index..<afterIndex].dropFirst() { _ = scanner.isCode(d) }
                    index = afterIndex
                    continue
                }
            }
            if code && "([{".contains(c) { depth += 1 }
            if code && ")]}".contains(c) { depth -= 1 }
            current.append(c)
            index = text.index(after: index)
        }
        parts.append(current.trimmingCharacters(in: .whitespaces))
        return parts
    }
}

/// Tells string characters from code in a one-line expression (`"…"`, `'…'`, backslash escapes).
struct LiteralScanner {
    private(set) var inString = false
    private var quote: Character = "\""
    private var escaped = false

    /// Whether `c` is code (false for characters inside a string, quotes included).
    mutating func isCode(_ c: Character) -> Bool {
        if inString {
            if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == quote { inString = false }
            return false
        }
        if c == "\"" || c == "'" || c == "`" {
            inString = true
            quote = c
            return false
        }
        return true
    }
}
