import Languages

/// A Python translation that writes the source's rounding to a whole number as Python's `round(x)`. Python
/// rounds a half to the even neighbour (`round(14.5)` is 14, `round(-15.5)` is -16); C and C++'s `round`, Go's
/// `math.Round`, Rust's `f64::round` and Swift's `rounded()` send it away from zero (15, -16), and Java's and
/// JavaScript's `Math.round` and Kotlin's `roundToInt` up (15, -15). A translation word for word then differs on
/// every half (HumanEval-X C++→Python `closest_integer`: `return round(w)` in three of the four recorded
/// candidates, failing `closest_integer("14.5") == 15`, as llama-server's answer did).
/// The mend writes the source's rule in Python:
/// - away from zero: `round(x)` → `(math.floor(x + 0.5) if x >= 0 else math.ceil(x - 0.5))`, only where `x` can be
///   read twice at no cost (a name, then any `.name` and `[…]` of names and numbers); a computed argument is left as
///   it is rather than computed twice;
/// - up: `round(x)` → `math.floor(x + 0.5)` (`x` in parentheses where it has operators that bind looser than `+`).
///
/// Both are whole numbers, as `round(x)` was (`PythonModuleImports` then adds `import math`). They agree with the
/// source's rule on every half and wherever `x + 0.5` is exact; the one float below a half by less than its
/// rounding error (0.49999999999999994) rounds up, as Java's `Math.round` did before Java 7.
///
/// Only a call of the built-in with one argument (not `round(x, 2)`, not a method `x.round()`, not where the code
/// defines or assigns its own `round`), only in a translation whose `sourceText` itself rounds so (`round(`,
/// `lround(`, `std::round(` in C and C++; `math.Round(` in Go; `.round()` in Rust; `.rounded()` and `round(` in
/// Swift; `Math.round(` in Java, JavaScript and TypeScript; `.roundToInt()`/`.roundToLong()` in Kotlin). C#'s
/// `Math.Round` and Kotlin's `round` round halves to even, as Python does: not mended.
enum PythonRoundingHalves {
    /// How a source language's rounding treats a half.
    enum HalfRule: Equatable {
        /// To the neighbour farther from zero: 2.5 → 3, -2.5 → -3.
        case awayFromZero
        /// To the neighbour above: 2.5 → 3, -2.5 → -2.
        case up
    }

    /// Each source language's rounding calls, as the tokens that spell them (`(` and `)` included where they must
    /// follow), and the rule they follow.
    static let sourceRoundings: [String: (calls: [[String]], rule: HalfRule)] = [
        "c": ([["round", "("], ["lround", "("], ["llround", "("], ["roundf", "("]], .awayFromZero),
        "cpp": ([["round", "("], ["lround", "("], ["llround", "("], ["roundf", "("]], .awayFromZero),
        "go": ([["math", ".", "Round", "("]], .awayFromZero),
        "rust": ([[".", "round", "(", ")"]], .awayFromZero),
        "swift": ([[".", "rounded", "(", ")"], ["round", "("]], .awayFromZero),
        "java": ([["Math", ".", "round", "("]], .up),
        "javascript": ([["Math", ".", "round", "("]], .up),
        "typescript": ([["Math", ".", "round", "("]], .up),
        "kotlin": ([[".", "roundToInt", "(", ")"], [".", "roundToLong", "(", ")"]], .up),
    ]

    /// `code` (Python) with each one-argument `round` following the source's rule, when `sourceText` (in `source`)
    /// rounds with one; unchanged otherwise.
    static func fixed(_ code: String, translatedFrom source: CodeLanguage?, sourceText: String?) -> String {
        guard let source, let sourceText, let python = CodeLanguage.named("python"), code.contains("round("),
              let rule = rule(of: sourceText, in: source) else { return code }
        let tokens = ImmutableBindingCheck.tokenize(ImmutableBindingCheck.maskingNonCode(code, language: python))
        guard !roundIsNotOnlyCalled(tokens) else { return code }
        let characters = Array(code)
        var edits: [(range: Range<Int>, text: String)] = []
        for index in tokens.indices where tokens[index].text == "round" {
            guard index == 0 || tokens[index - 1].text != ".", index + 1 < tokens.count, tokens[index + 1].text == "(",
                  let close = tokens.closingBracket(of: index + 1),
                  close > index + 2, tokens.topLevelCommas(in: (index + 2)..<close).isEmpty else { continue }
            let argument = (index + 2)..<close
            let text = tokens.text(of: argument, in: characters)
            switch rule {
            case .up:
                let operand = bindsTighterThanPlus(argument, tokens) ? text : "(\(text))"
                edits.append((tokens[index].start..<tokens[close].end, "math.floor(\(operand) + 0.5)"))
            case .awayFromZero:
                guard SimpleOperand.starting(at: argument.lowerBound, tokens) == argument else { continue }
                edits.append((tokens[index].start..<tokens[close].end,
                              "(math.floor(\(text) + 0.5) if \(text) >= 0 else math.ceil(\(text) - 0.5))"))
            }
        }
        return edits.isEmpty ? code : PythonFunctions.applying(edits, to: characters)
    }

    /// The rule of the first rounding call `sourceText` makes, in the code outside its strings and comments; nil
    /// when it makes none, or `source` has no rule here.
    static func rule(of sourceText: String, in source: CodeLanguage) -> HalfRule? {
        guard let rounding = sourceRoundings[source.id], sourceText.contains("ound") else { return nil }
        let tokens = ImmutableBindingCheck.tokenize(ImmutableBindingCheck.maskingNonCode(sourceText, language: source)).map(\.text)
        for call in rounding.calls {
            for start in tokens.indices where start + call.count <= tokens.count && Array(tokens[start..<(start + call.count)]) == call {
                // `round(` alone must not be a member's (`x.round(`, `p->round(`); `std::round(` is the same function.
                if call.first != ".", call.first != "Math", call.first != "math", start > 0, [".", "->"].contains(tokens[start - 1]) { continue }
                return rounding.rule
            }
        }
        return nil
    }

    /// Whether `round` appears other than called: defined (`def round`, `round = …`, a parameter, a loop variable,
    /// an import) or passed as a value (`map(round, xs)`, `key=round`). The calls may then not be the built-in's, or
    /// the built-in is used where this cannot see: the code is left as it is.
    private static func roundIsNotOnlyCalled(_ tokens: [ImmutableBindingCheck.Token]) -> Bool {
        tokens.indices.contains { index in
            guard tokens[index].text == "round", index == 0 || tokens[index - 1].text != "." else { return false }   // `x.round`: another's
            let called = index + 1 < tokens.count && tokens[index + 1].text == "("
            return !called || (index > 0 && tokens[index - 1].text == "def")
        }
    }

    /// Whether the argument's tokens at its own level are all names, numbers, dots and operators that bind tighter
    /// than (or as tight as) `+`, so `argument + 0.5` adds to the whole of it.
    private static func bindsTighterThanPlus(_ argument: Range<Int>, _ tokens: [ImmutableBindingCheck.Token]) -> Bool {
        let keywords: Set<String> = ["if", "else", "and", "or", "not", "lambda", "in", "is", "for", "await"]
        let tight: Set<String> = [".", "+", "-", "*", "/", "//", "%", "**"]
        var index = argument.lowerBound
        while index < argument.upperBound {
            let token = tokens[index]
            if ["(", "["].contains(token.text) {
                guard let close = tokens.closingBracket(of: index), close < argument.upperBound else { return false }
                index = close + 1
                continue
            }
            let isNumber = token.text.first?.isNumber ?? false
            if token.isIdentifier ? keywords.contains(token.text) : !(isNumber || tight.contains(token.text)) { return false }
            index += 1
        }
        return true
    }
}
