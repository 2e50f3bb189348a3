import Foundation

/// A function a HumanEval-X prompt defines in full before the function the task asks for: Go's `Poly` before
/// `FindZero` (task 32), `EncodeCyclic` before `DecodeCyclic` (38), `EncodeShift` before `DecodeShift` (50),
/// `IsPalindrome` before `MakePalindrome` (10).
///
/// HumanEval-X's C++, Java and JavaScript declarations carry these helpers, body and all; its Go declarations
/// leave them out and hold only the asked-for function's first line, while the Go tests call the helpers
/// (`Poly(xs, FindZero(xs))`). A translation into Go given that declaration alone writes its own helper under
/// Go's private spelling (`poly`, `encodeCyclic`) and fails with `undefined: Poly` however right it is: on
/// Python→Go tasks 32, 38 and 50 every recorded candidate, ours and llama-server's, did. The eval therefore
/// gives the translation the helpers' first lines before the declaration (`HumanEvalXTask.translationSignature`),
/// and the Go runner adds a helper the code does not define, as HumanEval-X's own harness has the prompt in the
/// program.
public struct PromptHelper: Sendable, Equatable {
    /// The helper's name, e.g. `Poly`.
    public var name: String
    /// Its text, from its first line to its closing brace.
    public var text: String

    /// Its first line without the opening brace: `func Poly(xs []int, x float64) float64`.
    public var header: String {
        Self.withoutOpeningBrace(String(text.prefix { $0 != "\n" }))
    }

    /// `code` trimmed, without the `{` that ends it, trimmed again: a function's first line as a signature.
    static func withoutOpeningBrace(_ code: String) -> String {
        var text = code.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasSuffix("{") { text.removeLast() }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

extension HumanEvalXTask {
    /// What a translation from this task's language is given as its source: the prompt (signature and docstring)
    /// and the canonical solution. The eval, the reviewer's scores and the report's control-flow comparison read it here.
    public var translationSource: String {
        prompt + canonicalSolution
    }

    /// The target's signature given to a translation into this task's language: the declaration without its
    /// opening brace, after the first lines of the helpers the prompt defines and the declaration leaves out.
    /// Their first lines, not their bodies: given `IsPalindrome`'s body, all four candidates of Go task 10 wrote
    /// `MakePalindrome` as a copy of its reversal loop (`jerryyrrej`), where without it two of four passed.
    public var translationSignature: String {
        (helpersMissingFromDeclaration.map(\.header) + [PromptHelper.withoutOpeningBrace(declaration)]).joined(separator: "\n\n")
    }

    /// The functions the prompt defines in full (first line at column 0 ending with `{`, closed by a `}` at column
    /// 0) whose first line the declaration does not hold: HumanEval-X's Go helpers; empty for the other languages,
    /// whose declarations hold theirs, and for the many tasks without one.
    public var helpersMissingFromDeclaration: [PromptHelper] {
        guard language != "python", language != "java" else { return [] }   // Python: indentation; Java: methods of a class the declaration holds
        let lines = prompt.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var helpers: [PromptHelper] = []
        var index = 0
        while index < lines.count {
            let header = lines[index]
            guard Self.opensTopLevelBlock(header), let name = Self.definedName(in: header) else { index += 1; continue }
            guard let close = lines[(index + 1)...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "}" && $0.first == "}" }) else { break }
            let trimmedHeader = header.trimmingCharacters(in: .whitespaces)
            if !declaration.contains(trimmedHeader) {
                helpers.append(PromptHelper(name: name, text: lines[index...close].joined(separator: "\n")))
            }
            index = close + 1
        }
        return helpers
    }

    /// A line that starts a function at the top level: no indentation, ends with `{`, not an import or a type.
    private static func opensTopLevelBlock(_ line: String) -> Bool {
        guard let first = line.first, !first.isWhitespace, line.trimmingCharacters(in: .whitespaces).hasSuffix("{") else { return false }
        let notFunctions = ["import", "package", "class ", "struct ", "type ", "//", "#", "/*", "namespace"]
        return !notFunctions.contains(where: line.hasPrefix)
    }

    /// The name a function header defines: the identifier before its parameter list (`func Poly(`,
    /// `double poly(`), or before `= (` (JavaScript's `const poly = (xs, x) =>`).
    static func definedName(in header: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: #"([A-Za-z_]\w*)\s*(?:=\s*)?\("#) else { return nil }
        let ns = header as NSString
        for match in regex.matches(in: header, range: NSRange(location: 0, length: ns.length)) {
            let name = ns.substring(with: match.range(at: 1))
            if !["func", "function", "async"].contains(name) { return name }
        }
        return nil
    }
}
