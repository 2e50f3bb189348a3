import Completion
import Evaluation
import Foundation
import Languages

/// Judges a translation of a HumanEval-X Python task into a language HumanEval-X lacks (Rust, Swift) by that
/// task's own tests: each `assert f(…) == value` of the Python `check` becomes an example (the call renamed in
/// the target's style) and runs through the daemon's example harness for the language (`RustExampleHarness`:
/// arguments spelled for the translation's parameter types, the value compared as `Debug` text;
/// `SwiftExampleHarness`: Swift's literals with the argument labels, the value as `String(reflecting:)`; a float
/// within 1e-6 in both). The asserts a harness cannot spell (a loop variable for an argument,
/// `abs(f(x) - 1.5) < 1e-6`, a dict) are left out, so a task is judged on part of its tests or, with none left,
/// not judged at all (failed for every variant alike); each record says how many asserts ran of how many.
///
/// The harness is the filter's own (`--allow-running-code`), but what it runs here are the hidden tests, not the
/// docstring's examples the filter sees.
struct PythonTestsJudge {
    /// The languages judged so (not in HumanEval-X, with an example harness).
    static let languages: Set<String> = ["rust", "swift"]

    let runner: LocalExampleRunner
    let language: CodeLanguage

    init(language: CodeLanguage, timeoutSeconds: Int) {
        self.language = language
        self.runner = LocalExampleRunner(timeoutSeconds: Double(timeoutSeconds), buildTimeoutSeconds: Double(timeoutSeconds))
    }

    /// Why the judge cannot run here (the compiler missing), or nil.
    func missingTool() -> String? {
        LocalExampleRunner.missingTool(for: language).map { "the \(language.name) judge cannot run: \($0)" }
    }

    /// The asserts of a Python task's tests as examples calling the checked function, and how many asserts there were.
    func examples(of task: HumanEvalXTask) -> (examples: [CodeExample], asserts: Int) {
        let (found, asserts) = ExampleExtraction.pythonTestAsserts(task.test)
        return (ExampleExtraction.judgeable(found.map { ExampleExtraction.renamingCall($0, for: language) }, in: language), asserts)
    }

    /// The outcome of `code` on `task`'s tests (passed: every assert that could be run held, and there was one),
    /// with a line saying how many ran.
    func run(_ task: HumanEvalXTask, code: String) -> MultiLanguageTestRunner.Outcome {
        let (examples, asserts) = examples(of: task)
        let coverage = "\(language.id) judge: \(examples.count) of \(asserts) asserts run"
        guard !examples.isEmpty else { return .init(result: .failed, diagnostics: coverage + "; none could be spelled for \(language.name)") }
        guard let verdict = runner.check(code: code, examples: examples, language: language) else {
            return .init(result: .failed, diagnostics: coverage + "; the \(language.name) compiler is not available")
        }
        return .init(result: verdict.allHold ? .passed : .failed, diagnostics: ([coverage] + (verdict.failure.map { [$0] } ?? [])).joined(separator: "\n"))
    }
}
