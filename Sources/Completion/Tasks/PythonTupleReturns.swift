import Foundation
import Languages

/// A Python function whose signature says it returns a tuple (`-> Tuple[float, float]`, `-> tuple[int, int]`)
/// but whose `return` gives a list: `return [a, b]`, or `return out` where `out` was built as a list. Translating
/// from a language without tuples (C++'s `vector<float>`, JavaScript's arrays), the small models keep the source's
/// list even under the annotation the user or the target's declaration wrote, and a caller comparing with a tuple
/// (`== (3.9, 4.0)`) gets `False`; seen on HumanEval-X C++→Python `find_closest_elements` (all four candidates).
///
/// The mend is the smallest edit that makes the code do what its own signature says, and only where that is
/// certain, on the code without strings and comments: a one-line `return` of a list display becomes a tuple
/// display (`[a, b]` → `(a, b)`, `[a]` → `(a,)`, `[]` → `()`, a comprehension `tuple([…])`), and a one-line
/// `return name` becomes `return tuple(name)` when every assignment to `name` in the function is a list (`[…]`,
/// `list(…)`, `sorted(…)`) or a tuple, and one at least a list. Functions defined inside the function keep their own returns; a function annotated
/// otherwise (`List[…]`, `Optional[Tuple[…]]`), a `return` spread over lines and any other expression are left as
/// they are.
enum PythonTupleReturns {
    /// `code` with the list returns of its tuple-annotated functions made tuples; unchanged when there are none.
    static func fixed(_ code: String) -> String {
        let characters = Array(code)
        let masked = Array(ImmutableBindingCheck.maskingNonCode(code, language: CodeLanguage.named("python")!))
        guard masked.count == characters.count else { return code }
        let lines = lineRanges(masked)
        var edits: [(range: Range<Int>, text: String)] = []
        var index = 0
        while index < lines.count {
            let line = String(masked[lines[index]])
            guard isDefinition(line), let (annotation, lastSignatureLine) = returnAnnotation(lines: lines, from: index, in: masked) else {
                index += 1
                continue
            }
            let body = bodyLines(after: lastSignatureLine, indent: indentation(of: line), lines: lines, in: masked)
            if isTuple(annotation) {
                edits += returnEdits(body: body, lines: lines, masked: masked, original: characters)
            }
            index = lastSignatureLine + 1
        }
        guard !edits.isEmpty else { return code }
        var result = characters
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            result.replaceSubrange(edit.range, with: Array(edit.text))
        }
        return String(result)
    }

    // MARK: - Signatures and bodies

    private static func isDefinition(_ line: String) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        return trimmed.hasPrefix("def ") || trimmed.hasPrefix("async def ")
    }

    /// The return annotation of the definition starting at line `first` (the text between `->` and the `:` that
    /// ends the signature at bracket depth 0) and the signature's last line; nil without an annotation.
    private static func returnAnnotation(lines: [Range<Int>], from first: Int, in masked: [Character]) -> (String, Int)? {
        var depth = 0
        var signature = ""
        for index in first..<lines.count {
            for character in masked[lines[index]] {
                if "([{".contains(character) { depth += 1 }
                if ")]}".contains(character) { depth -= 1 }
                if character == ":" && depth == 0 {
                    guard let arrow = signature.range(of: "->", options: .backwards) else { return nil }
                    return (signature[arrow.upperBound...].trimmingCharacters(in: .whitespaces), index)
                }
                signature.append(character)
            }
            signature.append(" ")
            if depth <= 0 && index > first + 20 { return nil }
        }
        return nil
    }

    private static func isTuple(_ annotation: String) -> Bool {
        var name = annotation
        if name.hasPrefix("typing.") { name.removeFirst("typing.".count) }
        return name == "tuple" || name == "Tuple" || name.hasPrefix("tuple[") || name.hasPrefix("Tuple[")
    }

    /// The indices of the function's own body lines: those after the signature indented deeper than the `def`,
    /// without the lines of functions and classes defined inside it.
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
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if isDefinition(line) || trimmed.hasPrefix("class ") {
                nestedIndent = lineIndent
                continue
            }
            body.append(index)
        }
        return body
    }

    // MARK: - Returns

    private static let assignment = try! NSRegularExpression(pattern: #"^([A-Za-z_][A-Za-z0-9_]*)\s*(?::[^=]*)?=(?!=)\s*(.*)$"#)

    /// The edits that make the body's list returns tuples.
    private static func returnEdits(body: [Int], lines: [Range<Int>], masked: [Character], original: [Character]) -> [(range: Range<Int>, text: String)] {
        var kinds: [String: [SequenceKind?]] = [:]   // name → what each assignment to it gives
        for index in body {
            let statement = String(masked[lines[index]]).trimmingCharacters(in: .whitespaces)
            let whole = NSRange(statement.startIndex..., in: statement)
            guard let match = assignment.firstMatch(in: statement, range: whole),
                  let name = Range(match.range(at: 1), in: statement), let value = Range(match.range(at: 2), in: statement) else { continue }
            kinds[String(statement[name]), default: []].append(sequenceKind(Array(statement[value].trimmingCharacters(in: .whitespaces))))
        }
        // `tuple(name)` is the same tuple when a tuple was assigned last, so a name that is always a list or a tuple, and
        // sometimes a list (`pair = (a, b)` then `pair = sorted(pair)`), is returned as a tuple.
        let assigned = kinds.mapValues { $0.allSatisfy { $0 != nil } && $0.contains(.list) }
        var edits: [(range: Range<Int>, text: String)] = []
        for index in body {
            let range = lines[index]
            let line = masked[range]
            guard let start = line.firstIndex(where: { $0 != " " && $0 != "\t" }),
                  Array(line[start...]).starts(with: Array("return")) else { continue }
            var expressionStart = start + "return".count
            guard expressionStart < range.upperBound, masked[expressionStart] == " " || masked[expressionStart] == "[" else { continue }
            while expressionStart < range.upperBound && masked[expressionStart] == " " { expressionStart += 1 }
            var expressionEnd = range.upperBound
            while expressionEnd > expressionStart && (masked[expressionEnd - 1] == " " || masked[expressionEnd - 1] == "\t") { expressionEnd -= 1 }
            guard expressionStart < expressionEnd else { continue }
            let expression = Array(masked[expressionStart..<expressionEnd])
            if expression.first == "[", let edit = listDisplayEdit(expression, at: expressionStart, original: original) {
                edits.append(edit)
            } else if assigned[String(expression)] == true {
                edits.append((expressionStart..<expressionEnd, "tuple(\(String(expression)))"))
            }
        }
        return edits
    }

    enum SequenceKind { case list, tuple }

    /// Whether the assigned value `value` is certainly a list (`[…]`, `list(…)`, `sorted(…)`) or a tuple (`(a, b)`,
    /// `a, b`, `tuple(…)`); nil for anything else.
    private static func sequenceKind(_ value: [Character]) -> SequenceKind? {
        let text = String(value)
        // `[…]`, `list(…)`: the bracket the prefix opens closes at the value's end (`[1, 2][0]` is no list).
        func whole(_ prefix: String) -> Bool {
            guard text.hasPrefix(prefix) else { return false }
            var depth = 0
            for (position, character) in value.enumerated().dropFirst(prefix.count - 1) {
                if "([{".contains(character) { depth += 1 }
                if ")]}".contains(character) {
                    depth -= 1
                    if depth == 0 { return position == value.count - 1 }
                }
            }
            return false
        }
        if ["[", "list(", "sorted("].contains(where: whole) { return .list }
        if whole("tuple(") { return .tuple }
        var depth = 0
        var topLevelComma = false
        for (position, character) in value.enumerated() {
            if "([{".contains(character) { depth += 1 }
            if ")]}".contains(character) {
                depth -= 1
                if depth == 0 && position != value.count - 1 && value.first == "(" { return nil }
            }
            if character == "," && depth == (value.first == "(" ? 1 : 0) { topLevelComma = true }
        }
        return topLevelComma && depth == 0 ? .tuple : nil
    }

    /// A one-line list display `[…]` (the whole expression) as a tuple; nil when the brackets do not close at its end.
    private static func listDisplayEdit(_ expression: [Character], at offset: Int, original: [Character]) -> (range: Range<Int>, text: String)? {
        var depth = 0
        var topLevelCommas = 0
        var lastTopLevelComma: Int?
        var isComprehension = false
        for (position, character) in expression.enumerated() {
            if "([{".contains(character) { depth += 1 }
            if ")]}".contains(character) {
                depth -= 1
                if depth == 0 && position != expression.count - 1 { return nil }
            }
            if depth == 1 && character == "," { topLevelCommas += 1; lastTopLevelComma = position }
            if depth == 1 && character == "f" && position > 0 && expression[position - 1] == " "
                && Array(expression[position...]).starts(with: Array("for ")) { isComprehension = true }
        }
        guard depth == 0, expression.last == "]" else { return nil }
        let range = offset..<(offset + expression.count)
        let text = String(original[range])
        let inner = String(text.dropFirst().dropLast())
        if isComprehension { return (range, "tuple(\(text))") }
        if inner.trimmingCharacters(in: .whitespaces).isEmpty { return (range, "()") }
        let trailingComma = lastTopLevelComma.map { expression[($0 + 1)..<(expression.count - 1)].allSatisfy { $0 == " " } } ?? false
        if topLevelCommas == 0 || (topLevelCommas == 1 && trailingComma) {
            return (range, "(\(trailingComma ? inner : inner + ","))")
        }
        return (range, "(\(inner))")
    }

    // MARK: - Lines

    private static func lineRanges(_ characters: [Character]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for (index, character) in characters.enumerated() where character == "\n" {
            ranges.append(start..<index)
            start = index + 1
        }
        ranges.append(start..<characters.count)
        return ranges
    }

    private static func indentation(of line: String) -> Int {
        line.prefix { $0 == " " || $0 == "\t" }.reduce(0) { $0 + ($1 == "\t" ? 8 : 1) }
    }
}
