import Languages

/// The body of a whole function written by the instruction method, to put under the file's own signature
/// (and docstring), as a fill-in-the-middle body would go: the user's signature is theirs, and a model
/// that adds type hints or drops the docstring must not change it.
enum FunctionBody {
    /// The body of `function` (a definition at column 0 with the comments above it): for brace languages
    /// the text after its opening `{` up to and including the closing `}`; for Python the lines after the
    /// header's `:` (and after its docstring when `dropDocstring`: the file has its own); for Ruby the lines
    /// between the `def` line and its `end`. Nil when it cannot be told (a one-line `def f(x): return x`,
    /// nothing after the header, a Ruby function without its `end`).
    static func of(_ function: String, language: CodeLanguage, dropDocstring: Bool) -> String? {
        switch language.blockStyle {
        case .braces:
            // The body's brace (`BodyBrace`), comments and strings skipped.
            var finder = BodyBrace()
            for (offset, entry) in CodeScanner.classify(function, language: language).enumerated() {
                if finder.isBodyBrace(entry.kind == .code ? entry.character : " ") {
                    let body = String(function.dropFirst(offset + 1))
                    return body.contains("}") ? body : nil
                }
            }
            return nil
        case .indentation, .endKeyword:
            let lines = SourceLine.scan(function, language: language)
            // Python's header ends with `:`; Ruby's is the `def` line, and its body ends before the `end` that
            // closes it (the file keeps its own).
            let endKeyword = language.blockStyle == .endKeyword
            guard let header = lines.firstIndex(where: {
                !$0.isCommentOnly && !$0.isBlank && $0.depthAtEnd == 0 && (endKeyword || $0.code.trimmingTrailingSpace.hasSuffix(":"))
            }) else {
                return nil
            }
            var rest = Array(lines[(header + 1)...])
            if endKeyword {
                while let last = rest.last, last.isBlank { rest.removeLast() }
                guard let last = rest.last, last.closesBlock, last.column <= lines[header].column else { return nil }
                rest.removeLast()
            }
            if dropDocstring, let first = rest.firstIndex(where: { !$0.isBlank }), FunctionSite.docstringQuote(rest[first].text) != nil {
                // The docstring runs to the first line after which no string is open.
                var end = first
                while end < rest.count - 1 && rest[end].endsInsideStringOrComment { end += 1 }
                rest.removeSubrange(...end)
            }
            while let first = rest.first, first.isBlank { rest.removeFirst() }
            while let last = rest.last, last.isBlank { rest.removeLast() }
            guard !rest.isEmpty else { return nil }
            return rest.map(\.text).joined(separator: "\n")
        }
    }
}
