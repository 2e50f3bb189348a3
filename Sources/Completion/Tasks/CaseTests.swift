import Languages

/// A JavaScript or TypeScript translation of Python's `c.isupper()` as `c === c.toUpperCase()` (or `islower()` as
/// `c === c.toLowerCase()`). Python's tests need a cased letter: `'7'.isupper()` is `False`. The JavaScript one is
/// `true` for every character that has no case (digits, spaces, punctuation), so a sum of the upper-case letters'
/// codes counts the digits and spaces too (HumanEval-X Python→JavaScript `digitSum`: all four candidates). The mend
/// adds the missing half: `(c === c.toUpperCase() && c !== c.toLowerCase())`, which is Python's `isupper()` (every
/// cased character upper case, and at least one: lowering changes something); `!==` becomes its negation.
///
/// Only when the Python source calls `isupper()` (for `toUpperCase`) or `islower()` (for `toLowerCase`): a source
/// that compared `c.upper() == c` meant what JavaScript says. Only a comparison of an operand read twice at no
/// cost (`SimpleOperand`: `c`, `s[i]`, `w.first`) with the same operand's `toUpperCase()`/`toLowerCase()`, either
/// side first, on the code without strings and comments.
enum CaseTests {
    /// `code` (JavaScript or TypeScript) with each such test made Python's, when translated from Python source that
    /// uses it; unchanged otherwise.
    static func fixed(_ code: String, language: CodeLanguage, translatedFrom source: CodeLanguage?, sourceText: String?) -> String {
        guard source?.id == "python", ["javascript", "typescript"].contains(language.id), let sourceText else { return code }
        let sourceTokens = PythonCharacterCodes.Token.scan(sourceText, language: source!).map(\.text)
        var conversions: [String: String] = [:]   // the method tested → the other case's method
        if sourceTokens.contains("isupper") { conversions["toUpperCase"] = "toLowerCase" }
        if sourceTokens.contains("islower") { conversions["toLowerCase"] = "toUpperCase" }
        guard !conversions.isEmpty, conversions.keys.contains(where: { code.contains($0) }) else { return code }
        let tokens = ImmutableBindingCheck.tokenize(ImmutableBindingCheck.maskingNonCode(code, language: language))
        let characters = Array(code)
        func texts(_ range: Range<Int>) -> [String] { range.map { tokens[$0].text } }
        let comparisons: [String: Bool] = ["===": false, "==": false, "!==": true, "!=": true]   // → negated
        var edits: [(range: Range<Int>, text: String)] = []
        for (index, token) in tokens.enumerated() {
            guard let other = conversions[token.text], index >= 2, tokens[index - 1].text == ".", index + 2 < tokens.count,
                  tokens[index + 1].text == "(", tokens[index + 2].text == ")",
                  let converted = SimpleOperand.ending(at: index - 2, tokens) else { continue }
            let call = converted.lowerBound..<(index + 3)
            var compared: Range<Int>?
            var negated = false
            // `c === c.toUpperCase()`
            if converted.lowerBound >= 2, let isNegated = comparisons[tokens[converted.lowerBound - 1].text],
               let operand = SimpleOperand.ending(at: converted.lowerBound - 2, tokens), texts(operand) == texts(converted) {
                compared = operand.lowerBound..<call.upperBound
                negated = isNegated
            }
            // `c.toUpperCase() === c`
            else if call.upperBound + 1 < tokens.count, let isNegated = comparisons[tokens[call.upperBound].text],
                    let operand = SimpleOperand.starting(at: call.upperBound + 1, tokens), texts(operand) == texts(converted),
                    operand.upperBound >= tokens.count || ![".", "[", "("].contains(tokens[operand.upperBound].text) {
                compared = call.lowerBound..<operand.upperBound
                negated = isNegated
            }
            guard let compared, tokens.standsAlone(compared) else { continue }
            let operand = tokens.text(of: converted, in: characters)
            let test = "(\(operand) === \(operand).\(token.text)() && \(operand) !== \(operand).\(other)())"
            edits.append((tokens[compared.lowerBound].start..<tokens[compared.upperBound - 1].end, negated ? "!" + test : test))
        }
        return edits.isEmpty ? code : PythonFunctions.applying(edits, to: characters)
    }
}
