import Languages

/// A JavaScript or TypeScript translation that orders strings with `a.localeCompare(b)` where the source compared
/// them by code point (Python's `sorted`, C++'s `<`, Java's `compareTo`, Go's `<`): `localeCompare` follows the
/// locale's collation, which puts `"ai"` before `"AI"` and ignores case until the letters tie, so a sort that was
/// "alphabetical" in the source comes out in another order (HumanEval-X Python→JavaScript `sorted_list_sum`: every
/// recorded candidate that used it failed on `['AI', 'ai', 'au']`). The mend writes the source's order in
/// JavaScript's own operators, which compare code units: `(a < b ? -1 : a > b ? 1 : 0)`.
///
/// Only `x.localeCompare(y)` with one argument (a locale or options argument asks for collation on purpose), a
/// receiver and an argument that are names, member chains or indexed names (`a`, `a.name`, `pair[0]`: read twice
/// at no cost, nothing called), on the code without strings and comments. Only translations from languages whose
/// own string comparison is by code point: from C# (`string.Compare` follows the culture) and JavaScript itself
/// the call is what the source meant. Functions written from comments keep it.
enum CodePointStringOrder {
    /// The source languages whose strings compare by code point.
    static let codePointSources: Set<String> = ["python", "c", "cpp", "java", "go", "rust", "swift", "kotlin", "ruby", "php"]

    /// `code` (JavaScript or TypeScript) with each such `localeCompare` written as comparisons, when translated from
    /// `source`; unchanged otherwise.
    static func fixed(_ code: String, language: CodeLanguage, translatedFrom source: CodeLanguage?) -> String {
        guard let source, codePointSources.contains(source.id), ["javascript", "typescript"].contains(language.id),
              code.contains("localeCompare") else { return code }
        let tokens = ImmutableBindingCheck.tokenize(ImmutableBindingCheck.maskingNonCode(code, language: language))
        let characters = Array(code)
        func text(_ range: Range<Int>) -> String { String(characters[tokens[range.lowerBound].start..<tokens[range.upperBound - 1].end]) }
        var edits: [(range: Range<Int>, text: String)] = []
        for (index, token) in tokens.enumerated() where token.text == "localeCompare" {
            guard index >= 2, tokens[index - 1].text == ".", index + 2 < tokens.count, tokens[index + 1].text == "(",
                  let receiver = simpleOperand(endingAt: index - 2, tokens),
                  let argument = simpleOperand(startingAt: index + 2, tokens), argument.upperBound < tokens.count,
                  tokens[argument.upperBound].text == ")" else { continue }
            let (left, right) = (text(receiver), text(argument))
            let replaced = tokens[receiver.lowerBound].start..<tokens[argument.upperBound].end
            edits.append((replaced, "(\(left) < \(right) ? -1 : \(left) > \(right) ? 1 : 0)"))
        }
        return edits.isEmpty ? code : PythonFunctions.applying(edits, to: characters)
    }

    /// A name, then any `.name` and `[…]` of names and numbers, starting at `start`: its token range.
    private static func simpleOperand(startingAt start: Int, _ tokens: [ImmutableBindingCheck.Token]) -> Range<Int>? {
        guard tokens[start].isIdentifier else { return nil }
        var end = start + 1
        while end < tokens.count {
            if tokens[end].text == ".", end + 1 < tokens.count, tokens[end + 1].isIdentifier {
                end += 2
            } else if tokens[end].text == "[", let close = indexClose(from: end, tokens) {
                end = close + 1
            } else {
                break
            }
        }
        return start..<end
    }

    /// The same read backwards from `last`; nil when it is not one (a call's result, a literal).
    private static func simpleOperand(endingAt last: Int, _ tokens: [ImmutableBindingCheck.Token]) -> Range<Int>? {
        var first = last
        while true {
            if tokens[first].text == "]" {
                guard let open = (0..<first).last(where: { tokens[$0].text == "[" }),
                      isPlainIndex(open + 1..<first, tokens), open > 0 else { return nil }
                first = open - 1
            } else if tokens[first].isIdentifier {
                if first >= 2, tokens[first - 1].text == ".", tokens[first - 2].isIdentifier || tokens[first - 2].text == "]" {
                    first -= 2
                } else {
                    break
                }
            } else {
                return nil
            }
        }
        if first > 0, [".", "?."].contains(tokens[first - 1].text) { return nil }
        return first..<(last + 1)
    }

    /// The `]` closing the `[` at `open` when everything between is names, numbers and dots.
    private static func indexClose(from open: Int, _ tokens: [ImmutableBindingCheck.Token]) -> Int? {
        guard let close = ((open + 1)..<tokens.count).first(where: { tokens[$0].text == "]" }),
              isPlainIndex(open + 1..<close, tokens) else { return nil }
        return close
    }

    private static func isPlainIndex(_ range: Range<Int>, _ tokens: [ImmutableBindingCheck.Token]) -> Bool {
        !range.isEmpty && range.allSatisfy { tokens[$0].isIdentifier || tokens[$0].text.first?.isNumber == true || tokens[$0].text == "." }
    }
}
