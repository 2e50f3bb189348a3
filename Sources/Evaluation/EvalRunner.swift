import Dispatch

/// Runs a list of tasks through a completion function and the tests, and aggregates the results.
///
/// Engine-agnostic: the completion function is a closure, so `infill eval` can pass the same Completion path
/// the daemon uses, and tests can pass canned answers. The Python tests of task *i* run in a child process
/// while the completion of task *i + 1* is computed (when `overlapsTests` is true), so the second core is
/// used for something.
public struct EvalRunner: Sendable {
    /// Runs each candidate program.
    public let testRunner: PythonTestRunner
    /// Whether to test task *i* while completing task *i + 1*.
    public let overlapsTests: Bool

    /// - Parameters:
    ///   - testRunner: runs the Python tests (10 s timeout by default).
    ///   - overlapsTests: test one task while completing the next (default true).
    public init(testRunner: PythonTestRunner = PythonTestRunner(), overlapsTests: Bool = true) {
        self.testRunner = testRunner
        self.overlapsTests = overlapsTests
    }

    /// Completes and tests every task in order and returns the aggregate row (with per-task results).
    ///
    /// An error thrown by `complete` for one task is recorded in that task's result (counted as not passed)
    /// and the run goes on; cancellation stops the run.
    /// - Parameters:
    ///   - tasks: the tasks to run (already subset).
    ///   - model, dataset, strategy: names for the report row.
    ///   - progress: receives one human-readable line per finished task (the caller sends it to stderr).
    ///   - complete: produces the completion of one task; may be synchronous or asynchronous.
    /// - Throws: `EvaluationError.cannotRunPython` when the interpreter is missing, `CancellationError`.
    public func run(_ tasks: [EvalTask], model: String, dataset: String, strategy: String,
                    progress: (@Sendable (String) -> Void)? = nil,
                    complete: (EvalTask) async throws -> EvalCompletion) async throws -> EvalReportRow {
        let runner = testRunner
        try await Self.offThread { try runner.checkInterpreter() }
        var tally = Tally(total: tasks.count, progress: progress)
        var pending: Pending?
        for task in tasks {
            try Task.checkCancellation()
            var completion: EvalCompletion?
            var failure: String?
            do {
                completion = try await complete(task)
            } catch is CancellationError {
                pending?.test.cancel()
                throw CancellationError()
            } catch {
                failure = String(describing: error)
            }
            if let previous = pending {
                tally.record(try await previous.finish())
                pending = nil
            }
            let started = start(task, completion: completion, failure: failure)
            if overlapsTests {
                pending = started
            } else {
                tally.record(try await started.finish())
            }
        }
        if let previous = pending { tally.record(try await previous.finish()) }
        return EvalReportRow(model: model, dataset: dataset, strategy: strategy, results: tally.results)
    }

    /// A task whose completion is known and whose test is running.
    private struct Pending {
        let task: EvalTask
        let completion: EvalCompletion?
        let failure: String?
        let test: Task<(EvalTestOutcome, [EvalAlternative]?), Error>

        func finish() async throws -> EvalTaskResult {
            let (outcome, alternatives) = try await test.value
            var completion = completion
            if let alternatives { completion?.alternatives = alternatives }
            return EvalTaskResult(taskID: task.taskID, completion: completion,
                                  isExactMatch: completion.map { task.isExactMatch($0.text) } ?? false,
                                  outcome: outcome, error: failure)
        }
    }

    private func start(_ task: EvalTask, completion: EvalCompletion?, failure: String?) -> Pending {
        let runner = testRunner
        let test = Task<(EvalTestOutcome, [EvalAlternative]?), Error> {
            guard let completion else { return (.failed, nil) }
            let outcome = try await Self.offThread { try runner.run(task, completion: completion.text) }
            guard var alternatives = completion.alternatives else { return (outcome, nil) }
            // Every recorded alternative is tested too; the one identical to the answer reuses its outcome.
            for i in alternatives.indices {
                if alternatives[i].text == completion.text {
                    alternatives[i].passed = outcome == .passed
                } else {
                    let text = alternatives[i].text
                    alternatives[i].passed = try await Self.offThread { try runner.run(task, completion: text) } == .passed
                }
            }
            return (outcome, alternatives)
        }
        return Pending(task: task, completion: completion, failure: failure, test: test)
    }

    /// Runs blocking work (waiting for a child process) on a Dispatch thread, not the cooperative pool.
    private static func offThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Running counts for the progress lines.
    private struct Tally {
        let total: Int
        let progress: (@Sendable (String) -> Void)?
        var results: [EvalTaskResult] = []
        var passed = 0
        var exact = 0

        mutating func record(_ result: EvalTaskResult) {
            results.append(result)
            if result.outcome == .passed { passed += 1 }
            if result.isExactMatch { exact += 1 }
            guard let progress else { return }
            var line = "[\(results.count)/\(total)] \(result.taskID): \(result.outcome.rawValue)"
            if result.isExactMatch { line += ", exact" }
            if let completion = result.completion {
                line += ", " + EvalReport.format(completion.latencySeconds, digits: 2) + " s, "
                    + "\(completion.promptTokenCount)+\(completion.generatedTokenCount) tokens"
            }
            if let error = result.error { line += ", error: \(error)" }
            line += " | pass@1 " + EvalReport.format(EvalStatistics.percent(passed, of: results.count), digits: 1)
                + "%, exact " + EvalReport.format(EvalStatistics.percent(exact, of: results.count), digits: 1) + "%"
            progress(line)
        }
    }
}
