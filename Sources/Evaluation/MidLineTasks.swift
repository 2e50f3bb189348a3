import Decoding
import Languages

/// Fill-in-the-middle tasks whose hole starts and ends inside a line (issue 17), derived from HumanEval's
/// canonical solutions: HumanEval-Infilling's single-line tasks hold each problem's whole program
/// (prompt + canonical line + suffix) and, between them, mark every line of the solution. From those lines
/// spans are cut at the places a cursor sits while typing: inside brackets and argument lists, a header's
/// condition, after an operator, inside a string, a comprehension's iterable. The reference is the original
/// text, so the dataset's tests pass with it; the choice is deterministic for a seed.
public enum MidLineTasks {
    /// The seed of the published figures (change it only to check that a result is not one draw's luck).
    public static let defaultSeed: UInt64 = 0x1D_17

    /// Where a span was cut, for reports (`taskID` names it).
    public enum Kind: String, Sendable, CaseIterable {
        /// The whole inside of a bracket pair: `len(|)`, `x = [|]`, `d[|]`.
        case brackets
        /// One argument of several: `foo(|, b)`.
        case argument
        /// The condition of `if`, `elif`, `while` or the iterable of `for`: `if |:`, `for i in range(|):`.
        case header
        /// The right operand of an operator, up to a delimiter: `a + |)`.
        case operand
        /// The text of a string literal: `"|"`.
        case string
    }

    /// At most this many tasks per problem, each of a different kind when there is a choice.
    public static let tasksPerProblem = 2
    /// Spans longer than this many characters are left out (a typing cursor fills a short gap).
    public static let maximumSpanLength = 48

    /// Tasks derived from the single-line infilling tasks in file order.
    /// - Parameter seed: picks the spans of each problem.
    public static func derive(fromSingleLine singleLine: [EvalTask], seed: UInt64 = defaultSeed) -> [EvalTask] {
        var problems: [(key: String, first: EvalTask, lines: Set<Int>)] = []
        var positions: [String: Int] = [:]
        for task in singleLine {
            let key = problemKey(task.taskID)
            let line = task.prompt.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
            if let at = positions[key] {
                problems[at].lines.insert(line)
            } else {
                positions[key] = problems.count
                problems.append((key, task, [line]))
            }
        }
        var generator = SeededGenerator(seed: seed)
        var tasks: [EvalTask] = []
        for problem in problems {
            let program = problem.first.prompt + problem.first.canonicalSolution + problem.first.suffix
            let lines = program.split(separator: "\n", omittingEmptySubsequences: false)
            var offset = 0
            var spans: [(span: Span, lineStart: Int, line: Int)] = []
            for (index, line) in lines.enumerated() {
                if problem.lines.contains(index) {
                    for span in Self.spans(in: String(line)) { spans.append((span, offset, index)) }
                }
                offset += line.count + 1
            }
            // A shuffle by the seed, then the first span of each kind, up to the per-problem count.
            for i in spans.indices.reversed() where i > 0 {
                spans.swapAt(i, Int(generator.next() % UInt64(i + 1)))
            }
            var kinds = Set<Kind>()
            var chosen: [(span: Span, lineStart: Int, line: Int)] = []
            for item in spans where chosen.count < tasksPerProblem && !kinds.contains(item.span.kind) {
                kinds.insert(item.span.kind)
                chosen.append(item)
            }
            for item in chosen.sorted(by: { ($0.line, $0.span.start) < ($1.line, $1.span.start) }) {
                let characters = Array(program)
                let start = item.lineStart + item.span.start, end = item.lineStart + item.span.end
                tasks.append(EvalTask(
                    taskID: "MidLine/\(problem.key)/\(item.span.kind.rawValue)/L\(item.line)C\(item.span.start)",
                    entryPoint: problem.first.entryPoint, prompt: String(characters[..<start]),
                    suffix: String(characters[end...]), canonicalSolution: String(characters[start..<end]),
                    test: problem.first.test, index: tasks.count))
            }
        }
        return tasks
    }

    /// `SingleLineInfilling/HumanEval/0/L3` → `HumanEval/0`: the problem a task belongs to.
    public static func problemKey(_ taskID: String) -> String {
        let parts = taskID.split(separator: "/")
        return parts.count >= 3 ? parts[1] + "/" + parts[2] : taskID
    }

    /// A span of one line, in characters: `start..<end`.
    struct Span: Equatable {
        var start: Int
        var end: Int
        var kind: Kind
    }

    /// Every span of `line` worth a task: non-blank, at most `maximumSpanLength` characters, with code before
    /// it and after it on the line.
    static func spans(in line: String) -> [Span] {
        let characters = Array(line)
        let syntax = Python().syntax
        var scanner = SyntaxScanner(syntax: syntax)
        // Code positions: bracket pairs, string literals, and top-level commas inside brackets.
        var open: [(index: Int, character: Character)] = []
        var spans: [Span] = []
        var commas: [Int: [Int]] = [:]     // opener index → comma indices directly inside it
        var i = 0
        while i < characters.count {
            let before = scanner.state.frames
            let step = scanner.step(characters, at: i)
            let after = scanner.state.frames
            if scanner.state.isInComment { break }
            if after.count > before.count {
                open.append((i, characters[i]))
            } else if after.count < before.count, let opener = open.popLast() {
                if case .string(_, let triple, _)? = before.last {
                    let contentStart = opener.index + (triple ? 3 : 1)
                    spans.append(Span(start: contentStart, end: i, kind: .string))
                } else if "([{".contains(opener.character) {
                    spans.append(Span(start: opener.index + 1, end: i, kind: .brackets))
                    let separators = [opener.index] + (commas[opener.index] ?? []) + [i]
                    if separators.count > 2 {
                        for k in 0..<(separators.count - 1) {
                            var from = separators[k] + 1
                            while from < separators[k + 1], characters[from] == " " { from += 1 }
                            spans.append(Span(start: from, end: separators[k + 1], kind: .argument))
                        }
                    }
                }
            } else if characters[i] == ",", let top = open.last, "([{".contains(top.character), before.count == after.count,
                      case .bracket? = before.last {
                commas[top.index, default: []].append(i)
            }
            i = step.next
        }
        spans += headerSpans(characters) + operandSpans(characters)
        return spans.filter { span in
            guard span.start < span.end, span.end - span.start <= maximumSpanLength else { return false }
            let text = characters[span.start..<span.end]
            return text.contains { !$0.isWhitespace }
                && characters[..<span.start].contains { !$0.isWhitespace }
                && characters[span.end...].contains { !$0.isWhitespace }
        }
    }

    /// `if |:`, `elif |:`, `while |:` and the iterable of `for … in |:`.
    private static func headerSpans(_ characters: [Character]) -> [Span] {
        let line = String(characters)
        let code = line.drop { $0 == " " || $0 == "\t" }
        let indent = line.count - code.count
        guard code.hasSuffix(":") else { return [] }
        let end = characters.count - 1
        for keyword in ["if ", "elif ", "while "] where code.hasPrefix(keyword) {
            return [Span(start: indent + keyword.count, end: end, kind: .header)]
        }
        if code.hasPrefix("for "), let range = line.range(of: " in ") {
            return [Span(start: line.distance(from: line.startIndex, to: range.upperBound), end: end, kind: .header)]
        }
        return []
    }

    /// The right operand of a binary operator at bracket depth 0 of its own expression, up to the next `)`,
    /// `]`, `}`, `,` or `:` that closes or separates it.
    private static func operandSpans(_ characters: [Character]) -> [Span] {
        let operators = [" + ", " - ", " * ", " / ", " // ", " % ", " == ", " != ", " < ", " > ", " <= ", " >= ", " and ", " or "]
        let line = String(characters)
        var spans: [Span] = []
        for op in operators {
            var searchStart = line.startIndex
            while let range = line.range(of: op, range: searchStart..<line.endIndex) {
                let start = line.distance(from: line.startIndex, to: range.upperBound)
                var depth = 0
                var j = start
                var quote: Character?
                scan: while j < characters.count {
                    let c = characters[j]
                    if let q = quote {
                        if c == q { quote = nil }
                    } else if c == "\"" || c == "'" {
                        quote = c
                    } else if "([{".contains(c) {
                        depth += 1
                    } else if ")]}".contains(c) {
                        if depth == 0 { break scan }
                        depth -= 1
                    } else if (c == "," || c == ":" || c == "#") && depth == 0 {
                        break scan
                    }
                    j += 1
                }
                if j < characters.count && characters[j] != "#" { spans.append(Span(start: start, end: j, kind: .operand)) }
                searchStart = range.upperBound
            }
        }
        return spans
    }
}
