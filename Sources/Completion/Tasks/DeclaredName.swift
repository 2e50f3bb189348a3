import Languages

/// A translation asked for with the target's own declaration (`TranslateRequest.targetSignature`: "use this
/// signature") whose candidate defines a function of it under another spelling of the same name: Go's
/// `makePalindrome` for the declared `MakePalindrome`, or `make_palindrome`. In Go the case of the first letter
/// is whether the function is exported, and in every language a caller of the declared name finds nothing
/// (`undefined: MakePalindrome`). Seen on HumanEval-X Python→Go: 50 recorded candidates, every one failed.
///
/// The same when the declared name has a slip the model set right: a letter swapped, missing, extra or wrong
/// (HumanEval-X's C++ declares `filp_case`, `iscuber` and `int_to_mini_romank`; its tests call them so, and the
/// 1.5B's translations named them `flip_case`, `iscube`, `int_to_mini_roman`). The file's callers use the
/// declared spelling, so the translation keeps it.
///
/// The mend gives the function the declared name: every identifier spelled as the candidate's function, outside
/// strings and comments and not after a `.` (a member of something else), becomes the declared name. Only when
/// the two names differ in nothing but letter case and underscores (or, failing such a function, by one such
/// slip in a name of five letters or more), exactly one function of the candidate is so named, and the declared
/// name appears nowhere in its code (nothing it could collide with; without it, callers find nothing anyway).
enum DeclaredName {
    /// `code` with each of its functions spelled otherwise than one of `declared` renamed to it; unchanged when none is.
    static func kept(_ code: String, declared: [String], language: CodeLanguage) -> String {
        declared.reduce(code) { kept($0, declared: $1, language: language) }
    }

    /// `code` with its function renamed to `declared`, when it defines it under another spelling; unchanged otherwise.
    static func kept(_ code: String, declared: String, language: CodeLanguage) -> String {
        guard !declared.isEmpty else { return code }
        let wanted = folded(declared)
        let names = Set(FunctionSignature.all(in: code, language: language).map(\.name)).subtracting([declared])
        var variants = names.filter { folded($0) == wanted }
        if variants.isEmpty && wanted.count >= 5 { variants = names.filter { oneSlipApart(folded($0), wanted) } }
        guard variants.count == 1, let variant = variants.first else { return code }
        let tokens = ImmutableBindingCheck.tokenize(ImmutableBindingCheck.maskingNonCode(code, language: language))
        guard !tokens.contains(where: { $0.isIdentifier && $0.text == declared }) else { return code }
        let edits = tokens.uses(of: variant, in: tokens.indices).map { (range: tokens[$0].start..<tokens[$0].end, text: declared) }
        return edits.isEmpty ? code : PythonFunctions.applying(edits, to: Array(code))
    }

    /// Whether `a` and `b` differ by one slip: two neighbouring letters swapped, one letter missing, extra or wrong.
    static func oneSlipApart(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a), Array(b))
        guard x != y, abs(x.count - y.count) <= 1 else { return false }
        let head = zip(x, y).prefix { $0 == $1 }.count   // the letters before the first difference
        if x.count == y.count {
            let rest = (x[(head + 1)...], y[(head + 1)...])
            if rest.0 == rest.1 { return true }   // one letter wrong
            return head + 1 < x.count && x[head] == y[head + 1] && x[head + 1] == y[head] && x[(head + 2)...] == y[(head + 2)...]
        }
        let (longer, shorter) = x.count > y.count ? (x, y) : (y, x)
        return longer[(head + 1)...] == shorter[head...]   // one letter extra in the longer
    }

    /// A name without underscores, in lower case: the spellings of one name in the languages' styles fold alike.
    private static func folded(_ name: String) -> String {
        name.replacingOccurrences(of: "_", with: "").lowercased()
    }
}
