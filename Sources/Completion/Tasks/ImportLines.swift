import Foundation
import Languages

/// Import lines (`import`, `from … import`, `#include`, `using`, `use`, `require`): telling one, whether a
/// document already imports what one brings in, and where new ones go. A function written by the
/// instruction method may need a module the file does not import yet; the import goes to the file's
/// imports, not above the function.
enum ImportLines {
    /// Whether `line` (trimmed) imports something in `language`.
    static func isImport(_ line: String, language: CodeLanguage) -> Bool {
        switch language.id {
        case "python": return line.hasPrefix("import ") || (line.hasPrefix("from ") && line.contains(" import "))
        case "javascript", "typescript":
            if line.hasPrefix("import ") || line.hasPrefix("import{") { return true }
            return ["const ", "let ", "var "].contains { line.hasPrefix($0) } && line.contains("require(")
        case "c", "cpp": return line.hasPrefix("#include") || line.hasPrefix("using namespace ") || line.hasPrefix("using std::")
        case "rust": return line.hasPrefix("use ") || line.hasPrefix("pub use ") || line.hasPrefix("extern crate ")
        case "csharp": return line.hasPrefix("using ") && !line.hasPrefix("using (") && !line.hasPrefix("using var ") && line.hasSuffix(";")
        case "php": return line.hasPrefix("use ") || line.hasPrefix("require") || line.hasPrefix("include")
        case "ruby": return line.hasPrefix("require ") || line.hasPrefix("require_relative ")
        default: return line.hasPrefix("import ") || line.hasPrefix("import(")   // Java, Go, Kotlin, Swift
        }
    }

    /// What an import (one line, or a whole Go block or parenthesised Python import) brings in, as keys
    /// that compare across files: module paths and names, or the line itself with its spaces removed.
    static func keys(of text: String, language: CodeLanguage) -> [String] {
        let line = text.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        switch language.id {
        case "go":
            return goPaths(in: text)
        case "python":
            let flat = line.replacingOccurrences(of: "(", with: " ").replacingOccurrences(of: ")", with: " ")
            if flat.hasPrefix("from "), let importRange = flat.range(of: " import ") {
                let module = flat[flat.index(flat.startIndex, offsetBy: 5)..<importRange.lowerBound].trimmingCharacters(in: .whitespaces)
                return names(flat[importRange.upperBound...]).map { "\(module).\($0)" }
            }
            return names(flat.dropFirst("import ".count))
        case "java", "kotlin":
            var body = line.dropFirst("import ".count).trimmingCharacters(in: .whitespaces)
            if body.hasPrefix("static ") { body = String(body.dropFirst(7)) }
            return [body.trimmingCharacters(in: CharacterSet(charactersIn: "; "))]
        default:
            return [String(line.filter { !$0.isWhitespace }).trimmingCharacters(in: CharacterSet(charactersIn: ";"))]
        }
    }

    /// Whether the keys `have` cover `key`: the key itself, a wildcard of its module (`java.util.*`,
    /// Python's `from m import *`), or C++'s `<bits/stdc++.h>` for any standard header.
    static func covers(_ have: Set<String>, _ key: String, language: CodeLanguage) -> Bool {
        if have.contains(key) { return true }
        if let dot = key.lastIndex(of: "."), have.contains(key[..<dot] + ".*") { return true }
        if language.id == "cpp" && key.hasPrefix("#include<") && have.contains("#include<bits/stdc++.h>") { return true }
        return false
    }

    /// The import lines of `items` whose imports `document` lacks and the kept code uses (`used`: its
    /// identifiers; an import that only served a dropped `main` would not compile in Go), ready to insert
    /// (Go's as one `import "path"` line each).
    static func missing(_ items: [TopLevelItem], in document: String, language: CodeLanguage, used: Set<String>) -> [String] {
        let have = Set(documentImports(document, language: language).flatMap { keys(of: $0.text, language: language) })
        var lines: [String] = []
        for item in items {
            let code = item.lines.filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }.joined(separator: "\n")
            let missingKeys = keys(of: code, language: language).filter {
                !covers(have, $0, language: language) && boundName(of: $0, in: code, language: language).map(used.contains) != false
            }
            guard !missingKeys.isEmpty else { continue }
            if language.id == "go" {
                lines += missingKeys.map { "import \"\($0)\"" }
            } else {
                lines += item.lines.filter { !$0.allSatisfy(\.isWhitespace) }.map { $0.trimmingCharacters(in: .whitespaces) }
            }
        }
        var seen = Set<String>()
        return lines.filter { seen.insert($0).inserted }
    }

    /// Where `lines` go in `document` (character offset, text to insert): after the file's last top-level
    /// import; with none, after a `package` clause, `<?php`, shebang or Python module docstring, else at the top.
    static func insertion(of lines: [String], into document: String, language: CodeLanguage) -> CodeTaskEdit? {
        guard !lines.isEmpty else { return nil }
        let block = lines.joined(separator: "\n")
        let documentLines = document.split(separator: "\n", omittingEmptySubsequences: false)
        var offsets: [Int] = []
        var total = 0
        for line in documentLines { offsets.append(total); total += line.count + 1 }
        func endOfLine(_ index: Int) -> Int { min(offsets[index] + documentLines[index].count + 1, document.count) }
        func after(_ index: Int, _ text: String) -> CodeTaskEdit {
            let offset = endOfLine(index)
            // The last line without a line break: the insertion starts with one.
            return offset == offsets[index] + documentLines[index].count ? CodeTaskEdit(offset: offset, length: 0, newText: "\n" + text)
                : CodeTaskEdit(offset: offset, length: 0, newText: text + "\n")
        }
        let existing = documentImports(document, language: language)
        // After the last import of the same kind (`#include` after the includes, not after `using namespace`).
        let kind = lines[0].split(separator: " ").first.map(String.init) ?? ""
        if let last = existing.last(where: { $0.text.hasPrefix(kind) }) ?? existing.last {
            return after(last.lastLine, block)
        }
        var header: Int?
        var index = 0
        while index < documentLines.count {
            let t = documentLines[index].trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("#!") || t.hasPrefix("<?php") || t.hasPrefix("package ") || t.hasPrefix("# -*-") {
                header = index
            } else if language.id == "python" && header.map({ $0 + 1 == index }) != false && (t.hasPrefix("\"\"\"") || t.hasPrefix("'''")) {
                // A module docstring: up to its closing quotes.
                let quote = String(t.prefix(3))
                var close = index
                if t.count < 6 || !t.dropFirst(3).contains(quote) {
                    close += 1
                    while close < documentLines.count && !documentLines[close].contains(quote) { close += 1 }
                }
                header = min(close, documentLines.count - 1)
                index = close
            } else if !t.isEmpty {
                break
            }
            index += 1
        }
        if let header { return after(header, "\n" + block) }
        let nextIsBlank = documentLines.first.map { $0.allSatisfy(\.isWhitespace) } ?? true
        return CodeTaskEdit(offset: 0, length: 0, newText: block + (document.isEmpty ? "\n" : nextIsBlank ? "\n" : "\n\n"))
    }

    /// The document's top-level imports (at column 0), each with its text and last line (a Go block or a
    /// parenthesised Python import spans lines).
    static func documentImports(_ document: String, language: CodeLanguage) -> [(text: String, lastLine: Int)] {
        let lines = document.split(separator: "\n", omittingEmptySubsequences: false)
        var found: [(text: String, lastLine: Int)] = []
        var index = 0
        while index < lines.count {
            let line = String(lines[index])
            guard line.first.map({ !$0.isWhitespace }) == true, isImport(line.trimmingCharacters(in: .whitespaces), language: language) else {
                index += 1
                continue
            }
            var end = index
            if line.hasSuffix("(") {
                while end + 1 < lines.count && !lines[end].contains(")") { end += 1 }
            }
            found.append((lines[index...end].joined(separator: "\n"), end))
            index = end + 1
        }
        return found
    }

    /// The name code uses to refer to what import `key` (of the import text `text`) brings in, or nil when
    /// it cannot be told (an include, a wildcard): Go's package name (last path element), Python's imported
    /// name or alias (`from m import x` binds x, `import a.b` binds a), Java's class name.
    static func boundName(of key: String, in text: String, language: CodeLanguage) -> String? {
        switch language.id {
        case "go":
            return key.split(separator: "/").last.map(String.init)
        case "python":
            if let alias = key.range(of: " as ") { return String(key[alias.upperBound...]) }
            guard let last = key.split(separator: ".").last, last != "*" else { return nil }
            return text.trimmingCharacters(in: .whitespaces).hasPrefix("from ") ? String(last) : key.split(separator: ".").first.map(String.init)
        case "java", "kotlin":
            guard let last = key.split(separator: ".").last, last != "*" else { return nil }
            return String(last)
        default:
            return nil
        }
    }

    /// The comma-separated names of an import list (`a, b as c`).
    private static func names(_ list: some StringProtocol) -> [String] {
        list.split(separator: ",").map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }.filter { !$0.isEmpty }
    }

    /// The quoted package paths of Go import text.
    private static func goPaths(in text: String) -> [String] {
        var paths: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "\"") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "\"") else { break }
            paths.append(String(after[..<close]))
            rest = after[after.index(after: close)...]
        }
        return paths
    }
}
