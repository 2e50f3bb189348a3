import Languages

extension WriteFunctionRequest {
    /// The request for the function at `site` of `text`: for fill-in-the-middle the file before and after
    /// it; for the instruction method the comment and signature, after the file's imports and (for a method)
    /// the line that opens its type, so that the model knows what is imported and where the function goes.
    public static func at(_ site: FunctionSite, in text: String, language: CodeLanguage, method: WriteMethod) -> WriteFunctionRequest {
        let prefixEnd = text.index(text.startIndex, offsetBy: site.prefixEnd)
        let suffixStart = text.index(prefixEnd, offsetBy: site.replacedLength)
        let prefix: String
        switch method {
        case .fim: prefix = String(text[..<prefixEnd])
        case .instruction:
            // From the comment above the imports when the function has one (the imports then show in place).
            let start = text.index(text.startIndex, offsetBy: site.commentAboveImportsLine.map { offset(ofLine: $0, in: text) } ?? site.startOffset(in: text))
            prefix = instructionContext(site, before: String(text[..<start]), language: language) + String(text[start..<prefixEnd])
        }
        // The function's own comment: from the comment's first line (above the imports where it stands there)
        // to where the model writes, and a docstring after the signature when the body holds one.
        let commentStart = text.index(text.startIndex, offsetBy: site.commentAboveImportsLine.map { offset(ofLine: $0, in: text) } ?? site.startOffset(in: text))
        let description = CandidateReviewer.description(in: String(text[commentStart..<prefixEnd]), language: language)
        return WriteFunctionRequest(prefix: prefix, suffix: method == .fim ? String(text[suffixStart...]) : "", language: language,
                                    prefixEndsInsideBody: site.insideBody, function: site.function, method: method, description: description)
    }

    /// Character offset of zero-based `line` of `text` (its length past the last line).
    static func offset(ofLine line: Int, in text: String) -> Int {
        var offset = 0
        var current = 0
        for c in text {
            if current == line { return offset }
            offset += 1
            if c == "\n" { current += 1 }
        }
        return offset
    }

    /// The file's imports before the site and the header line of the type around it, each block followed by
    /// a blank line ("" when there are neither).
    static func instructionContext(_ site: FunctionSite, before text: String, language: CodeLanguage) -> String {
        var blocks: [String] = []
        let imports = ImportLines.documentImports(text, language: language).map(\.text)
        if !imports.isEmpty { blocks.append(imports.joined(separator: "\n")) }
        if !site.indentation.isEmpty {
            // The nearest line above with less indentation that declares a type (`class Solution {`).
            let column = FunctionEnd.column(of: site.indentation + "x")
            for line in text.split(separator: "\n").reversed() where !line.allSatisfy(\.isWhitespace) {
                let lineColumn = FunctionEnd.column(of: String(line))
                guard lineColumn < column else { continue }
                if TopLevelItem.typeName(line.trimmingCharacters(in: .whitespaces)) != nil { blocks.append(String(line)) }
                break
            }
        }
        return blocks.map { $0 + "\n\n" }.joined()
    }

    /// The whole function (signature included) for a candidate's `code`: fill-in-the-middle code follows the
    /// signature already in the file; instruction code (cut down by `fitted`) is the whole function already.
    /// Ruby: the file's own `end` is part of the whole function.
    public func wholeFunction(_ code: String, site: FunctionSite, in text: String) -> String {
        guard method == .fim else { return code }
        let start = text.index(text.startIndex, offsetBy: site.signatureOffset ?? site.prefixEnd)
        let end = text.index(text.startIndex, offsetBy: site.prefixEnd)
        let (body, closing) = bodyBeforeClosingLine(code, site: site, in: text)
        let head = String(text[start..<end])
        // After a comment the body holds, the body starts on its own line (as `fimMiddle` puts it).
        guard let closing else { return head + (language.blockStyle == .braces && head.hasSuffix("\n") && code.hasPrefix("\n") ? String(code.dropFirst()) : code) }
        return head + (body.hasSuffix("\n") || body.isEmpty ? body : body + "\n") + closing + "\n"
    }

    /// A fill-in-the-middle body as it goes into `text`: in Ruby, when the file closes the function with its
    /// own `end` (`closing`), without the `end` the model wrote after the body.
    func bodyBeforeClosingLine(_ code: String, site: FunctionSite, in text: String) -> (body: String, closing: String?) {
        guard let closing = closingLine(of: site, in: text) else { return (code, nil) }
        return (withoutClosingLine(code, column: FunctionEnd.column(of: site.indentation)), closing)
    }

    /// The line that closes the site's function in `text` when the language ends blocks with a keyword (Ruby's
    /// `end`, after the stub's blank lines, no deeper than the signature), without its line break; nil otherwise.
    /// A body written there ends before it: the file keeps its own `end`.
    func closingLine(of site: FunctionSite, in text: String) -> String? {
        guard language.blockStyle == .endKeyword, site.insideBody, site.signatureOffset != nil else { return nil }
        let after = String(text.dropFirst(site.prefixEnd + site.replacedLength))
        guard let line = SourceLine.scan(after, language: language).first(where: { !$0.isBlank }),
              line.closesBlock, line.column <= FunctionEnd.column(of: site.indentation) else { return nil }
        return line.text
    }

    /// `code` without a last line that closes a block at `column` or less (a written Ruby body's own `end`).
    private func withoutClosingLine(_ code: String, column: Int) -> String {
        var lines = SourceLine.scan(code, language: language)
        while let last = lines.last, last.isBlank { lines.removeLast() }
        guard let last = lines.last, last.closesBlock, last.column <= column else { return code }
        lines.removeLast()
        return lines.map(\.text).joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
    }
}

extension FunctionSite {
    /// Whether the function is alone in `text`: no other function is defined before or after it (imports,
    /// constants, comments and a wrapping class may be).
    public func standsAlone(in text: String, language: CodeLanguage) -> Bool {
        functionsAround(in: text, language: language).isEmpty
    }

    /// The functions `text` defines outside the site (its comment, signature and empty body), read from the
    /// code only (`FunctionSignature.all`: a C-like signature pattern also matches prose, "return a tuple(sum, product)").
    func functionsAround(in text: String, language: CodeLanguage) -> [FunctionSignature] {
        let start = text.index(text.startIndex, offsetBy: min(text.count, startOffset(in: text)))
        let end = text.index(text.startIndex, offsetBy: min(text.count, prefixEnd + replacedLength))
        return FunctionSignature.all(in: String(text[..<start]) + "\n" + String(text[end...]), language: language)
    }

    /// Character offset of the comment's (or signature's) first line.
    public func startOffset(in text: String) -> Int {
        WriteFunctionRequest.offset(ofLine: firstLine, in: text)
    }
}
