import Languages

/// JavaScript or TypeScript that compares two new sets with `===` (`new Set(s0) === new Set(s1)`): two objects
/// just made are never the same object, so the comparison is always `false` (`!==` always `true`), whatever the
/// sets hold. It is Python's `set(s0) == set(s1)` written word for word (HumanEval-X Python→JavaScript
/// `same_chars`: all three candidates), and nobody means identity there, so the mend holds for written functions
/// too: the comparison becomes one of contents, `((a, b) => a.size === b.size && [...a].every((x) => b.has(x)))(new
/// Set(s0), new Set(s1))` (negated for `!==` and `!=`), each set built once as before.
///
/// Only where both sides are a whole `new Set(…)` and nothing binds tighter around them (`x && new Set(a) ===
/// new Set(b)` is mended; `new Set(a) === new Set(b).size` is not), on the code without strings and comments.
enum SetEquality {
    /// `code` (JavaScript or TypeScript) with each such comparison made one of contents; unchanged otherwise.
    static func fixed(_ code: String, language: CodeLanguage) -> String {
        guard ["javascript", "typescript"].contains(language.id), code.contains("Set") else { return code }
        let tokens = ImmutableBindingCheck.tokenize(ImmutableBindingCheck.maskingNonCode(code, language: language))
        let characters = Array(code)
        var edits: [(range: Range<Int>, text: String)] = []
        var index = 0
        while index < tokens.count {
            guard let left = newSet(at: index, tokens), left.upperBound < tokens.count,
                  let negated = ["===": false, "==": false, "!==": true, "!=": true][tokens[left.upperBound].text],
                  let right = newSet(at: left.upperBound + 1, tokens),
                  tokens.standsAlone(left.lowerBound..<right.upperBound) else { index += 1; continue }
            let (first, second) = (tokens.text(of: left, in: characters), tokens.text(of: right, in: characters))
            let comparison = "((a, b) => a.size === b.size && [...a].every((x) => b.has(x)))(\(first), \(second))"
            edits.append((tokens[left.lowerBound].start..<tokens[right.upperBound - 1].end, negated ? "!" + comparison : comparison))
            index = right.upperBound
        }
        return edits.isEmpty ? code : PythonFunctions.applying(edits, to: characters)
    }

    /// The tokens of `new Set(…)` starting at `start`, or nil.
    private static func newSet(at start: Int, _ tokens: [ImmutableBindingCheck.Token]) -> Range<Int>? {
        guard start + 2 < tokens.count, tokens[start].text == "new", tokens[start + 1].text == "Set", tokens[start + 2].text == "(" else { return nil }
        return tokens.closingBracket(of: start + 2).map { start..<($0 + 1) }
    }
}
