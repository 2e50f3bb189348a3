import Foundation

/// A Ruby `require` of a library Ruby does not have, named after the Python module the code came from:
/// `require 'math'` (Ruby's `Math` is built in), `require 'sys'`, `require 're'`. Translating from Python the
/// models turn the source's imports into requires, and the first line of the file then stops it with a
/// `LoadError` (seen with the 1.5B on `import math` and `import sys`, 2026-12-05). Ruby has no build check here, so
/// such a line is mended out as a candidate is judged: only a whole-line `require 'name'` (or `"name"`) of a
/// name in `pythonOnly`, none of which is a Ruby standard library (`json`, `set`, `time`, `date` are, and stay).
enum RubyRequires {
    /// Python standard modules with no Ruby library of the same name.
    static let pythonOnly: Set<String> = ["abc", "array", "bisect", "collections", "copy", "dataclasses", "datetime", "decimal",
                                          "enum", "fractions", "functools", "hashlib", "heapq", "itertools", "math", "numpy",
                                          "operator", "os", "queue", "random", "re", "statistics", "string", "sys", "typing"]

    /// `code` without its requires of `pythonOnly` names (and a blank line left at the top); unchanged when none.
    static func fixed(_ code: String) -> String {
        var lines = code.components(separatedBy: "\n")
        let before = lines.count
        lines.removeAll { line in requiredName(line).map(pythonOnly.contains) ?? false }
        guard lines.count < before else { return code }
        while lines.first?.trimmingCharacters(in: .whitespaces).isEmpty == true && lines.count > 1 { lines.removeFirst() }
        return lines.joined(separator: "\n")
    }

    /// The library a line requires (`require 'math'`, `require "sys"`, with an optional trailing comment), or nil.
    static func requiredName(_ line: String) -> String? {
        var rest = Substring(line.trimmingCharacters(in: .whitespaces))
        guard rest.hasPrefix("require") else { return nil }
        rest = rest.dropFirst("require".count)
        let parenthesized = rest.first == "("
        if parenthesized { rest = rest.dropFirst() }
        rest = rest.drop { $0 == " " }
        guard let quote = rest.first, quote == "'" || quote == "\"" else { return nil }
        rest = rest.dropFirst()
        guard let end = rest.firstIndex(of: quote) else { return nil }
        let name = String(rest[..<end])
        var after = rest[rest.index(after: end)...].drop { $0 == " " }
        if parenthesized {
            guard after.first == ")" else { return nil }
            after = after.dropFirst().drop { $0 == " " }
        }
        guard after.isEmpty || after.hasPrefix("#") else { return nil }
        return name
    }
}
