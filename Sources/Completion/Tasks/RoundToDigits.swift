import Languages

/// Python's `round(x, 2)` kept in a translation to a language whose `round` takes one argument: C and C++'s
/// `round(area, 2)` does not compile (HumanEval-X Python→C++ `triangle_area`: all twelve recorded candidates
/// that rounded), Java's `Math.round(x, 2)` neither, Go's `math.Round(x, 2)` neither, and JavaScript's
/// `Math.round(x, 2)` silently drops the digits. The mend writes the rounding to `n` digits in the target's own
/// words: `round((x) * 1e2) / 1e2` (`Math.round`, `math.Round` in the languages that spell it so).
///
/// Only a call with exactly two arguments whose second is a whole number from 0 to 15 (the digits), of the
/// language's own `round` (`round`/`std::round` in C and C++, `Math.round` in JavaScript, TypeScript and Java,
/// `math.Round` in Go; a method `x.round(2)` or a function of the code's own named otherwise is left alone), in a
/// translation from Python, on the code without strings and comments. Halves are rounded away from zero where Python
/// rounds them to even; at two digits of a computed float the two seldom differ, and the code did not build before.
enum RoundToDigits {
    /// The function that rounds to a whole number in each language, as tokens before the `(`.
    static let roundCalls: [String: [String]] = ["c": ["round"], "cpp": ["round"], "javascript": ["Math", ".", "round"],
                                                 "typescript": ["Math", ".", "round"], "java": ["Math", ".", "round"], "go": ["math", ".", "Round"]]

    /// `code` with each two-argument round rounding to that many digits, when translated from Python; unchanged otherwise.
    static func fixed(_ code: String, language: CodeLanguage, translatedFrom source: CodeLanguage?) -> String {
        guard source?.id == "python", let call = roundCalls[language.id], code.contains("ound") else { return code }
        let tokens = ImmutableBindingCheck.tokenize(ImmutableBindingCheck.maskingNonCode(code, language: language))
        let characters = Array(code)
        var edits: [(range: Range<Int>, text: String)] = []
        for index in tokens.indices where tokens[index].text == call.last {
            let first = index - (call.count - 1)
            guard first >= 0, tokens[first...index].map(\.text) == call, index + 1 < tokens.count, tokens[index + 1].text == "(",
                  first == 0 || tokens[first - 1].text != "." else { continue }
            // C++'s `std::round` is the same function; a member `x.round(…)` is not.
            guard let close = tokens.closingBracket(of: index + 1), let comma = onlyComma(tokens.topLevelCommas(in: (index + 2)..<close)),
                  comma + 2 == close, let digits = Int(tokens[comma + 1].text), (0...15).contains(digits), comma > index + 2 else { continue }
            let value = tokens.text(of: (index + 2)..<comma, in: characters)
            let name = tokens.text(of: first..<(index + 1), in: characters)
            edits.append((tokens[first].start..<tokens[close].end, "\(name)((\(value)) * 1e\(digits)) / 1e\(digits)"))
        }
        return edits.isEmpty ? code : PythonFunctions.applying(edits, to: characters)
    }

    /// The one comma of a call's arguments; nil when there are none or more than one.
    private static func onlyComma(_ commas: [Int]) -> Int? { commas.count == 1 ? commas[0] : nil }
}
