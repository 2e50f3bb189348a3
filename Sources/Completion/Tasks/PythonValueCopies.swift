import Languages

/// A Python translation that appends a list to a list where the source copied it. C++'s `push_back` of a
/// `vector` and Swift's `append` of an array store a copy; Python's `append` stores the same object, so a later
/// change made in place through either name shows in both. HumanEval-X C++→Python `get_max_triples`: the source
/// keeps running counts as `sum.push_back(sum[sum.size()-1]); sum[i][a[i-1]] += 1;`, and every one of the 1.5B's
/// candidates wrote `sum.append(sum[-1])`: each row is the same list, every count lands in all of them, and
/// `get_max_triples(5)` is 35 instead of 1.
///
/// The mend appends a copy (`sum.append(sum[-1].copy())`), which is what the source did, and only where sharing
/// can change an answer, read on the code without strings and comments, one function at a time:
/// - `a.append(b[…])` (one subscript of a plain name) when the elements of `b` or of `a` are changed in place
///   somewhere in the function (`b[i][j] = …`, `b[i][j] += …`, `b[i].append(…)`);
/// - `a.append(n)` when `n` is changed in place (`n.append(…)`, `n.pop()`, `n[i] = …`, …), except where the object
///   appended can no longer change through `n`: the next statement binds `n` anew (`out.append(row)` then
///   `row = []`), or `n` was bound anew before the append, in the same loop, and every change to it since that
///   binding comes before the append (`row = []`, `row.append(x)`, `out.append(row)` at each turn; outside loops,
///   `nums.sort()` then `out.append(nums)` with no change after).
/// Anything else (`+=` on a name, which may be a number or a string; attributes such as `self.rows`; an append
/// spread over lines) is left as written. `.copy()` is the method every mutable built-in container has (list,
/// dict, set, bytearray, deque), and it copies one level: a `vector<vector<…>>` pushed whole into a third level
/// would still share its rows (rare in a function's translation; not mended).
///
/// Only in translations from languages whose arrays are values (C++, Swift). From Java, JavaScript, Go (slices),
/// C#, Kotlin, Ruby or PHP the source shares the object too, and the translation behaves as the source does.
enum PythonValueCopies {
    /// The source languages whose appended arrays are copies.
    static let sourcesWithValueArrays: Set<String> = ["cpp", "swift"]

    /// The methods of Python's built-in containers that change the container in place.
    static let changingMethods: Set<String> = ["append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse",
                                               "update", "add", "discard", "setdefault", "popitem", "appendleft", "popleft"]

    /// `code` (Python) with the appends that share what the source copied made copies, when translated from
    /// `source`; unchanged otherwise.
    static func fixed(_ code: String, translatedFrom source: CodeLanguage?) -> String {
        guard let source, sourcesWithValueArrays.contains(source.id), code.contains(".append("),
              let python = CodeLanguage.named("python"), let file = PythonFunctions(code) else { return code }
        let tokens = PythonCharacterCodes.Token.scan(code, language: python)
        var tokensOfLine: [Int: [PythonCharacterCodes.Token]] = [:]
        var line = 0
        for token in tokens {
            while line < file.lines.count - 1 && token.start > file.lines[line].upperBound { line += 1 }
            tokensOfLine[line, default: []].append(token)
        }
        var edits: [(range: Range<Int>, text: String)] = []
        for function in file.functions {
            let body = BodyStatements(lines: function.bodyLines, tokensOfLine: tokensOfLine, file: file)
            edits += body.copyEdits()
        }
        guard !edits.isEmpty else { return code }
        return file.applying(edits)
    }

    /// One function's body as statements of tokens, and what it does to each name.
    private struct BodyStatements {
        typealias Token = PythonCharacterCodes.Token
        /// The tokens and the indentation of each of the body's lines, in order (a line's position in them is the
        /// position the other properties name).
        let tokens: [[Token]]
        let indentations: [Int]
        /// Positions where a name's container is changed in place, and where its elements are.
        var changed: [String: [Int]] = [:]
        var elementsChanged: Set<String> = []
        /// Positions where a name is bound anew (`n = …`, `n: T = …`, `for n in …`).
        var bound: [String: [Int]] = [:]

        init(lines bodyLines: [Int], tokensOfLine: [Int: [Token]], file: PythonFunctions) {
            tokens = bodyLines.map { tokensOfLine[$0] ?? [] }
            indentations = bodyLines.map { PythonFunctions.indentation(of: String(file.masked[file.lines[$0]])) }
            for (position, statement) in tokens.enumerated() {
                record(statement, at: position)
            }
        }

        private mutating func record(_ statement: [Token], at position: Int) {
            if statement.count >= 2, statement[0].kind == .name, statement[1].text == "=" {
                bound[statement[0].text, default: []].append(position)
            } else if statement.count >= 3, statement[0].kind == .name, statement[1].text == ":",
                      statement.contains(where: { $0.text == "=" }) {
                bound[statement[0].text, default: []].append(position)
            } else if statement.first?.text == "for" {
                for token in statement.dropFirst().prefix(while: { $0.text != "in" }) where token.kind == .name {
                    bound[token.text, default: []].append(position)
                }
            }
            for (index, token) in statement.enumerated() where token.kind == .name {
                if index > 0 && statement[index - 1].text == "." { continue }   // an attribute: `self.rows`
                var next = index + 1
                var subscripts = 0
                while next < statement.count, statement[next].text == "[", let close = statement.closingBracket(of: next) {
                    subscripts += 1
                    next = close + 1
                }
                let isMethodChange = next + 2 < statement.count && statement[next].text == "." && statement[next + 2].text == "("
                    && Self.isChangingMethod(statement[next + 1])
                let isAssignment = subscripts > 0 && Self.isAssignment(statement, from: next)
                if subscripts == 0 && isMethodChange || subscripts == 1 && isAssignment {
                    changed[token.text, default: []].append(position)
                } else if subscripts >= 1 && isMethodChange || subscripts >= 2 && isAssignment {
                    elementsChanged.insert(token.text)
                }
            }
        }

        private static func isChangingMethod(_ token: Token) -> Bool {
            token.kind == .name && PythonValueCopies.changingMethods.contains(token.text)
        }

        /// Whether the tokens from `start` are an assignment's operator: `=`, or `+` `=`, `/` `/` `=` and the like.
        private static func isAssignment(_ statement: [Token], from start: Int) -> Bool {
            var index = start
            while index < statement.count, ["+", "-", "*", "/", "%", "&", "|", "^", "@"].contains(statement[index].text) { index += 1 }
            return index < statement.count && statement[index].text == "=" && index - start <= 2
        }

        /// The `.copy()` edits of the body's appends that share what the source copied.
        func copyEdits() -> [(range: Range<Int>, text: String)] {
            var edits: [(range: Range<Int>, text: String)] = []
            for (position, statement) in tokens.enumerated() {
                // `a . append ( argument… )`: the whole statement.
                guard statement.count >= 6, statement[0].kind == .name, statement[1].text == ".", statement[2].text == "append",
                      statement[3].text == "(", statement.closingBracket(of: 3) == statement.count - 1 else { continue }
                let target = statement[0].text
                let argument = Array(statement[4..<(statement.count - 1)])
                guard let name = argument.first, name.kind == .name, let last = argument.last else { continue }
                let shares: Bool
                if argument.count == 1 {
                    shares = sharesChangingName(name.text, appendedAt: position)
                } else if argument[1].text == "[", argument.closingBracket(of: 1) == argument.count - 1 {
                    shares = elementsChanged.contains(name.text) || elementsChanged.contains(target)
                } else {
                    shares = false
                }
                if shares { edits.append((last.end..<last.end, ".copy()")) }
            }
            return edits
        }

        /// Whether the object `name` holds when it is appended at `position` can still be changed through `name`.
        private func sharesChangingName(_ name: String, appendedAt position: Int) -> Bool {
            guard let changes = changed[name], !changes.isEmpty else { return false }
            let bindings = bound[name] ?? []
            if let next = (position + 1..<tokens.count).first(where: { !tokens[$0].isEmpty }),
               indentations[next] == indentations[position], bindings.contains(next) {
                return false   // `out.append(row)` then `row = []`
            }
            // Bound anew in the same loop (or, outside loops, since the function began: -1), and changed only between
            // that binding and the append, or before the loop.
            let binding = bindings.last(where: { $0 < position }) ?? -1
            let loop = innermostLoop(of: position)
            let bindingLoop = binding < 0 ? nil : innermostLoop(of: binding)
            return !(bindingLoop == loop && changes.allSatisfy({ binding < $0 && $0 < position || $0 < (loop ?? binding) }))
        }

        /// The position of the `for` or `while` line whose body holds `position` most closely; nil outside loops.
        private func innermostLoop(of position: Int) -> Int? {
            var indentation = indentations[position]
            for earlier in stride(from: position - 1, through: 0, by: -1) where !tokens[earlier].isEmpty && indentations[earlier] < indentation {
                if let first = tokens[earlier].first?.text, first == "for" || first == "while" { return earlier }
                indentation = indentations[earlier]
            }
            return nil
        }
    }
}
