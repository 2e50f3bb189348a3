import Foundation
import InfillLog
import Languages

/// Whether a candidate's code builds.
public struct BuildVerdict: Sendable, Equatable {
    /// The compiler (for Python, the parser and `PythonScopeCheck`) accepted the code.
    public var builds: Bool
    /// The compiler's messages as the model should read them (`ExampleReport.buildMessages`), prefixed
    /// "It does not compile:"; nil when it builds.
    public var failure: String?
    /// Every message of the compiler (up to `ExampleReport.allMessagesLimit`), each as `failure` shows it (the
    /// erring line quoted, then the message): what `excluding(_:)` compares. Empty when it builds, or when the
    /// output had no message to read.
    public var messages: [String]

    public init(builds: Bool, failure: String? = nil, messages: [String] = []) {
        self.builds = builds
        self.failure = failure
        self.messages = messages
    }

    /// This verdict without the messages `baseline` already had: `baseline` is the verdict of the file a candidate
    /// was built in, without the candidate (`DocumentCodeTask`: a translation built in a file whose rest already
    /// fails for reasons of its own), so the candidate is judged by the messages that are new. Messages compare
    /// with their numbers and spacing left out (`comparable`): the candidate moves the rest's lines, and some
    /// compilers quote a line with its number. It builds when no message is left; a failure whose messages could
    /// not be read stays a failure.
    public func excluding(_ baseline: BuildVerdict) -> BuildVerdict {
        guard !builds, !baseline.builds, !messages.isEmpty else { return self }
        let known = Set(baseline.messages.map(Self.comparable))
        let own = messages.filter { !known.contains(Self.comparable($0)) }
        guard !own.isEmpty else { return BuildVerdict(builds: true) }
        let heading = failure?.split(separator: "\n").first.map(String.init) ?? "It does not compile:"
        return BuildVerdict(builds: false, failure: ([heading] + own.prefix(ExampleReport.shownMessagesLimit)).joined(separator: "\n"),
                            messages: own)
    }

    /// Whether the compiler may have stopped before it read all of the code: one of the messages is a syntax
    /// error (Go, Python and javac check no types after one), a fatal error (a missing header) or the compiler's
    /// limit on errors; or there are more messages than a verdict keeps. Messages that are new after such a
    /// failure cannot be told apart from those it hid, so `excluding` is not worth asking.
    public var mayHideLaterMessages: Bool {
        guard !builds else { return false }
        if messages.isEmpty || messages.count >= ExampleReport.allMessagesLimit { return true }
        let stoppers = ["syntax error", "SyntaxError", "IndentationError", "fatal error", "too many errors", "only showing the first",
                        "expected", "reached end of file", "illegal start", "unterminated", "unexpected"]
        return messages.contains { message in stoppers.contains { message.localizedCaseInsensitiveContains($0) } }
    }

    /// `message` as it compares with another build's: digits dropped (line and column numbers) and runs of spaces
    /// made one.
    static func comparable(_ message: String) -> String {
        message.filter { !$0.isNumber }.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// What of a candidate the build check compiles.
public enum BuildScope: Sendable, Equatable {
    /// The definitions: the demo code answers end with (an entry point calling the function, Swift's calls at
    /// the top level) is left out (`LocalBuildChecker.withoutDemoCode`), as it is from what the user gets for a
    /// function or for a translation of definitions (`TranslationFit`).
    case definitions
    /// Everything, entry point and top-level statements included: the translation of a script (a source with an
    /// entry point or statements of its own), which keeps them (`TranslationFit`), so a mistake there must count.
    case wholeProgram
}

/// Checks that candidates build, without running them. Unlike `ExampleRunner`, this never executes
/// generated code: the compiler reads it and nothing it produces is run, so it is on by default
/// (`CodeTaskOptions.buildCheck`, setting `taskBuildCheck`), while running examples waits for `allowRunningCode`.
public protocol BuildChecker: Sendable {
    /// Whether `scope` of `code` (in `language`) builds; nil when it cannot be checked here (a language without
    /// a compile step, or its compiler not installed).
    func check(code: String, language: CodeLanguage, scope: BuildScope) -> BuildVerdict?
    /// The verdicts of several candidates, in order.
    func check(codes: [String], language: CodeLanguage, scope: BuildScope) -> [BuildVerdict?]
}

extension BuildChecker {
    public func check(codes: [String], language: CodeLanguage, scope: BuildScope) -> [BuildVerdict?] {
        codes.map { check(code: $0, language: language, scope: scope) }
    }

    /// Whether the definitions of `code` build (`BuildScope.definitions`).
    public func check(code: String, language: CodeLanguage) -> BuildVerdict? {
        check(code: code, language: language, scope: .definitions)
    }

    /// Whether the definitions of each of `codes` build (`BuildScope.definitions`), in order.
    public func check(codes: [String], language: CodeLanguage) -> [BuildVerdict?] {
        check(codes: codes, language: language, scope: .definitions)
    }
}

/// Builds a candidate with the language's own compiler, as its example harness would (the same headers,
/// wrapper class or package, and the Go import retry), in a fresh temporary directory with a time limit:
/// C++ with `-fsyntax-only`, Java with javac, Go with `go build`, Rust with `rustc --emit=metadata` and Swift with
/// `swiftc -typecheck`, a candidate alone, as a library (a script's translation, `BuildScope.wholeProgram`, as the
/// main file: its top-level statements are the program). Python, which has no compiler to ask, is
/// read by its own parser and a scope check (`PythonScopeCheck`). JavaScript is not checked: `node --check`
/// parses only, and a parse check found nothing the bracket and block checks had not (C++→Python, 41 tasks,
/// docs/translate-and-write.md).
public struct LocalBuildChecker: BuildChecker {
    /// Seconds each compiler command may take.
    public var timeoutSeconds: Double

    public init(timeoutSeconds: Double = 30) {
        self.timeoutSeconds = timeoutSeconds
    }

    public func check(code: String, language: CodeLanguage, scope: BuildScope) -> BuildVerdict? {
        guard let (harness, tools) = LocalExampleRunner.tools(for: language) else { return nil }
        let program: ExampleProgram
        let commands: (ExampleProgram) -> [[String]]
        switch scope {
        case .wholeProgram where language.id == "swift":
            // The harness's program is a library with an `@main` of its own, which refuses top-level statements.
            program = SwiftExampleHarness.scriptProgram(code: code, tools: tools)
            commands = { $0.build }
        case .wholeProgram:
            // The C++ and Go harnesses rename the candidate's `main`, which is then checked as any function.
            program = harness.program(code: code, examples: [], tools: tools)
            commands = harness.checkOnly
        case .definitions:
            program = harness.program(code: Self.withoutDemoCode(code, language: language), examples: [], tools: tools)
            commands = harness.checkOnly
        }
        guard !commands(program).isEmpty else { return nil }
        return ProgramBuild.inTemporaryDirectory { directory -> BuildVerdict? in
            switch ProgramBuild.run(program, harness: harness, in: directory, timeoutSeconds: timeoutSeconds, commands: commands) {
            case .built: return BuildVerdict(builds: true)
            case .timedOut, .unavailable: return nil   // a slow machine says nothing about the code
            case .failed(let output, let failed):
                Logger.shared.debug("tasks", "a \(language.name) candidate does not build: \(output.suffix(300))")
                return BuildVerdict(builds: false, failure: ProgramBuild.failureText(output, program: failed, heading: harness.checkFailureHeading),
                                    messages: ExampleReport.buildMessages(output, files: failed.files, limit: ExampleReport.allMessagesLimit))
            }
        } ?? nil
    }

    /// `code` without the demo code answers end with, which is not the function that goes into the user's file:
    /// its entry point (a `main` calling the function with the docstring's example, spelled the docstring's way,
    /// `F([], 'a')` in Go, which does not build while the function does), and in Swift the calls at the top
    /// level (`print(size([1, 2]))`), which a library file refuses. Swift's top-level declarations
    /// (`let sample = [1, 2]`, `typealias`) stay: the function may use them.
    static func withoutDemoCode(_ code: String, language: CodeLanguage) -> String {
        let items = TopLevelItem.split(code, language: language)
        let kept = items.filter { item in
            switch item.kind {
            case .entryPoint: return false
            case .statement where language.id == "swift": return isSwiftDeclaration(item)
            default: return true
            }
        }
        guard kept.count < items.count else { return code }
        return kept.map(\.text).joined(separator: "\n\n") + "\n"
    }

    /// Whether a Swift top-level statement declares something (`let`, `var`, `typealias`, with their modifiers).
    private static func isSwiftDeclaration(_ item: TopLevelItem) -> Bool {
        guard let first = item.codeLines.first?.trimmingCharacters(in: .whitespaces) else { return true }
        let declarations = ["let ", "var ", "typealias ", "private ", "fileprivate ", "public ", "internal ", "static ", "@"]
        return declarations.contains { first.hasPrefix($0) }
    }

    /// The verdicts of several candidates, their compilers run side by side (`SideBySide`).
    public func check(codes: [String], language: CodeLanguage, scope: BuildScope) -> [BuildVerdict?] {
        SideBySide.map(codes) { check(code: $0, language: language, scope: scope) }.map { $0 ?? nil }
    }
}
