import Foundation
import Languages

/// A function definition found in code: its name and number of parameters.
public struct FunctionSignature: Sendable, Equatable {
    /// The function's name as written.
    public var name: String
    /// Number of parameters (Python's `self`/`cls` not counted).
    public var arity: Int

    public init(name: String, arity: Int) {
        self.name = name
        self.arity = arity
    }

    /// Patterns whose first capture group is the name of a function being defined, per language id.
    static func patterns(for language: CodeLanguage) -> [String] {
        switch language.id {
        case "python": return [#"^\s*(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\("#]
        case "javascript", "typescript":
            return [#"^\s*(?:export\s+)?(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)\s*[<(]"#,
                    #"^\s*(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(?:async\s*)?(?:function\b[^(]*)?\("#]
        case "go": return [#"^\s*func\s+(?:\([^)]*\)\s*)?([A-Za-z_]\w*)\s*[\[(]"#]
        case "rust": return [#"^\s*(?:pub(?:\([^)]*\))?\s+)?(?:async\s+)?(?:unsafe\s+)?fn\s+([A-Za-z_]\w*)\s*[<(]"#]
        case "swift": return [#"^\s*(?:@\w+\s+)*(?:(?:public|private|internal|fileprivate|static|final|override|mutating)\s+)*func\s+([A-Za-z_]\w*)\s*[<(]"#]
        case "kotlin": return [#"^\s*(?:(?:public|private|internal|override|suspend|inline)\s+)*fun\s+(?:<[^>]*>\s*)?([A-Za-z_]\w*)\s*\("#]
        case "ruby": return [#"^\s*def\s+(?:self\.)?([A-Za-z_]\w*[?!]?)"#]
        case "php": return [#"^\s*(?:(?:public|private|protected|static)\s+)*function\s+([A-Za-z_]\w*)\s*\("#]
        default:   // C, C++, Java, C#: a return type (C#'s nullable `int?` too), the name, "(", and no ";" ending a declaration
            return [#"^\s*(?:[\w:<>,\[\]\*&~]+\??\s+)*?[\w:<>,\[\]\*&]+\??[\s\*&]+([A-Za-z_]\w*)\s*\([^;]*$"#]
        }
    }

    /// Words that a C-like pattern may mistake for a function name (`if (x)`, `return f(x)`).
    static let notNames: Set<String> = ["if", "for", "while", "switch", "return", "catch", "sizeof", "else", "new", "delete"]

    /// The first function defined in `code` (one line at a time), with its arity when its parameter list is complete.
    public static func first(in code: String, language: CodeLanguage) -> FunctionSignature? {
        all(in: code, language: language).first
    }

    /// Every function defined in `code`, in order, read from its code only (`CodeCandidateExpectation.codeOnly`:
    /// comments and strings out): the C family's pattern also matches prose, and a comment saying "if the sum( first
    /// index value, last index value) is odd" (HumanEval-X's CPP/88) is no function `sum` of two parameters.
    public static func all(in code: String, language: CodeLanguage) -> [FunctionSignature] {
        let code = CodeCandidateExpectation.codeOnly(code, language: language)
        let regexes = patterns(for: language).compactMap { try? NSRegularExpression(pattern: $0, options: [.anchorsMatchLines]) }
        var found: [(Int, FunctionSignature)] = []
        let ns = code as NSString
        for regex in regexes {
            for match in regex.matches(in: code, range: NSRange(location: 0, length: ns.length)) where match.numberOfRanges > 1 {
                let name = ns.substring(with: match.range(at: 1))
                if notNames.contains(name) { continue }
                let after = ns.substring(from: match.range(at: 1).location + match.range(at: 1).length)
                found.append((match.range.location, FunctionSignature(name: name, arity: arity(afterName: after, language: language))))
            }
        }
        return found.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// Number of parameters in the first parenthesised list of `text` (split as `ExampleExtraction.parameterList`
    /// splits one: `->` in Rust's `Fn(i32) -> i32` closes no bracket; 0 for `()`; Python's `self`, `cls`, `*`, `/` not counted).
    static func arity(afterName text: String, language: CodeLanguage) -> Int {
        guard let open = text.firstIndex(of: "(") else { return 0 }
        let real = ExampleExtraction.parameterList(text[text.index(after: open)...], endingAtUnmatched: ")").filter { !$0.isEmpty }
        if language.id == "python" { return real.filter { $0 != "self" && $0 != "cls" && $0 != "*" && $0 != "/" }.count }
        return real.count
    }
}
