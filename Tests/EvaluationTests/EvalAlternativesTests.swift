import Evaluation
import Foundation
import Ranking
import XCTest

final class EvalAlternativesTests: XCTestCase {
    /// Every recorded alternative is run against the task's tests: the canonical solution passes, a syntax
    /// error fails, and the answer itself reuses its own outcome. The report round-trips through JSON, as
    /// `--tune-ranking` reads it back.
    func testEveryAlternativeIsTestedAndRecorded() async throws {
        let dataset = try EvalDataset.load(contentsOf: ShippedDatasets.path(
            "human-eval-infilling/" + EvalDataset.HumanEvalInfilling.singleLine.fileName))
        let tasks = try EvalSubset(every: 100, limit: 2).apply(to: dataset.tasks)
        let features = RankingFeatures(meanLogprob: -0.5, totalLogprob: -2, endedByModel: true, suffixOverlap: 0,
                                       bracketImbalance: 0, repetition: 0, lines: 1)
        let row = try await EvalRunner().run(tasks, model: "canned", dataset: dataset.name, strategy: "test") { task in
            // The answer (first) is wrong; the second alternative is the canonical solution.
            EvalCompletion(text: "(((\n", latencySeconds: 0.1, promptTokenCount: 10, generatedTokenCount: 3, stoppedByItself: false,
                           alternatives: [EvalAlternative(text: "(((\n", score: -1, features: features),
                                          EvalAlternative(text: task.canonicalSolution, score: -2, features: features),
                                          EvalAlternative(text: "raise SystemExit(3)\n", score: -3, features: nil)])
        }
        let results = try XCTUnwrap(row.tasks)
        XCTAssertEqual(results.map(\.outcome), [.failed, .failed])
        for result in results {
            let alternatives = try XCTUnwrap(result.completion?.alternatives)
            XCTAssertEqual(alternatives.map(\.passed), [false, true, false], result.taskID)
        }
        let decoded = try JSONDecoder().decode(EvalReport.self, from: EvalReport(rows: [row]).jsonData(includingTasks: true))
        XCTAssertEqual(decoded.rows[0].tasks?[1].completion?.alternatives?[1].passed, true)
        XCTAssertEqual(decoded.rows[0].tasks?[1].completion?.alternatives?[0].features, features)
    }
}
