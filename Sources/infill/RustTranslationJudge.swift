import Completion
import Evaluation
import Foundation
import Languages

/// Judges a Rust translation of a HumanEval-X Python task by that task's own tests, since HumanEval-X has no
/// Rust: each `assert candidate(…) == value` of the Python `check` becomes an example (the call renamed to the
/// function the test checks) and runs through the daemon's Rust example harness (`RustExampleHarness`: the
/// arguments spelled for the translation's parameter types, the value compared as `Debug` text, a float within
/// 1e-6). The asserts it cannot spell (a loop variable for an argument, `abs(candidate(x) - 1.5) < 1e-6`, a dict)
/// are left out, so a task is judged on part of its tests or, with none left, not judged at all; each record
/// says how many asserts were run of how many (`RustTranslationJudge.Judgement`).
///
/// The harness is the filter's own (`--allow-running-code`), but what it runs here are the hidden tests, not the
/// docstring's examples the filter sees.
struct RustTranslationJudge {
    let runner: LocalExampleRunner
    let rust: CodeLanguage

    init?(timeoutSeconds: Int) {
        guard let rust = CodeLanguage.named("rust") else { return nil }
        self.rust = rust
        self.runner = LocalExampleRunner(timeoutSeconds: Double(timeoutSeconds), buildTimeoutSeconds: Double(timeoutSeconds))
    }

    /// Why the judge cannot run here (rustc missing), or nil.
    func missingTool() -> String? {
        LocalExampleRunner.missingTool(for: rust).map { "the rust judge needs rustc: \($0) (https://rustup.rs)" }
    }

    /// The asserts of a Python task's tests as Rust examples calling the checked function, and how many asserts there were.
    func examples(of task: HumanEvalXTask) -> (examples: [CodeExample], asserts: Int) {
        let (found, asserts) = ExampleExtraction.pythonTestAsserts(task.test)
        return (ExampleExtraction.judgeable(found.map { ExampleExtraction.renamingCall($0, for: rust) }, in: rust), asserts)
    }

    /// The outcome of `code` on `task`'s tests (passed: every assert that could be run held, and there was one),
    /// with a line saying how many ran.
    func run(_ task: HumanEvalXTask, code: String) -> MultiLanguageTestRunner.Outcome {
        let (examples, asserts) = examples(of: task)
        let coverage = "rust judge: \(examples.count) of \(asserts) asserts run"
        guard !examples.isEmpty else { return .init(result: .failed, diagnostics: coverage + "; none could be spelled for Rust") }
        guard let verdict = runner.check(code: code, examples: examples, language: rust) else {
            return .init(result: .failed, diagnostics: coverage + "; rustc is not available")
        }
        return .init(result: verdict.allHold ? .passed : .failed, diagnostics: ([coverage] + (verdict.failure.map { [$0] } ?? [])).joined(separator: "\n"))
    }
}
