import Languages

/// A Python translation that calls a standard module (`math.sqrt(n)`, `re.split(…)`) without importing it: the
/// source language had the function built in or imported it another way (C++'s `<cmath>`, JavaScript's `Math`),
/// and the model wrote the call but not the `import`, so the function raises `NameError` on its first call
/// (HumanEval-X C++→, Java→ and JavaScript→Python `triangle_area`, C++→Python `sum_squares`: `math.sqrt`, `math.ceil`
/// with no import).
/// The mend adds `import math` where imports go (after the code's own, else at the top).
///
/// Only where it is certain: a name of the standard modules listed below that the code uses only as
/// `name.attribute`, never otherwise (an import of it, an assignment, a parameter, `for name in`, `from name
/// import …`: any of those is a use of the bare name, and the code is left as it is); not after a dot
/// (`self.math.x` is an attribute). Only translations: a function written into a file is placed among the file's
/// own imports, which this does not see.
enum PythonModuleImports {
    /// Standard modules the small models call without importing, and others of the same kind whose names are
    /// seldom variables'; a variable of one of these names is told apart by the bare-name rule above.
    static let modules: Set<String> = ["math", "re", "collections", "itertools", "functools", "heapq", "bisect", "statistics",
                                       "string", "random", "fractions", "decimal", "operator", "copy", "json", "datetime", "cmath"]

    /// `code` (Python) with an `import` for each such module, when translated (`source` not nil); unchanged otherwise.
    static func fixed(_ code: String, translatedFrom source: CodeLanguage?) -> String {
        guard source != nil, code.contains("."), let python = CodeLanguage.named("python") else { return code }
        let tokens = PythonCharacterCodes.Token.scan(code, language: python)
        var attributeBases: [String] = []
        var otherUses: Set<String> = []
        for (index, token) in tokens.enumerated() where token.kind == .name && modules.contains(token.text) {
            let afterDot = index > 0 && tokens[index - 1].text == "."
            if afterDot { continue }
            let beforeDot = index + 1 < tokens.count && tokens[index + 1].text == "." && tokens[index + 1].start == token.end
            if beforeDot { attributeBases.append(token.text) } else { otherUses.insert(token.text) }
        }
        var seen: Set<String> = []
        let missing = attributeBases.filter { !otherUses.contains($0) && seen.insert($0).inserted }.map { "import \($0)" }
        guard let edit = ImportLines.insertion(of: missing, into: code, language: python) else { return code }
        return edit.applied(to: code)
    }
}
