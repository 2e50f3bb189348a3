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
        var edits: [(range: Range<Int>, text: String)] = []
        for (index, token) in tokens.enumerated() where token.text == "localeCompare" {
            guard index >= 2, tokens[index - 1].text == ".", index + 2 < tokens.count, tokens[index + 1].text == "(",
                  let receiver = SimpleOperand.ending(at: index - 2, tokens),
                  let argument = SimpleOperand.starting(at: index + 2, tokens), argument.upperBound < tokens.count,
                  tokens[argument.upperBound].text == ")" else { continue }
            let (left, right) = (tokens.text(of: receiver, in: characters), tokens.text(of: argument, in: characters))
            let replaced = tokens[receiver.lowerBound].start..<tokens[argument.upperBound].end
            edits.append((replaced, "(\(left) < \(right) ? -1 : \(left) > \(right) ? 1 : 0)"))
        }
        return edits.isEmpty ? code : PythonFunctions.applying(edits, to: characters)
    }
}
