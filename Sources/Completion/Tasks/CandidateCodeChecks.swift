import Foundation
import Languages

/// Two checks of a candidate's code that its log-probabilities cannot see: locals assigned and never read,
/// and how sure the model was of the code itself rather than of its comments.
///
/// Both came from a case seen in the translation eval (HumanEval-X js→python task 110): the chosen sample
/// computed a value into a variable it never read (so its answer ignored half the input), and half of its
/// lines were comments, whose cheap tokens lifted its mean log-probability above the greedy candidate's.
enum CandidateCodeChecks {
    /// How many locals the code declares or assigns once and never mentions again; `stripped` is the code
    /// without its strings and comments (`CodeCandidateExpectation.codeOnly`). A local is a single name at the start of a line followed by `=` (Python, and reassignment
    /// elsewhere), a declaration `let`/`const`/`var`/a type followed by the name and `=`, or Go's `name :=`.
    /// Names starting with `_` are meant to be unused and are not counted; tuple targets (`q, r = …`) are not
    /// counted either (unpacking often drops a part on purpose).
    static func unusedLocals(inCodeOnly stripped: String, language: CodeLanguage) -> Int {
        var occurrences: [Substring: Int] = [:]
        for name in identifiers(in: stripped) { occurrences[name, default: 0] += 1 }
        var declared = Set<Substring>()
        // Lines that start inside an open call or literal hold arguments (`key=…` on a line of its own), not assignments.
        let opening: Set<Character> = language.blockStyle == .indentation ? ["(", "[", "{"] : ["(", "["]
        let closing: Set<Character> = language.blockStyle == .indentation ? [")", "]", "}"] : [")", "]"]
        var depth = 0
        for line in stripped.split(separator: "\n") {
            if depth == 0, let name = assignedName(in: line, language: language), !name.hasPrefix("_"), !definesFunction(line) {
                declared.insert(name)
            }
            for c in line {
                if opening.contains(c) { depth += 1 } else if closing.contains(c) { depth = max(0, depth - 1) }
            }
        }
        return declared.filter { occurrences[$0, default: 0] == 1 }.count
    }

    /// How many Python locals the code sets to zero (`total = 0`, `sum: float = 0.0`) and then reads without ever
    /// changing: no `+=`, no second assignment, no loop, `with`, `global` or tuple target, no method call or
    /// subscript on it. Such a value is a constant 0, which no one names and reads; in a translation it is the
    /// accumulation the source did and the candidate lost (HumanEval-X C++→Python `mean_absolute_deviation`: `sum = 0`,
    /// then `avg = sum / len(numbers)`, the loop adding the numbers left out). Over the recorded Python
    /// candidates of the evals (some 2,600, 2026-12-05) seven had one, all failing their tests; no passing candidate did.
    /// Python's build check reports the same mistake (`PythonScopeCheck`), so that a round whose every candidate has
    /// it is repaired; this count stays in the score too, which also ranks candidates never built (no python3).
    /// `stripped` is the code without its strings and comments. Other languages: 0 (a C++ or Go function can
    /// change a local through a reference or a pointer the text does not show as an assignment).
    static func unchangedZeroLocals(inCodeOnly stripped: String, language: CodeLanguage) -> Int {
        guard language.id == "python" else { return 0 }
        let lines = stripped.split(separator: "\n", omittingEmptySubsequences: false)
        var zeroed = Set<Substring>()
        for line in lines {
            if let name = zeroAssignment(line) { zeroed.insert(name) }
        }
        return zeroed.filter { name in
            var changes = 0
            var reads = 0
            for line in lines {
                for range in occurrences(of: name, in: line) {
                    if changesValue(line, at: range) { changes += 1 } else { reads += 1 }
                }
            }
            return changes == 1 && reads > 0
        }.count
    }

    /// The name an indented line (a function's, not the module's: `LOW = 0` there is a named constant) sets to a
    /// zero literal, alone on its line: `name = 0`, `name = 0.0`, `name: int = 0`.
    private static func zeroAssignment(_ line: Substring) -> Substring? {
        guard line.first == " " || line.first == "\t", let equals = line.firstIndex(of: "=") else { return nil }
        var left = line[..<equals]
        if let colon = left.firstIndex(of: ":") { left = left[..<colon] }
        let name = left.trimmingCharacters(in: .whitespaces)
        guard let first = name.first, first.isLetter || first == "_", name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        guard value.hasPrefix("0"), value.dropFirst().allSatisfy({ $0 == "." || $0 == "0" }), value.filter({ $0 == "." }).count <= 1 else { return nil }
        return identifiers(in: left).first
    }

    /// Where `name` occurs in `line` as a name of its own (not part of a longer one, not an attribute `x.name`).
    private static func occurrences(of name: Substring, in line: Substring) -> [Range<Substring.Index>] {
        var result: [Range<Substring.Index>] = []
        var start = line.startIndex
        while let range = line[start...].range(of: name) {
            let before = range.lowerBound > line.startIndex ? line[line.index(before: range.lowerBound)] : nil
            let after = range.upperBound < line.endIndex ? line[range.upperBound] : nil
            let partOfWord: (Character?) -> Bool = { c in c.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false }
            if !partOfWord(before), !partOfWord(after), before != "." { result.append(range) }
            start = range.upperBound
        }
        return result
    }

    /// Whether the occurrence of a name at `range` may change its value, erring towards yes: an assignment to it
    /// (`=`, `+=`, `:=`, an annotation), a method call or subscript on it, any `=` later on the line (a tuple or
    /// subscript target), a `for` target, a name after `as`, or a `global`, `nonlocal` or `del` line.
    private static func changesValue(_ line: Substring, at range: Range<Substring.Index>) -> Bool {
        let after = line[range.upperBound...].drop(while: { $0 == " " || $0 == "\t" })
        if let next = after.first, ":.[".contains(next) { return true }
        let operatorRun = after.prefix(while: { "+-*/%&|^@<>".contains($0) })
        if after.dropFirst(operatorRun.count).first == "=", after.dropFirst(operatorRun.count + 1).first != "=",
           operatorRun.count <= 3, !(operatorRun.count == 1 && "<>".contains(operatorRun)) { return true }
        if hasAssignment(after) { return true }
        let before = line[..<range.lowerBound]
        let words = identifiers(in: before)
        if let forIndex = words.lastIndex(of: "for"), !words[forIndex...].contains("in") { return true }
        if words.last == "as", before.trimmingCharacters(in: .whitespaces).hasSuffix("as") { return true }
        let statement = line.drop(while: { $0 == " " || $0 == "\t" })
        return ["global ", "nonlocal ", "del "].contains { statement.hasPrefix($0) }
    }

    /// Whether `text` holds an assignment's `=` (not part of `==`, `<=`, `>=`, `!=`).
    private static func hasAssignment(_ text: Substring) -> Bool {
        let characters = Array(text)
        for i in characters.indices where characters[i] == "=" {
            let before: Character? = i > 0 ? characters[i - 1] : nil
            let after: Character? = i + 1 < characters.count ? characters[i + 1] : nil
            if after == "=" || before == "=" || before.map({ "<>!".contains($0) }) == true { continue }
            return true
        }
        return false
    }

    /// Whether the code does nothing: each of its lines is an import, a package clause, a type's or a function's
    /// header (ending where its body starts: `{`, `:`, `)`, or Ruby's `def` line), brackets, `;` or `end` closing
    /// it, or a stand-in for a body
    /// (`pass`, `...`, `raise NotImplementedError`, `todo!()`, `unimplemented!()`, Kotlin's `TODO()`,
    /// `throw new UnsupportedOperationException()`, Swift's `fatalError()`). `stripped` is the code without its
    /// strings and comments, so a body that is only `# Your code here` is empty. A one-line function with its
    /// body (`fun f(x: Int) = x * 2`) does something.
    static func isPlaceholder(inCodeOnly stripped: String, language: CodeLanguage) -> Bool {
        let standIns: Set<String> = ["pass", "...", "raise NotImplementedError", "raise NotImplementedError()", "todo!()", "unimplemented!()",
                                     "TODO()", "throw new UnsupportedOperationException()", "throw UnsupportedOperationException()",
                                     "throw new NotImplementedException()", "fatalError()", "panic()", "return"]
        for raw in stripped.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.allSatisfy({ "{}();".contains($0) }) || line == "end" { continue }
            if ImportLines.isImport(line, language: language) || line.hasPrefix("package ") || line.hasPrefix("using namespace ") { continue }
            if TopLevelItem.typeName(line) != nil && (line.hasSuffix("{") || line.hasSuffix(":") || !line.contains("=")) { continue }
            if FunctionSignature.first(in: line, language: language) != nil
                && (line.hasSuffix("{") || line.hasSuffix(":") || line.hasSuffix(")") || language.blockStyle == .endKeyword) { continue }
            var statement = Substring(line)
            while let last = statement.last, last == ";" || last == " " { statement = statement.dropLast() }
            if standIns.contains(String(statement)) { continue }
            return false
        }
        return true
    }

    /// Whether the line binds a name to a function expression (`const f = (s) => {`, `let g = function (x) {`,
    /// `h := func(x int) int {`): that name is a function, the candidate itself as often as not (HumanEval-X's
    /// JavaScript prompts write `const encrypt = (s) => {`), and it is not a local left unread.
    private static func definesFunction(_ line: Substring) -> Bool {
        guard let equals = line.firstIndex(of: "=") else { return false }
        let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        return value.contains("=>") || value.hasPrefix("function") || value.hasPrefix("async ") || value.hasPrefix("func(")
    }

    /// The name a line assigns, if it is one local's plain assignment or declaration: the left side of its
    /// first `=` (or Go's `:=`) holds only the name, optionally after declaration words and a type
    /// (`let mut x`, `final List<Integer> xs`, `std::string s`, `int[] a`) or before a Python annotation (`x: int`).
    /// Compound assignments (`+=`), comparisons, element or member targets (`a[i]`, `self.x`) and tuples are not.
    private static func assignedName(in line: Substring, language: CodeLanguage) -> Substring? {
        let characters = Array(line)
        var operatorAt: Int?
        var isGoDeclaration = false
        for i in characters.indices where characters[i] == "=" {
            let before: Character? = i > 0 ? characters[i - 1] : nil
            let after: Character? = i + 1 < characters.count ? characters[i + 1] : nil
            if after == "=" || after == ">" { return nil }   // ==, => (a comparison or an arrow first: no assignment)
            if before == ":" { operatorAt = i - 1; isGoDeclaration = true; break }
            if let before, "+-*/%&|^<>!~".contains(before) { return nil }
            operatorAt = i
            break
        }
        guard let operatorAt else { return nil }
        if isGoDeclaration && language.id != "go" { return nil }
        var left = String(characters[..<operatorAt])
        if language.blockStyle == .indentation, let colon = left.firstIndex(of: ":") { left = String(left[..<colon]) }   // x: int = …
        var angleDepth = 0
        for c in left {
            if c == "<" { angleDepth += 1 } else if c == ">" { angleDepth -= 1 }
            if c == "(" || c == "." || c == ")" || (c == "," && angleDepth == 0) { return nil }
        }
        if left.contains(where: { $0 == "[" }) && !left.contains("[]") { return nil }   // a[i] = …
        let words = identifiers(in: left)
        guard let name = words.last, left.trimmingCharacters(in: .whitespaces).hasSuffix(name) else { return nil }
        if name == "self" || name == "this" || name == "return" { return nil }
        return name
    }

    /// The identifiers of `text`, in order.
    static func identifiers(in text: some StringProtocol) -> [Substring] {
        let text = Substring(text)
        var result: [Substring] = []
        var start: Substring.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if c.isLetter || c == "_" || c == "$" || (start != nil && c.isNumber) {
                if start == nil { start = index }
            } else if let s = start {
                result.append(text[s..<index])
                start = nil
            }
            index = text.index(after: index)
        }
        if let s = start { result.append(text[s...]) }
        return result
    }

    /// The mean log-probability of the tokens that are code, not comment: a token whose non-blank characters
    /// lie mostly inside a comment is left out. `tokenTexts[i]` is the text of the token `logprobs[i]` belongs
    /// to; without them, or when every token is a comment, the mean of all tokens.
    static func codeMeanLogprob(tokenTexts: [String], logprobs: [Double], language: CodeLanguage) -> Double {
        let all = logprobs.isEmpty ? -10 : logprobs.reduce(0, +) / Double(logprobs.count)
        guard tokenTexts.count == logprobs.count else { return all }
        let kinds = CodeScanner.classify(tokenTexts.joined(), language: language)
        var sum = 0.0
        var count = 0
        var position = 0
        for (text, logprob) in zip(tokenTexts, logprobs) {
            let length = text.count
            let characters = kinds[min(position, kinds.count)..<min(position + length, kinds.count)]
            position += length
            let visible = characters.filter { !$0.character.isWhitespace }
            if !visible.isEmpty && visible.filter({ $0.kind == .comment }).count * 2 > visible.count { continue }
            sum += logprob
            count += 1
        }
        return count == 0 ? all : sum / Double(count)
    }
}
