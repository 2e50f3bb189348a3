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
        guard let file = PythonFunctions(code) else { return code }
        let edits = file.functions.filter { $0.returnAnnotation.map(isTuple) ?? false }.flatMap { returnEdits(body: $0.bodyLines, in: file) }
        return edits.isEmpty ? code : file.applying(edits)
    }

    private static func isTuple(_ annotation: String) -> Bool {
        var name = annotation
        if name.hasPrefix("typing.") { name.removeFirst("typing.".count) }
        return name == "tuple" || name == "Tuple" || name.hasPrefix("tuple[") || name.hasPrefix("Tuple[")
    }

    // MARK: - Returns

    /// A statement that assigns one name (`out = […]`, `out: list = […]`): the name and the value's text; nil for
    /// anything else (a comparison, `out += …`, `out[0] = …`, `a, b = …`).
    private static func assignment(_ statement: String) -> (name: String, value: String)? {
        let characters = Array(statement)
        guard let first = characters.first, first.isLetter || first == "_" else { return nil }
        var index = characters.firstIndex { !($0.isLetter || $0.isNumber || $0 == "_") } ?? characters.count
        let name = String(characters[..<index])
        while index < characters.count && characters[index] == " " { index += 1 }
        if index < characters.count && characters[index] == ":" {   // an annotation, up to the `=`
            while index < characters.count && characters[index] != "=" { index += 1 }
        }
        guard index < characters.count, characters[index] == "=", index + 1 >= characters.count || characters[index + 1] != "=" else { return nil }
        return (name, String(characters[(index + 1)...]).trimmingCharacters(in: .whitespaces))
    }

    /// The edits that make the body's list returns tuples.
    private static func returnEdits(body: [Int], in file: PythonFunctions) -> [(range: Range<Int>, text: String)] {
        let (lines, masked, original) = (file.lines, file.masked, file.characters)
        var kinds: [String: [SequenceKind?]] = [:]   // name → what each assignment to it gives
        for index in body {
            let statement = String(masked[lines[index]]).trimmingCharacters(in: .whitespaces)
            guard let (name, value) = assignment(statement) else { continue }
            kinds[name, default: []].append(sequenceKind(Array(value)))
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
}
