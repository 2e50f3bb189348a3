import Languages

/// A translation asked for with the target's own declaration (`TranslateRequest.targetSignature`: "use this
/// signature") whose candidate defines a function of it under another spelling of the same name: Go's
/// `makePalindrome` for the declared `MakePalindrome`, or `make_palindrome`. In Go the case of the first letter
/// is whether the function is exported, and in every language a caller of the declared name finds nothing
/// (`undefined: MakePalindrome`). Seen on HumanEval-X Python→Go: 50 recorded candidates, every one failed.
///
/// The mend gives the function the declared name: every identifier spelled as the candidate's function, outside
/// strings and comments and not after a `.` (a member of something else), becomes the declared name. Only when
/// the two names differ in nothing but letter case and underscores, exactly one function of the candidate is so
/// named, and the declared name appears nowhere in its code (nothing it could collide with).
enum DeclaredName {
    /// `code` with each of its functions spelled otherwise than one of `declared` renamed to it; unchanged when none is.
    static func kept(_ code: String, declared: [String], language: CodeLanguage) -> String {
        declared.reduce(code) { kept($0, declared: $1, language: language) }
    }

    /// `code` with its function renamed to `declared`, when it defines it under another spelling; unchanged otherwise.
    static func kept(_ code: String, declared: String, language: CodeLanguage) -> String {
        guard !declared.isEmpty else { return code }
        let wanted = folded(declared)
        let variants = Set(FunctionSignature.all(in: code, language: language).map(\.name).filter { $0 != declared && folded($0) == wanted })
        guard variants.count == 1, let variant = variants.first else { return code }
        let tokens = ImmutableBindingCheck.tokenize(ImmutableBindingCheck.maskingNonCode(code, language: language))
        guard !tokens.contains(where: { $0.isIdentifier && $0.text == declared }) else { return code }
        let edits = tokens.uses(of: variant, in: tokens.indices).map { (range: tokens[$0].start..<tokens[$0].end, text: declared) }
        return edits.isEmpty ? code : PythonFunctions.applying(edits, to: Array(code))
    }

    /// A name without underscores, in lower case: the spellings of one name in the languages' styles fold alike.
    private static func folded(_ name: String) -> String {
        name.replacingOccurrences(of: "_", with: "").lowercased()
    }
}
