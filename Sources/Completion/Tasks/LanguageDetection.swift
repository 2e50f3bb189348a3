import Foundation
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
            // Python's `def f(x):` and Ruby's `def f(x)` share the keyword: the colon decides (after a return
            // annotation too: `def f(x: float) -> float:`).
            let colon = code.contains("):") || definitionLineEndsWithColon(code)
            if language.id == "python" && colon { score += 2 }
            if language.id == "ruby" && !colon { score += 1 }
            // Go's and Swift's `func` differ in their parameters: `x int` against `x: Int`.
            if let swiftLike = funcParametersHaveColons(code) {
                if language.id == "swift" { score += swiftLike ? 2 : -2 }
                if language.id == "go" { score += swiftLike ? -2 : 2 }
            }
            // C-like signatures also match Java/C#/C++: the markers decide between them.
        }
        // C++'s own words are never C (`using namespace std;` with C's `#include<stdio.h>` and `int ` tied).
        if language.id == "c" && cppOnlyWords.contains(where: code.contains) { score -= 2 }
        // Likewise TypeScript's annotations are never JavaScript (`function f(xs: number[]): number`).
        if language.id == "javascript" && typeScriptOnlyWords.contains(where: code.contains) { score -= 2 }
        let braces = code.contains("{") && code.contains("}")
        if language.blockStyle == .indentation && braces { score -= 2 }
        if language.blockStyle == .braces && !braces { score -= 2 }
        return score
    }

    /// Words of C++ that C does not have.
    static let cppOnlyWords = ["using namespace", "std::", "template<", "template <", "vector<", "cout <<", "class ", "nullptr"]

    /// Type annotations of TypeScript that JavaScript does not have.
    static let typeScriptOnlyWords = [": number", ": string", ": boolean", ": any", "number[]", "string[]", "): void", "interface "]

    /// Whether a line starting with `def ` (or `async def `) ends with `:`, as Python's do and Ruby's never.
    static func definitionLineEndsWithColon(_ code: String) -> Bool {
        code.split(separator: "\n").contains { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return (trimmed.hasPrefix("def ") || trimmed.hasPrefix("async def ")) && trimmed.hasSuffix(":")
        }
    }

    /// Whether the parameters of the code's `func` lines carry colons (`a: Int`, Swift) or not (`a int`, Go); nil
    /// when no `func` line has parameters, or the lines disagree.
    static func funcParametersHaveColons(_ code: String) -> Bool? {
        var verdicts: Set<Bool> = []
        for line in code.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("func ") || trimmed.contains(" func "), let open = trimmed.firstIndex(of: "("),
                  let close = trimmed[open...].firstIndex(of: ")") else { continue }
            var parameters = trimmed[trimmed.index(after: open)..<close]
            // Go's method receiver `func (s *Stack) Push(x int)`: the parameters are the second list.
            if trimmed.hasPrefix("func ("), let next = trimmed[close...].firstIndex(of: "("),
               let nextClose = trimmed[next...].firstIndex(of: ")") {
                parameters = trimmed[trimmed.index(after: next)..<nextClose]
            }
            guard !parameters.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            verdicts.insert(parameters.contains(":"))
        }
        return verdicts.count == 1 ? verdicts.first : nil
    }
}
