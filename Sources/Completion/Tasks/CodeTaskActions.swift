import Languages

/// A code action the tasks can offer at a selection or cursor (what `textDocument/codeAction` lists).
public enum CodeTaskAction: Sendable, Equatable {
    /// Translate the selection to `language`; `detected` is the selection's own language when known.
    case translate(to: CodeLanguage, detected: CodeLanguage?)
    /// Write the function whose comment or signature is at the cursor's line.
    case writeFunction(site: FunctionSite)

    /// The title shown to the user.
    public var title: String {
        switch self {
        case .translate(let language, _): return "Translate to \(language.name)"
        case .writeFunction: return "Write function from comment"
        }
    }
}

/// Which code actions fit a selection, decided from the text alone.
public enum CodeTaskActions {
    /// The languages "Translate to…" lists (the usual ones, in this order).
    public static let usualTargets = ["python", "javascript", "typescript", "c", "cpp", "java", "go", "rust", "swift", "kotlin", "csharp", "ruby", "php"]

    /// The actions for `selection` (character offsets into `text`; empty for a cursor) in a file of
    /// `fileLanguage`: *Translate to <file language>* first when the selected code is in another language,
    /// then *Translate to …* for the usual languages (not the selection's own), and *Write function from
    /// comment* when the selection's first line is a comment, docstring or signature without a body.
    public static func offered(text: String, selection: Range<Int>, fileLanguage: CodeLanguage?) -> [CodeTaskAction] {
        var actions: [CodeTaskAction] = []
        let lower = max(0, min(selection.lowerBound, text.count))
        let upper = max(lower, min(selection.upperBound, text.count))
        let start = text.index(text.startIndex, offsetBy: lower)
        let selected = text[start..<text.index(start, offsetBy: upper - lower)]
        if selected.contains(where: { !$0.isWhitespace }) {
            let detected = LanguageDetection.detect(String(selected))
            if let file = fileLanguage, let detected, detected != file {
                actions.append(.translate(to: file, detected: detected))
            }
            let source = detected ?? fileLanguage
            for id in usualTargets {
                guard let language = CodeLanguage.named(id), language != source,
                      !actions.contains(.translate(to: language, detected: detected)) else { continue }
                actions.append(.translate(to: language, detected: detected))
            }
        }
        if let file = fileLanguage {
            let line = text[..<start].filter { $0 == "\n" }.count
            if let site = try? FunctionSite.locate(in: text, line: line, language: file) {
                actions.append(.writeFunction(site: site))
            }
        }
        return actions
    }
}

/// A replacement in a document, in character offsets.
public struct CodeTaskEdit: Sendable, Equatable {
    public var offset: Int
    public var length: Int
    public var newText: String

    public init(offset: Int, length: Int, newText: String) {
        self.offset = offset
        self.length = length
        self.newText = newText
    }

    /// `text` with the edit applied.
    public func applied(to text: String) -> String {
        let start = text.index(text.startIndex, offsetBy: offset)
        let end = text.index(start, offsetBy: length)
        return text.replacingCharacters(in: start..<end, with: newText)
    }
}

/// Where a written function goes in a file (`WriteFunctionRequest.placement(of:site:in:)`).
public struct FunctionPlacement: Sendable, Equatable {
    /// The edit of the function itself.
    public var function: CodeTaskEdit
    /// The other edits, in document order, none overlapping `function`: imports, helpers.
    public var others: [CodeTaskEdit]
    /// The whole function as the file has it after the edits, signature included.
    public var wholeFunction: String
}

extension WriteFunctionRequest {
    /// The edit that puts a candidate's `code` into the document: a fill-in-the-middle body goes where the
    /// empty body (or stub) was; a whole function (instruction method, already cut down by `fitted`)
    /// replaces the signature and its empty body, or follows a comment that had no signature; every line
    /// takes the indentation of the comment's first line.
    public func edit(for code: String, site: FunctionSite, in text: String) -> CodeTaskEdit {
        if method == .fim {
            // Ruby: the body goes before the file's own `end`, so the model's is left out.
            let body = bodyBeforeClosingLine(code, site: site, in: text).body
            let afterLineBreak = site.prefixEnd > 0 && site.prefixEnd <= text.count
                && text[text.index(text.startIndex, offsetBy: site.prefixEnd - 1)] == "\n"
            return CodeTaskEdit(offset: site.prefixEnd, length: site.replacedLength,
                                newText: fimMiddle(body, insideBody: site.insideBody, indentation: site.indentation, afterLineBreak: afterLineBreak))
        }
        let whole = Self.indented(code, with: site.indentation)
        if let signature = site.signatureOffset {
            let end = site.prefixEnd + site.replacedLength
            // Keep a Python docstring the model may not repeat: replace from the signature only when the
            // model wrote one; else insert after the prefix.
            if FunctionSignature.first(in: code, language: language) != nil {
                return CodeTaskEdit(offset: signature, length: end - signature, newText: whole + (text.count > end ? "" : "\n"))
            }
            return CodeTaskEdit(offset: site.prefixEnd, length: site.replacedLength, newText: whole + "\n")
        }
        return CodeTaskEdit(offset: site.prefixEnd, length: 0, newText: whole + "\n")
    }

    /// A fill-in-the-middle candidate's `code` as it goes between the prefix and the suffix: a brace body
    /// starts after the `{` (a newline first unless the code begins with one) or on the line after a comment the
    /// body holds (`afterLineBreak`: the prefix ends with one), an indented body ends with a newline, a whole
    /// function takes `indentation` and a newline.
    func fimMiddle(_ code: String, insideBody: Bool, indentation: String, afterLineBreak: Bool = false) -> String {
        guard insideBody else { return Self.indented(code, with: indentation) + "\n" }
        if language.blockStyle == .braces {
            if afterLineBreak { return code.hasPrefix("\n") ? String(code.dropFirst()) : code }
            return code.hasPrefix("\n") ? code : "\n" + code
        }
        return code.hasSuffix("\n") ? code : code + "\n"
    }

    /// Where a candidate's `code` goes in `text`: the function's edit, the other edits (imports the file
    /// lacks, helpers before the function; in document order, none overlapping), and the whole function as
    /// it reads in the file afterwards (signature included).
    ///
    /// An instruction answer (cut down by `fitted`) for a function whose signature is in the file gives
    /// only its body, which goes where the empty body or stub was (as fill-in-the-middle's does): the
    /// file's signature and docstring stay as the user wrote them. Without a signature in the file, when
    /// the answer's body cannot be told, or when a Go answer names the parameters otherwise
    /// (`namesParametersAsTheFile`), the whole function goes in (`edit(for:site:in:)`).
    public func placement(of code: String, site: FunctionSite, in text: String) -> FunctionPlacement {
        let fitted = fitted(code, site: site, in: text)
        var others: [CodeTaskEdit] = []
        if let imports = ImportLines.insertion(of: fitted.missingImports, into: text, language: language) { others.append(imports) }
        // Ruby's body goes before the file's own `end`: without one in the file, the whole function goes in.
        let closing = closingLine(of: site, in: text)
        guard method == .instruction, site.insideBody, site.signatureOffset != nil, let answered = fitted.function,
              language.blockStyle != .endKeyword || closing != nil,
              let body = FunctionBody.of(answered, language: language, dropDocstring: Self.siteHasDocstring(site, in: text, language: language)),
              namesParametersAsTheFile(answered, site: site, in: text)
        else {
            return FunctionPlacement(function: edit(for: fitted.code, site: site, in: text), others: others,
                                     wholeFunction: wholeFunction(fitted.code, site: site, in: text))
        }
        // The body's lines are the answer's (its function at column 0); the file's function may be indented.
        let placedBody = DocumentCodeTask.indented(body, with: site.indentation, firstLine: true)
        if !fitted.helpers.isEmpty {
            let gap = language.blockStyle == .indentation && site.indentation.isEmpty ? "\n\n\n" : "\n\n"
            let helpers = DocumentCodeTask.indented(fitted.helpers, with: site.indentation, firstLine: true)
            let start = site.startOffset(in: text)
            // With the imports at the same place (a file that starts with the function), one edit, imports first.
            if let imports = others.first, imports.offset == start, imports.length == 0 {
                others[0] = CodeTaskEdit(offset: start, length: 0, newText: imports.newText + helpers + gap)
            } else {
                others.append(CodeTaskEdit(offset: start, length: 0, newText: helpers + gap))
            }
        }
        var asBody = self   // placed as fill-in-the-middle places a body
        asBody.method = .fim
        return FunctionPlacement(function: asBody.edit(for: placedBody, site: site, in: text), others: others.sorted { $0.offset < $1.offset },
                                 wholeFunction: asBody.wholeFunction(placedBody, site: site, in: text))
    }

    /// Whether the answer's function names its parameters as the file's signature does, so its body fits under that
    /// signature. Go only: there a parameter's name is not part of what callers see, and a body that names them
    /// otherwise (the model's own names, or `GoShadowedPackages`'s `strings_` for HumanEval-X's `func
    /// FilterByPrefix(strings []string, …)`, whose body calls `strings.HasPrefix`) would not build under the file's
    /// signature: the answer's whole function replaces the file's. Elsewhere the file's signature is kept.
    func namesParametersAsTheFile(_ answered: String, site: FunctionSite, in text: String) -> Bool {
        guard language.id == "go", let signature = site.signatureOffset,
              let answer = GoFunctionTokens.parameterNames(ofFirstFunctionIn: answered, language: language),
              let file = GoFunctionTokens.parameterNames(ofFirstFunctionIn: String(text.dropFirst(signature)), language: language)
        else { return true }
        return answer == file
    }

    /// Whether the file's prefix of `site` holds a docstring after the signature (Python).
    static func siteHasDocstring(_ site: FunctionSite, in text: String, language: CodeLanguage) -> Bool {
        guard language.blockStyle == .indentation, let signature = site.signatureOffset else { return false }
        let start = text.index(text.startIndex, offsetBy: signature)
        let end = text.index(text.startIndex, offsetBy: site.prefixEnd)
        return text[start..<end].split(separator: "\n").dropFirst().contains { FunctionSite.docstringQuote(String($0)) != nil }
    }

    /// `code` with `indentation` before every non-blank line, unless its first line already has it (the
    /// model wrote the code at the file's indentation).
    static func indented(_ code: String, with indentation: String) -> String {
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        guard !indentation.isEmpty, let first = lines.first(where: { !$0.allSatisfy(\.isWhitespace) }),
              !first.hasPrefix(indentation) else { return code }
        return lines.map { $0.allSatisfy(\.isWhitespace) ? String($0) : indentation + $0 }.joined(separator: "\n")
    }
}
