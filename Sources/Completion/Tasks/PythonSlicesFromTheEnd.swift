import Languages

/// A Python translation that takes "the last `k` elements" as `arr[-k:]` (or "all but the last `k`" as
/// `arr[:-k]`) where the source counted from the end with arithmetic: C++'s `vector<int> out(arr.end() - k, arr.end())`,
/// Java's `subList(size - k, size)`, Go's `arr[len(arr)-k:]`. The two agree for every `k` from 1 to the length,
/// and differ at `k == 0`: `arr[-0:]` is `arr[0:]`, the whole list, where the source takes nothing (HumanEval-X
/// C++→Python `maximum`: all four recorded candidates wrote `arr[-k:]` and failed `maximum(arr, 0) == []`).
/// The mend writes the source's arithmetic: `arr[len(arr) - k:]`, `arr[:len(arr) - k]`.
///
/// Only in translations from a language whose indices do not count from the end (C, C++, Java, Go, C#, Kotlin,
/// Swift, Rust): from JavaScript (`slice(-k)`), Ruby or PHP `arr[-k:]` is what the source meant, `k == 0` included.
/// Only for a slice of a plain name or attribute chain (`arr`, `self.items`: `len` of it costs nothing and has no
/// effect) by the negation of a plain name (`-k`); a literal (`arr[-1:]`) never is zero, and a call's result
/// (`sorted(arr)[-k:]`) would be computed twice. For a `k` beyond the length the source fails (C++: undefined,
/// Java and Go: an exception), so no answer the source gives changes.
enum PythonSlicesFromTheEnd {
    /// The source languages whose translations are mended.
    static let sourcesWithoutNegativeIndices: Set<String> = ["c", "cpp", "java", "go", "csharp", "kotlin", "swift", "rust"]

    /// `code` (Python) with each such slice counted from the length, when translated from `source`; unchanged otherwise.
    static func fixed(_ code: String, translatedFrom source: CodeLanguage?) -> String {
        guard let source, sourcesWithoutNegativeIndices.contains(source.id), code.contains("-"),
              let python = CodeLanguage.named("python") else { return code }
        let tokens = PythonCharacterCodes.Token.scan(code, language: python)
        var edits: [(range: Range<Int>, text: String)] = []
        for (index, token) in tokens.enumerated() where token.text == "[" && token.kind == .other {
            guard let base = sliced(before: index, tokens) else { continue }
            // `[ - k : ]` or `[ : - k ]`
            let fromEnd = match(tokens, at: index + 1, ["-", .name, ":", "]"])
            let allButEnd = match(tokens, at: index + 1, [":", "-", .name, "]"])
            guard fromEnd || allButEnd else { continue }
            let minus = tokens[index + (fromEnd ? 1 : 2)]
            let name = tokens[index + (fromEnd ? 2 : 3)]
            edits.append((minus.start..<name.start, "len(\(base)) - "))
        }
        guard !edits.isEmpty else { return code }
        return PythonFunctions.applying(edits, to: Array(code))
    }

    /// The text of what the `[` at `index` slices when it is a name or an attribute chain (`self.items`) not
    /// itself called or indexed; nil otherwise.
    private static func sliced(before index: Int, _ tokens: [PythonCharacterCodes.Token]) -> String? {
        var first = index - 1
        guard first >= 0, tokens[first].kind == .name, tokens[first].end == tokens[index].start else { return nil }
        while first >= 2, tokens[first - 1].text == ".", tokens[first - 2].kind == .name { first -= 2 }
        if first > 0, tokens[first - 1].text == "." { return nil }   // `f(x).items[-k:]`
        let keywords: Set<String> = ["in", "return", "yield", "not", "and", "or", "if", "else", "is", "lambda", "await"]
        if first == index - 1, keywords.contains(tokens[first].text) { return nil }   // `return [-k:]` is no slice
        return tokens[first..<index].map(\.text).joined()
    }

    /// One expected token: its exact text, or any name.
    private enum Expected: ExpressibleByStringLiteral {
        case text(String)
        case name
        init(stringLiteral value: String) { self = .text(value) }
    }

    private static func match(_ tokens: [PythonCharacterCodes.Token], at start: Int, _ pattern: [Expected]) -> Bool {
        guard start + pattern.count <= tokens.count else { return false }
        for (offset, expected) in pattern.enumerated() {
            let token = tokens[start + offset]
            switch expected {
            case .text(let text): if token.text != text { return false }
            case .name: if token.kind != .name { return false }
            }
        }
        return true
    }
}
