import Languages

/// A translation from Python that keeps Python's `(a - b) % n` in a language whose `%` keeps the sign of the
/// dividend. Python's remainder takes the divisor's sign, so `(0 - 1) % 26` is 25 there and −1 in JavaScript, C,
/// C++, Java, Go, Rust, Swift, Kotlin, C# and PHP; a Caesar shift or a ring index (`(i - 1) % n`) translated word
/// for word then goes wrong exactly when the difference is negative (HumanEval-X `decode_shift`: into JavaScript
/// every candidate, into C++ the recorded candidates and into Java llama-server's answer wrote `(c - 5 - 'a') % 26`
/// and failed on the letters `a`–`e`).
/// The mend writes Python's meaning in the target's words: `(a - b) % n` → `((a - b) % n + n) % n`, which equals
/// Python's result for every integer `a - b` and non-zero `n` (the inner remainder is within `n` of zero, so adding
/// `n` and taking the remainder again gives the one of `n`'s sign), and the same value as before whenever the
/// difference is not negative.
///
/// Deliberately narrow, on the code without strings and comments: only a parenthesized operand with a minus at
/// its own level (a difference or a negation; not `abs(a - b)`, not `f(a - b)`), not already made non-negative
/// by adding the divisor (`(i - 1 + n) % n`, or the mended form itself), and a divisor that can be read twice more
/// at no cost: a number, a name or member chain, or a call with plain arguments (`s.length`, `s.size()`, `len(s)`).
/// Left alone where the operand is not the parenthesis alone (`x * (a - b) % n` is `(x * (a - b)) % n`; a cast
/// `(int)(a - b)`; a unary minus before it) or the divisor goes on (`% n as i64`, `% n!`, `% n ** 2`). Ruby's `%`
/// is Python's: not mended. Functions written from comments are not translations: not mended.
enum FloorRemainders {
    /// The target languages whose `%` keeps the dividend's sign.
    static let truncatingLanguages: Set<String> = ["javascript", "typescript", "c", "cpp", "java", "go", "rust", "swift", "kotlin", "csharp", "php"]

    /// `code` (in `language`) with each such remainder made Python's, when translated from Python; unchanged otherwise.
    static func fixed(_ code: String, language: CodeLanguage, translatedFrom source: CodeLanguage?) -> String {
        guard source?.id == "python", truncatingLanguages.contains(language.id), code.contains("%") else { return code }
        let tokens = ImmutableBindingCheck.tokenize(ImmutableBindingCheck.maskingNonCode(code, language: language))
        let characters = Array(code)
        var edits: [(range: Range<Int>, text: String)] = []
        for (index, token) in tokens.enumerated() where token.text == "%" {
            guard index > 0, tokens[index - 1].text == ")", let open = tokens.openingBracket(of: index - 1), tokens[open].text == "(",
                  operandStandsAlone(open: open, tokens), hasMinus(inside: open + 1..<(index - 1), tokens),
                  let divisor = divisor(from: index + 1, tokens), divisorEndsTheOperation(after: divisor, tokens) else { continue }
            let divisorTexts = tokens[divisor].map(\.text)
            guard !adds(divisorTexts, inside: open + 1..<(index - 1), tokens),
                  !isAlreadyWrapped(after: divisor, divisorTexts, tokens) else { continue }
            let divisorText = tokens.text(of: divisor, in: characters)
            edits.append((tokens[open].start..<tokens[open].start, "("))
            edits.append((tokens[divisor.upperBound - 1].end..<tokens[divisor.upperBound - 1].end, " + \(divisorText)) % \(divisorText)"))
        }
        return edits.isEmpty ? code : PythonFunctions.applying(edits, to: characters)
    }

    private static let keywordsBeforeAnOperand: Set<String> = ["return", "yield", "case", "in", "of", "else", "await", "if", "while", "switch", "match"]

    /// Whether the parenthesis opened at `open` is the whole left operand of the `%` after it: not a call's or
    /// cast's argument list, and not the right side of a `*`, `/`, `%` or unary sign (which bind first).
    private static func operandStandsAlone(open: Int, _ tokens: [ImmutableBindingCheck.Token]) -> Bool {
        guard open > 0 else { return true }
        let before = tokens[open - 1]
        if before.isIdentifier { return keywordsBeforeAnOperand.contains(before.text) }
        if before.text.first?.isNumber == true || before.text == ")" || before.text == "]" || before.text == "." { return false }
        if ["*", "/", "%", "**"].contains(before.text) { return false }
        if ["-", "+", "!", "~"].contains(before.text) {
            // A sign is binary after an operand (`x - (a - b) % n`), unary otherwise (`-(a - b) % n`).
            guard open > 1 else { return false }
            let operand = tokens[open - 2]
            return (operand.isIdentifier && !keywordsBeforeAnOperand.contains(operand.text)) || operand.text.first?.isNumber == true
                || operand.text == ")" || operand.text == "]"
        }
        return true
    }

    /// Whether `range` (inside a parenthesis) has a minus at its own level.
    private static func hasMinus(inside range: Range<Int>, _ tokens: [ImmutableBindingCheck.Token]) -> Bool {
        var depth = 0
        for index in range {
            let text = tokens[index].text
            depth += [ImmutableBindingCheck.Token].nesting(text)
            if depth == 0 && text == "-" { return true }
        }
        return false
    }

    /// The tokens of the divisor starting at `start`: a number, or a name with member accesses, indices and calls of
    /// plain arguments (names, numbers, dots, commas); nil for anything else.
    private static func divisor(from start: Int, _ tokens: [ImmutableBindingCheck.Token]) -> Range<Int>? {
        guard start < tokens.count else { return nil }
        if tokens[start].text.first?.isNumber == true { return start..<(start + 1) }
        guard tokens[start].isIdentifier, !keywordsBeforeAnOperand.contains(tokens[start].text) else { return nil }
        var end = start + 1
        while end < tokens.count {
            let text = tokens[end].text
            if text == ".", end + 1 < tokens.count, tokens[end + 1].isIdentifier {
                end += 2
            } else if text == "(" || text == "[", let close = tokens.closingBracket(of: end),
                      tokens[(end + 1)..<close].allSatisfy({ $0.isIdentifier || $0.text.first?.isNumber == true || $0.text == "." || $0.text == "," }) {
                end = close + 1
            } else {
                break
            }
        }
        return start..<end
    }

    /// Whether the divisor is the whole right operand: no `as`, `!`, `**`, `?.` or further access after it.
    private static func divisorEndsTheOperation(after divisor: Range<Int>, _ tokens: [ImmutableBindingCheck.Token]) -> Bool {
        guard divisor.upperBound < tokens.count else { return true }
        let next = tokens[divisor.upperBound].text
        return !(next == "as" || next == "!" || next == "!!" || next == "**" || next == "." || next == "(" || next == "["
                 || next.hasPrefix("?."))
    }

    /// Whether `range` adds the divisor at its own level (`i - 1 + n`, `n + i - 1`): already not negative.
    private static func adds(_ divisor: [String], inside range: Range<Int>, _ tokens: [ImmutableBindingCheck.Token]) -> Bool {
        let texts = range.map { tokens[$0].text }
        guard texts.count > divisor.count else { return false }
        for start in 0...(texts.count - divisor.count) where Array(texts[start..<(start + divisor.count)]) == divisor {
            let before = start > 0 ? texts[start - 1] : nil
            let after = start + divisor.count < texts.count ? texts[start + divisor.count] : nil
            if before == "+" || after == "+" { return true }
        }
        return false
    }

    /// Whether the remainder is already the inner one of the mended form: `(a - b) % n + n) % n`.
    private static func isAlreadyWrapped(after divisor: Range<Int>, _ texts: [String], _ tokens: [ImmutableBindingCheck.Token]) -> Bool {
        let start = divisor.upperBound
        guard start + texts.count + 1 < tokens.count, tokens[start].text == "+" else { return false }
        return Array(tokens[(start + 1)..<(start + 1 + texts.count)].map(\.text)) == texts && tokens[start + 1 + texts.count].text == ")"
    }
}
