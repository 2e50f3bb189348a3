import Languages

extension CodeTaskEngine {
    /// `code` with the mistakes of a language that have one certain mend mended.
    /// - Python: a list returned under a tuple annotation (`PythonTupleReturns`), a variable named after a built-in the
    ///   function calls (`PythonShadowedBuiltins`), a character compared with a character code (`PythonCharacterCodes`);
    ///   in a translation from `source`, the last `k` elements taken as `arr[-k:]` (`PythonSlicesFromTheEnd`), a half
    ///   rounded to even where `sourceText` rounds it away from zero or up (`PythonRoundingHalves`), a list appended
    ///   and changed afterwards where the source appended a copy (`PythonValueCopies`), and a standard module called
    ///   without its import (`PythonModuleImports`).
    /// - Ruby: a `require` of a Python module (`RubyRequires`).
    /// - Go: a parameter named after a package its function uses (`strings []string` and `strings.Join`) renamed
    ///   (`GoShadowedPackages`); a nil slice a slice-returning function returns made an empty one (`GoEmptySlices`).
    /// - Translations from Python into a language whose `%` keeps the dividend's sign: a remainder of a difference made
    ///   Python's (`FloorRemainders`); where `round` takes one argument, `round(x, 2)` rounds to digits (`RoundToDigits`).
    /// - JavaScript and TypeScript: two new sets compared by identity compared by contents (`SetEquality`); in a
    ///   translation from a language that orders strings by code point, `localeCompare` written as comparisons
    ///   (`CodePointStringOrder`); in one of Python whose `sourceText` calls `isupper()`/`islower()`,
    ///   `c === c.toUpperCase()` made to need a letter (`CaseTests`).
    static func mended(_ code: String, language: CodeLanguage, translatedFrom source: CodeLanguage? = nil, sourceText: String? = nil) -> String {
        switch language.id {
        case "python":
            let mended = PythonCharacterCodes.fixed(PythonShadowedBuiltins.fixed(PythonTupleReturns.fixed(code)))
            let sliced = PythonSlicesFromTheEnd.fixed(mended, translatedFrom: source)
            let rounded = PythonRoundingHalves.fixed(sliced, translatedFrom: source, sourceText: sourceText)
            let copied = PythonValueCopies.fixed(rounded, translatedFrom: source)
            return PythonModuleImports.fixed(copied, translatedFrom: source)
        case "ruby": return RubyRequires.fixed(code)
        default:
            let rounded = RoundToDigits.fixed(code, language: language, translatedFrom: source)
            let remainders = FloorRemainders.fixed(rounded, language: language, translatedFrom: source)
            let ordered = CodePointStringOrder.fixed(GoEmptySlices.fixed(GoShadowedPackages.fixed(remainders, language: language), language: language),
                                                      language: language, translatedFrom: source)
            return CaseTests.fixed(SetEquality.fixed(ordered, language: language), language: language, translatedFrom: source, sourceText: sourceText)
        }
    }
}
