import Languages

/// What of a translation answer is the translated code. Asked to translate a function, chat models often
/// answer with a whole program around it: a package clause, imports, the function, then a `main` or
/// `if __name__ == "__main__":` block or example calls that show it working. Pasted where the selection was,
/// that demo would break the file (a second `package` clause and `main` in a Go file) or run on import.
///
/// Decision: the translation keeps what the source has. When the source is definitions only (functions,
/// types, with their imports and comments), the answer is cut down as a written function's is
/// (`InstructionAnswerFit`, every definition kept): its entry point, example calls and stand-alone comments go,
/// a constant a definition reads stays, and only the imports the kept code uses remain; in a document, a helper
/// the document already defines is not written twice. When the source has an
/// entry point or top-level statements of its own (a script), or the answer has no definition to cut to, the
/// answer stays as it is. Ranking and the build check read the answer as generated; this is what the user gets
/// (`infill translate`, the editor's edit) and what `infill eval --task translate` judges.
public enum TranslationFit {
    /// The translation as code that stands alone (`infill translate`, or a document that holds nothing besides
    /// the selection): the answer's preamble and the imports its kept code uses, then that code.
    public static func standalone(_ answer: String, source: String, from: CodeLanguage, to: CodeLanguage) -> String {
        guard let fitted = fit(answer, source: source, from: from, to: to, document: "", siteIsNested: false) else { return answer }
        let preamble = TopLevelItem.split(answer, language: to).filter { $0.kind == .preamble }.map(\.text)
        let head = preamble + (fitted.missingImports.isEmpty ? [] : [fitted.missingImports.joined(separator: "\n")])
        return (head + [fitted.code]).joined(separator: "\n\n")
    }

    /// The translation as it goes into a document whose text outside the selection is `documentOutside`:
    /// the kept code, and the imports it uses that the document lacks (they go to the document's imports).
    /// `siteIsNested`: the selection is inside a type (a method's place), where a class the answer wrapped its
    /// methods in is replaced by its members. Nil when the answer stays as it is.
    static func inDocument(_ answer: String, source: String, from: CodeLanguage, to: CodeLanguage, documentOutside: String,
                           siteIsNested: Bool) -> FittedAnswer? {
        fit(answer, source: source, from: from, to: to, document: documentOutside, siteIsNested: siteIsNested)
    }

    /// Whether the items of a source are definitions only: at least one function or type, no entry point, no statement.
    static func isDefinitionsOnly(_ items: [TopLevelItem]) -> Bool {
        let kinds = items.map(\.kind)
        let defines = kinds.contains { if case .definition = $0 { return true }; return false }
        return defines && !kinds.contains(.entryPoint) && !kinds.contains(.statement)
    }

    private static func fit(_ answer: String, source: String, from: CodeLanguage, to: CodeLanguage, document: String,
                            siteIsNested: Bool) -> FittedAnswer? {
        // A selection inside a class or function is read at its own indentation.
        let sourceItems = TopLevelItem.split(TopLevelItem.dedented(source), language: from)
        guard isDefinitionsOnly(sourceItems) else { return nil }
        // The source's functions and types: their translations are kept (even written as assignments, `const f =
        // x => …`) with what they use; other definitions the answer added (a `test_f`, a second solution) are not.
        let translated = Set(sourceItems.flatMap { item -> [String] in
            guard case .definition(let name?, _) = item.kind else { return [] }
            return [name, to.styledName(name)]
        })
        // A helper the document already defines (the file's `isPrime`, which the answer wrote again) is not written twice.
        let definedElsewhere = Set(FunctionSignature.all(in: document, language: to).map(\.name)).subtracting(translated)
        let fitted = InstructionAnswerFit.fit(answer, language: to, function: nil, definedElsewhere: definedElsewhere, document: document,
                                              siteIsNested: siteIsNested, documentHasComment: false, definingStatements: translated)
        guard fitted.code != answer, fitted.code.contains(where: { !$0.isWhitespace }) else { return nil }
        return fitted
    }
}
