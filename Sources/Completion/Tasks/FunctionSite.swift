import Foundation
import Languages

/// Where to write a function, found from any line of its comment or signature.
public struct FunctionSite: Sendable, Equatable {
    /// The document up to where the model writes (the comment, the signature and its opening brace or
    /// docstring included), as a count of characters.
    public var prefixEnd: Int
    /// Characters after `prefixEnd` that the written code replaces (an empty body `}` or a `pass` stub),
    /// counted from `prefixEnd`.
    public var replacedLength: Int
    /// Whether the prefix ends inside the function's body (there is a signature).
    public var insideBody: Bool
    /// The signature's function, when there is one.
    public var function: FunctionSignature?
    /// Leading whitespace of the comment/signature's first line (what a written function is indented with).
    public var indentation: String
    /// Zero-based line of the first line of the comment or signature.
    public var firstLine: Int
    /// Character offset of the signature's first line (nil when there is no signature).
    public var signatureOffset: Int?
    /// Zero-based first line of a comment that describes the function from above its file's imports: in a
    /// brace language, a comment followed by nothing but `#include`/`import`/`using` lines (and blank ones)
    /// and then the signature (HumanEval-X's C++ layout). The instruction prompt shows it; `firstLine`
    /// stays at the signature so that helpers go below the imports. Nil otherwise.
    public var commentAboveImportsLine: Int? = nil
}

/// Why no function can be written at a line.
public enum FunctionSiteError: Error, Equatable, CustomStringConvertible {
    /// `lineCount` as an editor counts them: a final newline ends the last line rather than starting one.
    case lineOutsideDocument(line: Int, lineCount: Int)
    case nothingToImplement(line: Int)
    case alreadyHasBody(line: Int, name: String)

    public var description: String {
        switch self {
        case .lineOutsideDocument(let line, let count): return "line \(line + 1) is outside the file, which has \(count) lines"
        case .nothingToImplement(let line): return "line \(line + 1) is not a comment, docstring or signature of a function to write"
        case .alreadyHasBody(let line, let name): return "the function '\(name)' at line \(line + 1) already has a body: there is nothing to implement"
        }
    }
}

extension FunctionSite {
    /// The function site for zero-based `line` of `text`: a comment (or docstring) describing a function,
    /// a signature without a body, or both.
    public static func locate(in text: String, line: Int, language: CodeLanguage) throws -> FunctionSite {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard line >= 0 && line < lines.count else {
            throw FunctionSiteError.lineOutsideDocument(line: line, lineCount: lines.last == "" ? lines.count - 1 : lines.count)
        }
        var offsets: [Int] = []
        var total = 0
        for l in lines { offsets.append(total); total += l.count + 1 }
        var kinds = lines.map { LineKind.of($0, language: language) }
        if language.blockStyle == .indentation {
            // Every line of a docstring is part of the comment, not only its first.
            var inside = false
            for (i, l) in lines.enumerated() {
                let quotes = l.occurrences(of: "\"\"\"") + l.occurrences(of: "'''")
                if inside || quotes > 0 { kinds[i] = .comment }
                if quotes % 2 == 1 { inside.toggle() }
            }
        } else if language.blockStyle == .braces {
            // Every line of a /* ... */ comment is part of the comment, also those that do not start with `*`
            // (HumanEval-X's JavaScript and C++ prompts: `  >>> f(2)` lines inside the block).
            var inside = false
            for (i, l) in lines.enumerated() {
                if inside { kinds[i] = .comment }
                inside = Self.insideBlockComment(after: l, startingInside: inside)
            }
        }

        // The signature the line belongs to: the line itself, a signature just below its comment block,
        // or (inside a Python docstring or a multi-line signature) one just above.
        var signatureLine: Int?
        var commentStart: Int?
        var commentAboveImports: Int?
        if kinds[line] == .signature {
            signatureLine = line
        } else if kinds[line] == .comment {
            var end = line
            while end + 1 < lines.count && kinds[end + 1] == .comment { end += 1 }
            var start = line
            while start > 0 && kinds[start - 1] == .comment { start -= 1 }
            commentStart = start
            var next = end + 1
            while next < lines.count && kinds[next] == .blank { next += 1 }
            if next < lines.count && kinds[next] == .signature {
                // Set apart by a blank line from a function that has its body already (`main` below it), the
                // comment asks for a new function of its own; right above one, or above a stub, it is that one's.
                let apart = next > end + 1
                if !apart || (try? locate(in: text, line: next, language: language)) != nil { signatureLine = next }
            }
            if signatureLine == nil, let below = signatureBelowImports(after: end, lines: lines, kinds: kinds, language: language) {
                signatureLine = below
                commentAboveImports = start
                commentStart = nil
            }
            // A comment right inside a function's opening brace (`{`, then the comment) is that function's.
            if signatureLine == nil && language.blockStyle == .braces, start > 0 {
                var above = start - 1
                while above > 0 && kinds[above] == .blank { above -= 1 }
                if let owner = (max(0, above - 6)...above).reversed().first(where: { kinds[$0] == .signature }),
                   let brace = bodyBrace(in: lines, signature: owner), brace.line == above,
                   leadingComments(of: lines[above][lines[above].index(after: brace.index)...] + "\n", language: language) > 0
                    || lines[above][lines[above].index(after: brace.index)...].allSatisfy(\.isWhitespace) {
                    signatureLine = owner
                    commentStart = nil
                }
            }
            // A Python docstring's lines are comments too: the `def` above it owns them (with the body's imports between).
            if signatureLine == nil && language.blockStyle == .indentation, start > 0 {
                var above = start - 1
                while above > 0 && isImport(lines[above], language) && FunctionEnd.column(of: lines[above]) > 0 {
                    above -= 1
                }
                if kinds[above] == .signature {
                    signatureLine = above
                    commentStart = nil
                }
            }
            if signatureLine == nil {
                // A comment with no signature: the model writes the whole function after it.
                let endOffset = offsets[end] + lines[end].count + 1
                return FunctionSite(prefixEnd: min(endOffset, text.count), replacedLength: 0, insideBody: false, function: nil,
                                    indentation: leading(lines[start]), firstLine: start, signatureOffset: nil)
            }
        } else {
            // Inside a multi-line signature: the nearest signature start above, if its parameters reach here.
            var up = line
            while up > 0 && kinds[up] == .code && line - up < 6 { up -= 1 }
            if kinds[up] == .signature && !lines[up...line].joined().contains("{") && !(language.blockStyle == .indentation && lines[up..<line].joined().contains("):")) {
                signatureLine = up
            } else {
                throw FunctionSiteError.nothingToImplement(line: line)
            }
        }
        guard let signature = signatureLine else { throw FunctionSiteError.nothingToImplement(line: line) }
        if commentStart == nil {
            var start = signature
            while start > 0 && kinds[start - 1] == .comment { start -= 1 }
            commentStart = start < signature ? start : nil
        }
        if commentStart == nil && commentAboveImports == nil {
            commentAboveImports = firstCommentLineAboveImports(before: signature, lines: lines, kinds: kinds, language: language)
        }
        let first = commentStart ?? signature
        let function = FunctionSignature.first(in: lines[signature...].prefix(8).joined(separator: "\n"), language: language)
        let name = function?.name ?? "function"

        switch language.blockStyle {
        case .indentation, .endKeyword:
            // Signature end: the line ending with ':' (Python) or the `def` line (Ruby); then the docstring.
            var end = signature
            if language.blockStyle == .indentation {
                while end < lines.count - 1 && !lines[end].trimmingTrailingSpace.hasSuffix(":") { end += 1 }
            }
            var next = end + 1
            while next < lines.count && kinds[next] == .blank { next += 1 }
            let column = FunctionEnd.column(of: lines[signature])
            // Imports the body starts with, before or after the docstring, are kept above what is written (HumanEval's
            // `max_fill`: `import math`, then the docstring, and nothing to run yet).
            func passBodyImports() {
                while language.blockStyle == .indentation, next < lines.count, FunctionEnd.column(of: lines[next]) > column,
                      isImport(lines[next], language) {
                    end = next
                    next += 1
                    while next < lines.count && kinds[next] == .blank { next += 1 }
                }
            }
            passBodyImports()
            if next < lines.count, let quote = docstringQuote(lines[next]) {
                var close = next
                let opening = lines[next].drop { $0 == " " || $0 == "\t" }.dropFirst(3)
                if !opening.contains(quote) {
                    close += 1
                    while close < lines.count && !lines[close].contains(quote) { close += 1 }
                }
                end = min(close, lines.count - 1)
                next = end + 1
                while next < lines.count && kinds[next] == .blank { next += 1 }
                passBodyImports()
            }
            let prefixEnd = min(offsets[end] + lines[end].count + 1, text.count)
            var replaced = 0
            if next < lines.count && FunctionEnd.column(of: lines[next]) > column && kinds[next] != .blank {
                let body = lines[next].trimmingCharacters(in: .whitespaces)
                guard body == "pass" || body == "..." || body.hasPrefix("raise NotImplementedError") else {
                    throw FunctionSiteError.alreadyHasBody(line: signature, name: name)
                }
                replaced = offsets[next] + lines[next].count + 1 - prefixEnd
            }
            return FunctionSite(prefixEnd: prefixEnd, replacedLength: max(0, min(replaced, text.count - prefixEnd)), insideBody: true,
                                function: function, indentation: leading(lines[first]), firstLine: first, signatureOffset: offsets[signature],
                                commentAboveImportsLine: commentAboveImports)
        case .braces:
            // Signature end: the line with the body's opening brace (within a few lines); the body must be empty.
            let found = bodyBrace(in: lines, signature: signature)
            let end = found?.line ?? min(signature + 6, lines.count - 1)
            guard let brace = found?.index else {
                // A declaration without a brace: write the whole function after the signature's line.
                let prefixEnd = min(offsets[end] + lines[end].count + 1, text.count)
                return FunctionSite(prefixEnd: prefixEnd, replacedLength: 0, insideBody: false, function: function,
                                    indentation: leading(lines[first]), firstLine: first, signatureOffset: offsets[signature],
                                    commentAboveImportsLine: commentAboveImports)
            }
            let braceOffset = offsets[end] + lines[end].distance(from: lines[end].startIndex, to: brace) + 1
            // A comment the empty body holds (HumanEval-X's C++ `find_zero`: `{`, then its `/* … */`) describes the
            // function and stays: what is written goes after it.
            let commented = leadingComments(of: text.dropFirst(braceOffset), language: language)
            let prefixEnd = braceOffset + commented
            let after = text.dropFirst(prefixEnd)
            let rest = after.drop { $0.isWhitespace }
            var replaced = 0
            if rest.first == "}" {
                replaced = after.count - rest.count + 1
            } else if !rest.isEmpty {
                // Something is in the body: a body already exists unless the text is a following declaration.
                throw FunctionSiteError.alreadyHasBody(line: signature, name: name)
            }
            return FunctionSite(prefixEnd: prefixEnd, replacedLength: replaced, insideBody: true, function: function,
                                indentation: leading(lines[first]), firstLine: first, signatureOffset: offsets[signature],
                                commentAboveImportsLine: commentAboveImports)
        }
    }

    /// How many characters of `body` (the text after a function's `{`) are blank space and comments (`/* … */`
    /// blocks, line comments) up to the end of the last comment's line; 0 when no comment comes first.
    static func leadingComments(of body: Substring, language: CodeLanguage) -> Int {
        var cursor = body
        var pastComments = 0
        var consumed = 0
        while true {
            let spaces = cursor.prefix { $0.isWhitespace }.count
            let rest = cursor.dropFirst(spaces)
            var comment: Int
            if rest.hasPrefix("/*"), let close = rest.range(of: "*/") {
                comment = rest.distance(from: rest.startIndex, to: close.upperBound)
            } else if let marker = language.lineComment, rest.hasPrefix(marker) {
                comment = rest.prefix { $0 != "\n" }.count
            } else {
                return pastComments
            }
            // The comment's line ends with it: its line break (and spaces before it) go with it.
            let tail = rest.dropFirst(comment).prefix { $0 == " " || $0 == "\t" }.count
            if rest.dropFirst(comment + tail).first == "\n" { comment += tail + 1 }
            consumed += spaces + comment
            pastComments = consumed
            cursor = rest.dropFirst(comment)
        }
    }

    /// The signature below comment line `end` when only import lines (at least one) and blank lines come
    /// between them, in a brace language (in Python a module docstring above the imports is the module's).
    static func signatureBelowImports(after end: Int, lines: [String], kinds: [LineKind], language: CodeLanguage) -> Int? {
        guard let next = pastImports(from: end + 1, step: 1, lines: lines, kinds: kinds, language: language),
              kinds[next] == .signature else { return nil }
        return next
    }

    /// The first line of the comment above the import lines (at least one) that come right before `signature`
    /// (with blank lines), in a brace language; nil when there is none.
    static func firstCommentLineAboveImports(before signature: Int, lines: [String], kinds: [LineKind], language: CodeLanguage) -> Int? {
        guard var above = pastImports(from: signature - 1, step: -1, lines: lines, kinds: kinds, language: language),
              kinds[above] == .comment else { return nil }
        while above > 0 && kinds[above - 1] == .comment { above -= 1 }
        return above
    }

    /// The first line from `start` (walking by `step`) that is neither blank nor an import, when at least one
    /// import was passed on the way, in a brace language; nil otherwise.
    private static func pastImports(from start: Int, step: Int, lines: [String], kinds: [LineKind], language: CodeLanguage) -> Int? {
        guard language.blockStyle == .braces else { return nil }
        var index = start
        var imports = 0
        while lines.indices.contains(index) && (kinds[index] == .blank || isImport(lines[index], language)) {
            if kinds[index] != .blank { imports += 1 }
            index += step
        }
        return imports > 0 && lines.indices.contains(index) ? index : nil
    }

    private static func isImport(_ line: String, _ language: CodeLanguage) -> Bool {
        ImportLines.isImport(line.trimmingCharacters(in: .whitespaces), language: language)
    }

    /// The line and index of the brace that opens the body of the function whose signature starts at line
    /// `signature` (within six lines; `BodyBrace`).
    static func bodyBrace(in lines: [String], signature: Int) -> (line: Int, index: String.Index)? {
        var finder = BodyBrace()
        for lineIndex in signature..<min(lines.count, signature + 7) {
            let line = lines[lineIndex]
            var index = line.startIndex
            while index < line.endIndex {
                if finder.isBodyBrace(line[index]) { return (lineIndex, index) }
                index = line.index(after: index)
            }
            _ = finder.isBodyBrace("\n")
        }
        return nil
    }

    /// Whether a `/* ... */` comment is still open at the end of `line`, given whether one was open at its start.
    static func insideBlockComment(after line: String, startingInside: Bool) -> Bool {
        // Read as UTF-8 bytes: this runs on every line of the file, megabyte lines included.
        let slash = UInt8(ascii: "/"), star = UInt8(ascii: "*")
        var inside = startingInside
        var previous: UInt8 = 0
        for byte in line.utf8 {
            if inside ? (previous == star && byte == slash) : (previous == slash && byte == star) {
                inside.toggle()
                previous = 0   // `/*/` opens without closing: a marker's bytes are not reused
            } else {
                previous = byte
            }
        }
        return inside
    }

    static func leading(_ line: String) -> String { String(line.prefix { $0 == " " || $0 == "\t" }) }

    static func docstringQuote(_ line: String) -> String? {
        let t = line.drop { $0 == " " || $0 == "\t" }
        for q in ["\"\"\"", "'''"] where t.hasPrefix(q) || t.hasPrefix("r" + q) { return q }
        return nil
    }
}

/// What a line is, for finding function sites.
enum LineKind: Equatable {
    case blank, comment, signature, code

    /// Longer lines are code, unread: no comment or signature a function is written from is this long, and
    /// reading a megabyte of minified code for a signature took 0.6 s of every code action in its file.
    static let longestReadLine = 4096

    static func of(_ line: String, language: CodeLanguage) -> LineKind {
        if line.utf8.count > longestReadLine { return .code }
        let t = line.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return .blank }
        if let c = language.lineComment, t.hasPrefix(c) { return .comment }
        if language.blockStyle == .braces && (t.hasPrefix("/*") || t.hasPrefix("*") || t.hasPrefix("*/")) { return .comment }
        if language.blockStyle == .indentation && (t.hasPrefix("\"\"\"") || t.hasPrefix("'''") || t.hasPrefix(">>>")) { return .comment }
        if FunctionSignature.first(in: line, language: language) != nil { return .signature }
        return .code
    }
}

extension String {
    /// How many times `needle` occurs in the string, not overlapping (read as UTF-8 bytes: a `"""` or `'''`
    /// count on every line of a file, cheap even on a line of a megabyte).
    func occurrences(of needle: String) -> Int {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return 0 }
        var count = 0
        var utf8 = Array(self.utf8)[...]
        while let start = utf8.firstIndex(of: first) {
            if utf8[start...].starts(with: pattern) {
                count += 1
                utf8 = utf8[(start + pattern.count)...]
            } else {
                utf8 = utf8[(start + 1)...]
            }
        }
        return count
    }

    var trimmingTrailingSpace: String {
        var s = Substring(self)
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return String(s)
    }
}
