import Languages

/// Guesses the language of a piece of code from its text (for "Translate to …" on a pasted selection
/// and `infill translate` without `--from`).
public enum LanguageDetection {
    /// The language whose markers `code` has most of, when it has at least two; nil when the text does not say.
    /// Only the first `sampleCharacters` are read: editors ask for code actions at every selection change,
    /// and a selection of a megabyte of minified code took seconds to read whole for 13 languages.
    public static func detect(_ code: String, candidates: [CodeLanguage] = CodeLanguage.all) -> CodeLanguage? {
        let code = code.utf8.count > sampleCharacters ? String(code.prefix(sampleCharacters)) : code
        // Ties go to the language listed first (JavaScript before TypeScript, C before C++).
        let scores = candidates.enumerated().map { ($0.offset, $0.element, score(code, $0.element)) }
            .sorted { $0.2 != $1.2 ? $0.2 > $1.2 : $0.0 < $1.0 }
        guard let best = scores.first, best.2 >= 2 else { return nil }
        return best.1
    }

    /// How much of a selection `detect` reads: a few hundred lines say what language they are in.
    public static let sampleCharacters = 16_384

    /// Markers of `language` found in `code`, plus strong signals (a `def …:` line for Python, `fn` for Rust…).
    static func score(_ code: String, _ language: CodeLanguage) -> Int {
        var score = language.markers.filter { code.contains($0) }.count
        let defs = FunctionSignature.all(in: code, language: language)
        if !defs.isEmpty {
            // A definition keyword (def, func, fn, fun, function) says more than the C family's
            // "type name(" shape, which also matches Go's `func Name(a int) int`.
            score += ["c", "cpp", "java", "csharp"].contains(language.id) ? 1 : 2
            // Python's `def f(x):` and Ruby's `def f(x)` share the keyword: the colon decides.
            if language.id == "python" && code.contains("):") { score += 2 }
            if language.id == "ruby" && !code.contains("):") { score += 1 }
            // C-like signatures also match Java/C#/C++: the markers decide between them.
        }
        let braces = code.contains("{") && code.contains("}")
        if language.blockStyle == .indentation && braces { score -= 2 }
        if language.blockStyle == .braces && !braces { score -= 2 }
        return score
    }
}
