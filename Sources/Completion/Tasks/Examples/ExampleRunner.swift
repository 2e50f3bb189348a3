import Foundation
import InfillLog
import Languages

/// How many of the examples a candidate satisfied.
public struct ExampleVerdict: Sendable, Equatable {
    /// Examples whose value was the expected one.
    public var held: Int
    /// Examples run (those `ExampleExtraction.judgeable` keeps for the language).
    public var total: Int
    /// Whether every example held.
    public var allHold: Bool { held == total }
    /// What went wrong, for the model to read (a repair prompt, `TaskPrompts.repair`): the compiler's
    /// messages when the code did not build, else a line per example that did not hold (its value, or that
    /// the run stopped before it); nil when every example held or nothing was said.
    public var failure: String?

    public init(held: Int, total: Int, failure: String? = nil) {
        self.held = held
        self.total = total
        self.failure = failure
    }
}

/// Runs a candidate against examples. Only called when the user turned on `allowRunningCode`.
public protocol ExampleRunner: Sendable {
    /// How many examples `code` (in `language`) satisfies, each checked on its own (one that throws does not
    /// stop the others); none when the code does not build or does not finish in time; nil when it cannot
    /// be judged here (no harness or no tool for the language, or no example the language can run).
    func check(code: String, examples: [CodeExample], language: CodeLanguage) -> ExampleVerdict?
    /// The verdicts of several candidates against the same examples, in order.
    func check(codes: [String], examples: [CodeExample], language: CodeLanguage) -> [ExampleVerdict?]
}

extension ExampleRunner {
    /// One candidate after another.
    public func check(codes: [String], examples: [CodeExample], language: CodeLanguage) -> [ExampleVerdict?] {
        codes.map { check(code: $0, examples: examples, language: language) }
    }

    /// Whether `code` satisfies every example (nil: cannot be judged here).
    public func passes(code: String, examples: [CodeExample], language: CodeLanguage) -> Bool? {
        check(code: code, examples: examples, language: language)?.allHold
    }
}

/// What a harness (one per language, `ExampleHarnesses`) writes and runs to check examples.
struct ExampleProgram: Sendable {
    /// File name → contents, written into a fresh temporary directory.
    var files: [String: String]
    /// Commands that build the program (compilers), run in order; each must succeed.
    var build: [[String]] = []
    /// The command that runs the checks. It prints one line per example (see `ExampleReport`).
    var run: [String]
    /// Extra environment of every command.
    var environment: [String: String] = [:]
}

/// One language's way of running examples: the tools it needs and the program it writes.
protocol ExampleHarness: Sendable {
    /// The tools, each as alternatives (`["g++", "clang++"]`: the first installed is used).
    var tools: [[String]] { get }
    /// The program that checks `examples` against `code`, given the paths of the tools found.
    func program(code: String, examples: [CodeExample], tools: [String]) -> ExampleProgram
    /// A corrected program after a failed build (Go refuses unused imports), or nil.
    func retry(_ program: ExampleProgram, buildOutput: String) -> ExampleProgram?
    /// The commands that check `program` builds without making anything to run (`LocalBuildChecker`);
    /// none for a language without a compile step.
    func checkOnly(_ program: ExampleProgram) -> [[String]]
    /// The line before the messages of a failed `checkOnly` in a repair prompt.
    var checkFailureHeading: String { get }
}

extension ExampleHarness {
    func retry(_ program: ExampleProgram, buildOutput: String) -> ExampleProgram? { nil }
    func checkOnly(_ program: ExampleProgram) -> [[String]] { program.build }
    var checkFailureHeading: String { "It does not compile:" }
}

/// The harness of each language with one: Python, JavaScript, C++, Java, Go, Rust and Swift.
enum ExampleHarnesses {
    static func harness(for language: CodeLanguage) -> ExampleHarness? {
        switch language.id {
        case "python": return PythonExampleHarness()
        case "javascript": return JavaScriptExampleHarness()
        case "cpp": return CppExampleHarness()
        case "java": return JavaExampleHarness()
        case "go": return GoExampleHarness()
        case "rust": return RustExampleHarness()
        case "swift": return SwiftExampleHarness()
        default: return nil
        }
    }
}

/// The lines a check program prints, one per example: `INFILL-EXAMPLE <i> PASS` when the language's own
/// comparison says the value is the expected one, else `INFILL-EXAMPLE <i> VALUE <printed value>`, which
/// passes when it reads the same as the expected text (`ExampleLiteral.normalized`): a docstring's
/// `['a', 'b']` matches a printed `["a","b"]`.
enum ExampleReport {
    static let marker = "INFILL-EXAMPLE"

    /// How many examples `output` reports as holding.
    static func heldCount(_ output: String, examples: [CodeExample]) -> Int {
        let (passed, values) = reports(output, examples: examples)
        return examples.indices.filter { i in passed.contains(i) || values[i].map { holds($0, examples[i]) } == true }.count
    }

    /// The examples `output` reports as passing, and the printed value of those it reports with one.
    static func reports(_ output: String, examples: [CodeExample]) -> (passed: Set<Int>, values: [Int: String]) {
        var passed: Set<Int> = []
        var values: [Int: String] = [:]
        for line in output.split(whereSeparator: \.isNewline) where line.hasPrefix(marker + " ") {
            let parts = line.dropFirst(marker.count + 1).split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count >= 2, let index = Int(parts[0]), examples.indices.contains(index) else { continue }
            if parts[1] == "PASS" {
                passed.insert(index)
            } else if parts[1] == "VALUE", parts.count == 3 {
                values[index] = String(parts[2])
            }
        }
        return (passed, values)
    }

    /// Whether a printed `value` reads as `example`'s expected one (an assertion's value never does).
    static func holds(_ value: String, _ example: CodeExample) -> Bool {
        !example.expected.isEmpty && ExampleLiteral.normalized(value) == ExampleLiteral.normalized(example.expected)
    }

    /// One line for each example `output` does not report as holding: the value it had, or that the
    /// run ended before it (a crash, the time limit).
    static func failures(_ output: String, examples: [CodeExample]) -> [String] {
        let (passed, values) = reports(output, examples: examples)
        var lines: [String] = []
        for (i, example) in examples.enumerated() where !passed.contains(i) {
            let expression = "`\(example.expression)`"
            if let value = values[i] {
                if holds(value, example) { continue }
                let shown = value.count > 200 ? String(value.prefix(200)) + "…" : value
                lines.append(example.expected.isEmpty ? "\(expression) is false" : "\(expression) gave `\(shown)`; expected `\(example.expected)`")
            } else {
                lines.append("the program stopped before \(expression) finished (it crashed or ran too long)")
            }
        }
        // What the program said when it stopped (a syntax error, an uncaught exception), its last lines; the
        // lines naming the temporary files, stack frames and node's version line left out.
        let said = output.split(whereSeparator: \.isNewline).filter { line in
            !line.hasPrefix(marker + " ") && line.contains(where: { !$0.isWhitespace }) && !line.contains("infill-examples-")
                && !line.hasPrefix("    at ") && !line.hasPrefix("Node.js v") && !isStackFrame(line)
        }
        if values.count + passed.count < examples.count, !said.isEmpty {
            let tail = said.suffix(4).map { $0.count > 200 ? $0.prefix(200) + "…" : $0 }.joined(separator: "\n")
            lines.append("its output ended with:\n" + tail)
        }
        return lines
    }

    /// A line of a native stack trace (Swift's runtime: `8    libc.so.6    0x00007f… <unavailable> + 160330`).
    static func isStackFrame<S: StringProtocol>(_ line: S) -> Bool {
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        return words.count >= 3 && words[0].allSatisfy(\.isNumber) && words.contains { $0.hasPrefix("0x") }
    }

    /// How many of a compiler's messages a failure shows (the model reads them in a repair round, the user in a caveat).
    static let shownMessagesLimit = 8
    /// How many of a compiler's messages a verdict keeps for comparing builds (`BuildVerdict.excluding`).
    static let allMessagesLimit = 200

    /// A compiler's output as the model should read it: the first `limit` lines that say something, the
    /// temporary directory's paths and the build tool's own summary lines left out. A message located in one
    /// of the program's `files` quotes that line of code instead of its number (the numbers are the check
    /// program's, not the candidate's own).
    static func buildMessages(_ output: String, files: [String: String] = [:], limit: Int = shownMessagesLimit) -> [String] {
        let lines = output.split(whereSeparator: \.isNewline).map(String.init).filter { line in
            !line.hasPrefix("# ") && !line.hasPrefix("FAIL") && !line.contains("infill-examples-") && !line.contains(" error generated")
                && !line.contains(" errors generated") && line.contains(where: { !$0.isWhitespace })
        }
        let fileLines = files.mapValues { $0.split(separator: "\n", omittingEmptySubsequences: false) }
        return lines.prefix(limit).map { line in
            var message = line
            if let located = located(line) {
                message = located.message
                if let text = fileLines[located.file], text.indices.contains(located.line - 1) {
                    let code = text[located.line - 1].trimmingCharacters(in: .whitespaces)
                    if !code.isEmpty { message = "`\(code)`: \(message)" }
                }
            }
            return message.count > 240 ? String(message.prefix(240)) + "…" : message
        }
    }

    /// The file, 1-based line and message of a compiler's `file.ext:LINE[:COLUMN]: message` line (paths
    /// `./` or `/…/` before the file name dropped); nil for any other line.
    static func located(_ line: String) -> (file: String, line: Int, message: String)? {
        let parts = line.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3, let number = Int(parts[1]) else { return nil }
        let file = String(parts[0].split(separator: "/").last ?? "")
        guard file.contains("."), !file.contains(" ") else { return nil }
        var rest = parts.dropFirst(2)
        if let column = rest.first, !column.isEmpty, column.allSatisfy(\.isNumber) { rest = rest.dropFirst() }
        return (file, number, rest.joined(separator: ":").trimmingCharacters(in: .whitespaces))
    }
}

/// Runs examples with the language's own tools when they are installed (python3, node, g++ or clang++,
/// javac and java, go, rustc, swiftc), each candidate in a fresh temporary directory (deleted afterwards), every command
/// in its own process group killed at its time limit, its output capped.
public struct LocalExampleRunner: ExampleRunner {
    /// Seconds the checks may run.
    public var timeoutSeconds: Double
    /// Seconds each build command (a compiler) may take.
    public var buildTimeoutSeconds: Double

    public init(timeoutSeconds: Double = 5, buildTimeoutSeconds: Double = 60) {
        self.timeoutSeconds = timeoutSeconds
        self.buildTimeoutSeconds = buildTimeoutSeconds
    }

    /// Why `language`'s examples cannot be run here (no harness, or the tool that is not installed); nil when they can.
    public static func missingTool(for language: CodeLanguage) -> String? {
        guard let harness = ExampleHarnesses.harness(for: language) else { return "no example harness for \(language.name)" }
        for alternatives in harness.tools where TimedProcess.findTool(alternatives) == nil {
            return "\(alternatives.joined(separator: " or ")) is not installed"
        }
        return nil
    }

    /// The paths of the tools `language` needs, or nil (with the reason) when it has no harness or a tool is missing.
    static func tools(for language: CodeLanguage) -> (ExampleHarness, [String])? {
        guard let harness = ExampleHarnesses.harness(for: language) else {
            Logger.shared.debug("tasks", "no example harness for \(language.name): its examples are not run")
            return nil
        }
        var found: [String] = []
        for alternatives in harness.tools {
            guard let path = TimedProcess.findTool(alternatives) else {
                Logger.shared.debug("tasks", "\(alternatives.joined(separator: " or ")) is not installed: \(language.name) examples are not run")
                return nil
            }
            found.append(path)
        }
        return (harness, found)
    }

    public func check(code: String, examples all: [CodeExample], language: CodeLanguage) -> ExampleVerdict? {
        let examples = ExampleExtraction.judgeable(all, in: language)
        guard !examples.isEmpty, let (harness, tools) = Self.tools(for: language) else { return nil }
        let none = ExampleVerdict(held: 0, total: examples.count)
        let verdict = ProgramBuild.inTemporaryDirectory { directory -> ExampleVerdict in
            let program = harness.program(code: code, examples: examples, tools: tools)
            switch ProgramBuild.run(program, harness: harness, in: directory, timeoutSeconds: buildTimeoutSeconds, commands: \.build) {
            case .unavailable:
                return none
            case .timedOut:
                return ExampleVerdict(held: 0, total: examples.count,
                                      failure: ProgramBuild.failureText("timed out after \(buildTimeoutSeconds) s", program: program))
            case .failed(let output, let failed):
                Logger.shared.debug("tasks", "a \(language.name) candidate does not build: \(output.suffix(300))")
                return ExampleVerdict(held: 0, total: examples.count, failure: ProgramBuild.failureText(output, program: failed))
            case .built(let built):
                let outcome = TimedProcess(arguments: built.run, directory: directory.path, environment: built.environment,
                                           timeoutSeconds: timeoutSeconds).run()
                if outcome.timedOut { Logger.shared.debug("tasks", "\(language.name) examples timed out after \(timeoutSeconds) s") }
                // A run that timed out or crashed still counts the examples it reported before.
                let failures = ExampleReport.failures(outcome.output, examples: examples)
                return ExampleVerdict(held: ExampleReport.heldCount(outcome.output, examples: examples), total: examples.count,
                                      failure: failures.isEmpty ? nil : (["These examples do not hold:"] + failures.map { "- " + $0 }).joined(separator: "\n"))
            }
        }
        return verdict ?? none
    }

    /// The verdicts of several candidates, each built and run in its own directory, side by side
    /// (`SideBySide`): a task's four C++ or Java candidates take about the time of one or two.
    public func check(codes: [String], examples: [CodeExample], language: CodeLanguage) -> [ExampleVerdict?] {
        SideBySide.map(codes) { check(code: $0, examples: examples, language: language) }.map { $0 ?? nil }
    }
}
