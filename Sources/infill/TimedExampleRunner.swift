import Completion
import Foundation
import InfillLog
import Languages

/// The local example runner, timed: `infill eval --task … --allow-running-code` reports how much of a
/// ranked task's time went into running examples, so the same run also gives the latency of the default
/// (examples off), whose order is the score's alone.
final class TimedExampleRunner: ExampleRunner {
    private let runner: ExampleRunner
    private let seconds = Locked(0.0)

    init(_ runner: ExampleRunner = LocalExampleRunner()) { self.runner = runner }

    func check(code: String, examples: [CodeExample], language: CodeLanguage) -> ExampleVerdict? {
        let start = Date()
        defer { let spent = Date().timeIntervalSince(start); seconds.withLock { $0 += spent } }
        return runner.check(code: code, examples: examples, language: language)
    }

    func check(codes: [String], examples: [CodeExample], language: CodeLanguage) -> [ExampleVerdict?] {
        let start = Date()
        defer { let spent = Date().timeIntervalSince(start); seconds.withLock { $0 += spent } }
        return runner.check(codes: codes, examples: examples, language: language)
    }

    /// Seconds spent running examples since the last call (and starts counting again).
    func takeSeconds() -> Double { seconds.withLock { value in defer { value = 0 }; return value } }
}
