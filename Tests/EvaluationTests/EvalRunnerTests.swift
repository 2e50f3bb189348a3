import Evaluation
import Foundation
import Synchronization
import XCTest

final class EvalRunnerTests: XCTestCase {
    private struct EngineFailure: Error, CustomStringConvertible {
        var description: String { "engine exploded" }
    }

    func testRunnerAggregatesCanonicalWrongAndFailingTasks() async throws {
        let dataset = try EvalDataset.load(contentsOf: ShippedDatasets.path(
            "human-eval-infilling/" + EvalDataset.HumanEvalInfilling.singleLine.fileName))
        let tasks = try EvalSubset(every: 100, limit: 4).apply(to: dataset.tasks)
        let lines = Mutex<[String]>([])
        for overlapping in [true, false] {
            lines.withLock { $0 = [] }
            let runner = EvalRunner(overlapsTests: overlapping)
            let row = try await runner.run(tasks, model: "canned", dataset: dataset.name, strategy: "test",
                                           progress: { line in lines.withLock { $0.append(line) } }) { task in
                switch task.index {
                case 0: // canonical text with different surrounding whitespace: exact and passing
                    return EvalCompletion(text: task.canonicalSolution + "\n", latencySeconds: 0.1,
                                          promptTokenCount: 100, generatedTokenCount: 10, stoppedByItself: true)
                case 100: // syntax error: neither exact nor passing
                    return EvalCompletion(text: "(((\n", latencySeconds: 0.3, promptTokenCount: 200,
                                          generatedTokenCount: 20, stoppedByItself: false)
                case 200:
                    throw EngineFailure()
                default:
                    return EvalCompletion(text: task.canonicalSolution, latencySeconds: 0.2, promptTokenCount: 300,
                                          generatedTokenCount: 30, stoppedByItself: true)
                }
            }
            XCTAssertEqual(row.taskCount, 4)
            XCTAssertEqual(row.dataset, "SingleLineInfilling")
            XCTAssertEqual(row.exactMatchPercent, 50)
            XCTAssertEqual(row.passAt1Percent, 50)
            XCTAssertEqual(row.errorCount, 1)
            XCTAssertEqual(row.timeoutCount, 0)
            XCTAssertEqual(row.medianLatencySeconds, 0.2, accuracy: 1e-12)
            XCTAssertEqual(row.p95LatencySeconds, 0.29, accuracy: 1e-12)   // rank 1.9 of [0.1, 0.2, 0.3]
            XCTAssertEqual(row.medianPromptTokens, 200)
            XCTAssertEqual(row.meanGeneratedTokens, 20)
            XCTAssertEqual(row.stoppedByItselfPercent, 200.0 / 3, accuracy: 1e-9)
            let results = try XCTUnwrap(row.tasks)
            XCTAssertEqual(results.map(\.taskID), tasks.map(\.taskID))
            XCTAssertEqual(results.map(\.outcome), [.passed, .failed, .failed, .passed])
            XCTAssertEqual(results[2].error, "engine exploded")
            let progress = lines.withLock { $0 }
            XCTAssertEqual(progress.count, 4)
            XCTAssertTrue(progress[3].hasPrefix("[4/4] "), progress[3])
        }
    }

    func testReportTableAndJSON() throws {
        let results = [
            EvalTaskResult(taskID: "a", completion: EvalCompletion(text: "x", latencySeconds: 1, promptTokenCount: 10,
                                                                   generatedTokenCount: 3, stoppedByItself: true),
                           isExactMatch: true, outcome: .passed),
            EvalTaskResult(taskID: "b", completion: EvalCompletion(text: "y", latencySeconds: 3, promptTokenCount: 30,
                                                                   generatedTokenCount: 5, stoppedByItself: false),
                           isExactMatch: false, outcome: .timedOut),
            EvalTaskResult(taskID: "c", completion: nil, isExactMatch: false, outcome: .failed, error: "boom"),
            EvalTaskResult(taskID: "d", completion: EvalCompletion(text: "z", latencySeconds: 2, promptTokenCount: 20,
                                                                   generatedTokenCount: 4, stoppedByItself: true),
                           isExactMatch: false, outcome: .passed),
        ]
        let row = EvalReportRow(model: "qwen", dataset: "SingleLineInfilling", strategy: "greedy", results: results)
        // Hand-computed: 1 of 4 exact, 2 of 4 passed; latencies of the 3 completions [1, 3, 2].
        XCTAssertEqual(row.exactMatchPercent, 25)
        XCTAssertEqual(row.passAt1Percent, 50)
        XCTAssertEqual(row.errorCount, 1)
        XCTAssertEqual(row.timeoutCount, 1)
        XCTAssertEqual(row.medianLatencySeconds, 2)
        XCTAssertEqual(row.p95LatencySeconds, 2.9, accuracy: 1e-12)
        let report = EvalReport(rows: [row])
        let table = report.formattedTable()
        let lines = table.split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        XCTAssertTrue(lines[0].hasPrefix("model"))
        XCTAssertEqual(lines[1].split(separator: " ").map(String.init),
                       ["qwen", "SingleLineInfilling", "greedy", "4", "25.0", "50.0", "1", "1", "2.000", "2.900",
                        "20", "4.0", "66.7", "-", "-"])
        XCTAssertEqual(lines[0].count, lines[1].count, "columns are aligned")
        XCTAssertNil(row.escalatedPercent, "not an escalating strategy")

        let compact = try JSONDecoder().decode(EvalReport.self, from: report.jsonData())
        XCTAssertNil(compact.rows[0].tasks)
        XCTAssertEqual(compact.rows[0].passAt1Percent, 50)
        let full = try JSONDecoder().decode(EvalReport.self, from: report.jsonData(includingTasks: true))
        XCTAssertEqual(full, report)
        let object = try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any]
        let firstRow = (object?["rows"] as? [[String: Any]])?.first
        XCTAssertEqual(firstRow?["exactMatchPercent"] as? Double, 25)
    }

    /// An escalating strategy's row counts the completions that escalated (1 of the 2 that say).
    func testEscalatedShareOfAnEscalatingStrategy() {
        func result(_ id: String, escalated: Bool?) -> EvalTaskResult {
            EvalTaskResult(taskID: id, completion: EvalCompletion(text: "x", latencySeconds: 1, promptTokenCount: 10, generatedTokenCount: 2,
                                                                  stoppedByItself: false, escalated: escalated,
                                                                  generationSeconds: escalated == true ? 0.5 : 0.25),
                           isExactMatch: false, outcome: .failed)
        }
        let row = EvalReportRow(model: "qwen", dataset: "SingleLineInfilling", strategy: "greedy+beam:2@0.3 psm",
                                results: [result("a", escalated: true), result("b", escalated: false)])
        XCTAssertEqual(row.escalatedPercent, 50)
        XCTAssertEqual(row.medianGenerationSeconds, 0.375)   // halfway between 0.25 and 0.5
        XCTAssertTrue(EvalReport(rows: [row]).formattedTable().contains(" 50.0"))
    }
}
