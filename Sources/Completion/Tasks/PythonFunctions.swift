import Foundation
import Languages

/// The functions of a Python candidate as lines, for the mends that read one function at a time
/// (`PythonTupleReturns`, `PythonShadowedBuiltins`): the code with strings and comments blanked (offsets kept),
/// each `def`'s signature and the lines of its own body.
struct PythonFunctions {
    /// One function: its signature's text (blanked, lines joined by spaces) and the indices of its own body lines
    /// (those after the signature indented deeper than the `def`, without the lines of functions and classes
    /// defined inside it).
    struct Function {
        var signature: String
        var bodyLines: [Int]

        /// The text after the signature's `->` (trimmed), or nil without a return annotation.
        var returnAnnotation: String? {
            guard let arrow = signature.range(of: "->", options: .backwards) else { return nil }
            return signature[arrow.upperBound...].trimmingCharacters(in: .whitespaces)
        }

        /// The names of the parameters (`self`, `*args` and `**options` by their names).
        var parameters: Set<String> {
            guard let open = signature.firstIndex(of: "(") else { return [] }
            var names: Set<String> = []
            var depth = 0
            var expectingName = true
            var current = ""
            for character in signature[signature.index(after: open)...] {
                if "([{".contains(character) { depth += 1 }
                if ")]}".contains(character) {
                    if depth == 0 { break }
                    depth -= 1
                }
                if depth == 0 && character == "," { expectingName = true; current = ""; continue }
                guard expectingName else { continue }
                if character.isLetter || character.isNumber || character == "_" {
                    current.append(character)
                } else if character == "*" || character == " " || character == "\t" {
                    if !current.isEmpty { names.insert(current); expectingName = false }
                } else {
                    if !current.isEmpty { names.insert(current) }
                    expectingName = false
                }
            }
            if expectingName && !current.isEmpty { names.insert(current) }
            return names
        }
    }

    /// The candidate's characters and the same with strings and comments blanked.
    let characters: [Character]
    let masked: [Character]
    /// The range of each line in `characters` (line breaks excluded).
    let lines: [Range<Int>]
    /// Every function, nested ones too, in order of their `def`.
    let functions: [Function]

    /// Nil when the blanked code does not line up with the code (it always does for text the scanner reads).
    init?(_ code: String) {
        characters = Array(code)
        masked = Array(ImmutableBindingCheck.maskingNonCode(code, language: CodeLanguage.named("python")!))
        guard masked.count == characters.count else { return nil }
        var ranges: [Range<Int>] = []
        var start = 0
        for (index, character) in masked.enumerated() where character == "\n" {
            ranges.append(start..<index)
            start = index + 1
        }
        ranges.append(start..<masked.count)
        lines = ranges
        var found: [Function] = []
        for index in ranges.indices where Self.isDefinition(String(masked[ranges[index]])) {
            guard let (signature, last) = Self.signature(lines: ranges, from: index, in: masked) else { continue }
            found.append(Function(signature: signature,
                                  bodyLines: Self.bodyLines(after: last, indent: Self.indentation(of: String(masked[ranges[index]])), lines: ranges, in: masked)))
        }
        functions = found
    }

    static func isDefinition(_ line: String) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        return trimmed.hasPrefix("def ") || trimmed.hasPrefix("async def ")
    }

    /// The line's indentation in columns, as Python's tokenizer counts them.
    static func indentation(of line: String) -> Int {
        IndentationColumns.leading(line).column
    }

    /// The signature starting at line `first` up to the `:` that ends it at bracket depth 0, and its last line.
    private static func signature(lines: [Range<Int>], from first: Int, in masked: [Character]) -> (String, Int)? {
        var depth = 0
        var signature = ""
        for index in first..<min(lines.count, first + 20) {
            for character in masked[lines[index]] {
                if "([{".contains(character) { depth += 1 }
                if ")]}".contains(character) { depth -= 1 }
                if character == ":" && depth == 0 { return (signature, index) }
                signature.append(character)
            }
            signature.append(" ")
        }
        return nil
    }

    private static func bodyLines(after signatureEnd: Int, indent: Int, lines: [Range<Int>], in masked: [Character]) -> [Int] {
        var body: [Int] = []
        var nestedIndent: Int?
        for index in (signatureEnd + 1)..<lines.count {
            let line = String(masked[lines[index]])
            guard !line.allSatisfy({ $0 == " " || $0 == "\t" }) else { continue }
            let lineIndent = indentation(of: line)
            if lineIndent <= indent { break }
            if let nested = nestedIndent {
                if lineIndent > nested { continue }
                nestedIndent = nil
            }
            if isDefinition(line) || line.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("class ") {
                nestedIndent = lineIndent
                continue
            }
            body.append(index)
        }
        return body
    }

    /// `characters` with `edits` (ranges in them) made, from the last.
    func applying(_ edits: [(range: Range<Int>, text: String)]) -> String {
        Self.applying(edits, to: characters)
    }

    /// `characters` with `edits` (ranges of `Character` offsets in them, not overlapping) made, from the last so
    /// that each range still means what it did; the Python mends' one way of writing their edits.
    static func applying(_ edits: [(range: Range<Int>, text: String)], to characters: [Character]) -> String {
        var result = characters
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            result.replaceSubrange(edit.range, with: Array(edit.text))
        }
        return String(result)
    }
}
