import Languages

extension WriteFunctionRequest {
    /// The request for the function at `site` of `text`: for fill-in-the-middle the file before and after
    /// it; for the instruction method the comment and signature only.
    public static func at(_ site: FunctionSite, in text: String, language: CodeLanguage, method: WriteMethod) -> WriteFunctionRequest {
        let prefixEnd = text.index(text.startIndex, offsetBy: site.prefixEnd)
        let suffixStart = text.index(prefixEnd, offsetBy: site.replacedLength)
        let prefix: String
        switch method {
        case .fim: prefix = String(text[..<prefixEnd])
        case .instruction: prefix = String(text[text.index(text.startIndex, offsetBy: site.startOffset(in: text))..<prefixEnd])
        }
        return WriteFunctionRequest(prefix: prefix, suffix: method == .fim ? String(text[suffixStart...]) : "", language: language,
                                    prefixEndsInsideBody: site.insideBody, function: site.function, method: method)
    }

    /// The whole function (signature included) for a candidate's `code`: fill-in-the-middle code follows the
    /// signature already in the file; instruction code is the whole function already.
    public func wholeFunction(_ code: String, site: FunctionSite, in text: String) -> String {
        guard method == .fim else { return code }
        let start = text.index(text.startIndex, offsetBy: site.signatureOffset ?? site.prefixEnd)
        let end = text.index(text.startIndex, offsetBy: site.prefixEnd)
        return String(text[start..<end]) + code
    }
}

extension FunctionSite {
    /// Character offset of the comment's (or signature's) first line.
    public func startOffset(in text: String) -> Int {
        var offset = 0
        var line = 0
        for c in text {
            if line == firstLine { return offset }
            offset += 1
            if c == "\n" { line += 1 }
        }
        return offset
    }
}
