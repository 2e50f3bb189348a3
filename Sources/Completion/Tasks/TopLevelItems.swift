import Foundation
import Languages

/// One piece of code at the top level of a text: an import, a definition, a statement, with the comment,
/// annotation and decorator lines just above it. `InstructionAnswerFit` sorts a model's answer into these.
struct TopLevelItem: Equatable {
    /// What the item is.
    enum Kind: Equatable {
        /// `package main`, `<?php`, a shebang: what a whole file starts with and a function never needs.
        case preamble
        /// An import, include or `using` line (a Go import block is one item).
        case importLine
        /// A function or type definition, by name (nil when the name cannot be told).
        case definition(name: String?, isType: Bool)
        /// The program's entry point: a `main` function, Python's `if __name__ == "__main__":` block.
        case entryPoint
        /// Anything else at the top level: a constant, a call, `print(...)`, `module.exports = ...`.
        case statement
        /// Comment lines with nothing after them.
        case comment
    }

    /// The lines, comments and decorators first.
    var lines: [String]
    /// The lines that are code (not comments), as code only (strings and comments removed).
    var codeLines: [String]
    var kind: Kind

    var text: String { lines.joined(separator: "\n") }
}

extension TopLevelItem {
    /// The top-level items of `code`, in order. Blank lines between items are dropped; an item's lines keep
    /// their blank lines inside. Brace languages: an item ends at a line that ends outside every bracket, unless
    /// the line plainly continues (`,`, `=`, `=>`, `template <…>`; a `{` or `.` opens the next line). Python,
    /// Ruby: an item starts at every line at column 0 outside brackets and strings (a comment there only when
    /// the code after it is at column 0 too: one inside a function's body stays in it; Ruby's closing `end` is
    /// its item's last line).
    static func split(_ code: String, language: CodeLanguage) -> [TopLevelItem] {
        let lines = SourceLine.scan(code, language: language)
        var items: [TopLevelItem] = []
        var current: [SourceLine] = []
        var leading: [SourceLine] = []   // comments, decorators and annotations waiting for their item

        func close() {
            guard !current.isEmpty else { return }
            while let last = current.last, last.isBlank { current.removeLast() }
            items.append(TopLevelItem(lines: current.map(\.text), codeLines: current.filter { !$0.isCommentOnly }.map(\.code),
                                      kind: classify(current, language: language)))
            current = []
        }
        func flushLeading() {
            guard !leading.isEmpty else { return }
            items.append(TopLevelItem(lines: leading.map(\.text), codeLines: [], kind: .comment))
            leading = []
        }

        for (index, line) in lines.enumerated() {
            let atTop = line.depthAtStart == 0 && !line.startsInsideStringOrComment
            let startsItem: Bool
            if language.blockStyle == .braces {
                startsItem = atTop && current.isEmpty
            } else {
                let nextCode = lines[(index + 1)...].first { !$0.isBlank && !$0.isCommentOnly }
                startsItem = atTop && !line.isBlank && line.column == 0 && (!line.isCommentOnly || nextCode.map { $0.column == 0 } ?? true)
                    && !(language.blockStyle == .endKeyword && line.closesBlock && !current.isEmpty)   // Ruby's `end` closes the item
            }
            if startsItem {
                close()
                if line.isBlank {
                    if !leading.isEmpty && language.blockStyle != .braces { flushLeading() }
                    if language.blockStyle == .braces { flushLeading() }
                    continue
                }
                if line.isCommentOnly || line.code.trimmingCharacters(in: .whitespaces).hasPrefix("@") {
                    leading.append(line)
                    continue
                }
                current = leading + [line]
                leading = []
            } else if current.isEmpty {
                // A comment continued (a block comment's inner lines), or an indented line with no item yet.
                if line.isBlank { if language.blockStyle != .braces { flushLeading() }; continue }
                leading.append(line)
                continue
            } else {
                current.append(line)
            }
            if language.blockStyle == .braces, line.depthAtEnd == 0, !line.endsInsideStringOrComment,
               !continues(line, next: lines[(index + 1)...].first { !$0.isBlank && !$0.isCommentOnly }) {
                close()
            }
        }
        close()
        flushLeading()
        return items
    }

    /// `text` without the indentation all its non-blank lines share (blank lines emptied).
    static func dedented(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let common = lines.filter { !$0.allSatisfy(\.isWhitespace) }.map { $0.prefix { $0 == " " || $0 == "\t" }.count }.min() ?? 0
        guard common > 0 else { return text }
        return lines.map { $0.allSatisfy(\.isWhitespace) ? "" : String($0.dropFirst(common)) }.joined(separator: "\n")
    }

    /// Whether a brace-language item goes on after `line`, which ends outside every bracket.
    private static func continues(_ line: SourceLine, next: SourceLine?) -> Bool {
        let code = line.code.trimmingCharacters(in: .whitespaces)
        if code.isEmpty { return true }   // only a comment so far inside the item
        if let next, next.code.trimmingCharacters(in: .whitespaces).hasPrefix("{") { return true }   // Allman braces
        if code.hasPrefix("#") || code.hasPrefix("import ") || code.hasPrefix("package ") { return false }
        guard let last = code.last else { return false }
        if let next, next.code.trimmingCharacters(in: .whitespaces).hasPrefix(".") { return true }   // a chained call
        if line.endsWithString { return false }   // `let who = "you"`: the `=` is not the line's end
        return ",=>+-*/&|?:.".contains(last)
    }

    /// What the item is, from its first code line.
    private static func classify(_ lines: [SourceLine], language: CodeLanguage) -> Kind {
        guard let firstIndex = lines.firstIndex(where: { !$0.isCommentOnly && !$0.code.trimmingCharacters(in: .whitespaces).hasPrefix("@") }) else {
            return .comment
        }
        let first = lines[firstIndex]
        let head = first.text.trimmingCharacters(in: .whitespaces)
        if head.hasPrefix("package ") || head.hasPrefix("<?php") || head.hasPrefix("#!") || head == "?>" || head.hasPrefix("#pragma once") {
            return .preamble
        }
        if ImportLines.isImport(head, language: language) { return .importLine }
        if language.id == "python" && head.hasPrefix("if __name__") { return .entryPoint }
        let opening = lines[firstIndex...].prefix(4).map(\.text).joined(separator: "\n")
        if let function = FunctionSignature.first(in: opening, language: language),
           first.text.contains(function.name) {
            return function.name == "main" ? .entryPoint : .definition(name: function.name, isType: false)
        }
        if let name = typeName(head) { return .definition(name: name, isType: true) }
        return .statement
    }

    /// The name a type definition line declares (`class Foo`, `struct Bar<T>`, `impl Baz`, `interface Q`).
    static func typeName(_ line: String) -> String? {
        let pattern = #"^(?:export\s+)?(?:(?:public|private|protected|internal|abstract|final|static|sealed|data|open|pub(?:\([^)]*\))?)\s+)*(?:class|struct|interface|enum|record|trait|impl(?:<[^>]*>)?|union|object|protocol|extension|namespace|type)\s+([A-Za-z_]\w*)"#
        guard let regex = try? NSRegularExpression(pattern: pattern), let match = regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)),
              let range = Range(match.range(at: 1), in: line) else { return nil }
        return String(line[range])
    }

    /// The names a statement item assigns or declares (`X = 5`, `const LIMIT = 10;`, `#define N 8`), for
    /// keeping a constant that a kept function reads.
    var assignedNames: [String] {
        codeLines.compactMap { line in
            var code = line.trimmingCharacters(in: .whitespaces)
            if code.hasPrefix("#define ") {
                return code.dropFirst(8).prefix { $0.isLetter || $0.isNumber || $0 == "_" }.description
            }
            guard let equals = Self.assignmentEquals(in: code) else { return nil }
            code = String(code[..<equals])
            // A type annotation after the name (`X: int = 5`, `const N: usize = 3`), but not C++'s `::`.
            if let colon = code.firstIndex(of: ":"), !code.contains("::") { code = String(code[..<colon]) }
            return CandidateCodeChecks.identifiers(in: code).last.map(String.init)
        }
    }

    /// The `=` of an assignment in `code` (not `==`, `<=`, `>=`, `!=`, `=>`).
    private static func assignmentEquals(in code: String) -> String.Index? {
        var previous: Character = " "
        for index in code.indices {
            let c = code[index]
            let next = code.index(after: index) < code.endIndex ? code[code.index(after: index)] : " "
            if c == "=" && !"=<>!".contains(previous) && next != "=" && next != ">" { return index }
            previous = c
        }
        return nil
    }
}

/// A line of code with what a scan of the text up to it knows.
struct SourceLine {
    var text: String
    /// The line's code characters only (strings and comments removed).
    var code: String
    /// Bracket depth (`(`, `[`, `{` outside strings and comments) at the line's start and end.
    var depthAtStart: Int
    var depthAtEnd: Int
    var startsInsideStringOrComment: Bool
    var endsInsideStringOrComment: Bool
    /// Whether the line's last character outside comments is a string's (`let who = "you"`), whose code alone
    /// (`let who = `) would look unfinished.
    var endsWithString = false
    /// Whether the line has text but no code (only a comment, or the inside of a string: a docstring line).
    var isCommentOnly: Bool
    var isBlank: Bool
    var column: Int
    /// Whether the line's code starts with the keyword that closes a block (Ruby: `end`, `end)`, `end.sort`).
    var closesBlock: Bool {
        let code = self.code.trimmingCharacters(in: .whitespaces)
        return code == "end" || (code.hasPrefix("end") && code.dropFirst(3).first.map { !($0.isLetter || $0.isNumber || $0 == "_") } ?? false)
    }

    /// The lines of `text`, scanned in order.
    static func scan(_ text: String, language: CodeLanguage) -> [SourceLine] {
        let kinds = CodeScanner.classify(text, language: language)
        // Whether a string or block comment is open after each line break (a line comment ends at it).
        var scanner = CodeScanner(language: language)
        var openAfterBreak: [Bool] = []
        for c in text {
            _ = scanner.isCode(c)
            if c == "\n" { openAfterBreak.append(scanner.isInsideString || scanner.isInsideComment) }
        }
        var result: [SourceLine] = []
        var depth = 0
        var start = 0
        var insideAtStart = false
        while start <= kinds.count {
            var end = start
            while end < kinds.count && kinds[end].character != "\n" { end += 1 }
            let slice = kinds[start..<end]
            let lineText = String(slice.map(\.character))
            let code = String(slice.filter { $0.kind == .code }.map(\.character))
            let depthAtStart = depth
            for c in code {
                if "([{".contains(c) { depth += 1 } else if ")]}".contains(c) { depth = max(0, depth - 1) }
            }
            let endsInside = end < kinds.count && openAfterBreak[result.count]
            let blank = lineText.allSatisfy(\.isWhitespace)
            let last = slice.last { $0.kind != .comment && !$0.character.isWhitespace }
            result.append(SourceLine(text: lineText, code: code, depthAtStart: depthAtStart, depthAtEnd: depth,
                                     startsInsideStringOrComment: insideAtStart, endsInsideStringOrComment: endsInside,
                                     endsWithString: last?.kind == .string,
                                     isCommentOnly: !blank && code.allSatisfy(\.isWhitespace), isBlank: blank,
                                     column: FunctionEnd.column(of: lineText)))
            insideAtStart = endsInside
            if end >= kinds.count { break }
            start = end + 1
        }
        return result
    }
}
