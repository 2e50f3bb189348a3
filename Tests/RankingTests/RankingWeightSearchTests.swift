import Ranking
import XCTest

final class RankingWeightSearchTests: XCTestCase {
    private func features(mean: Double, count: Int = 5, ended: Bool = false, overlap: Int = 0, brackets: Int = 0, repetition: Double = 0) -> RankingFeatures {
        RankingFeatures(meanLogprob: mean, totalLogprob: mean * Double(count), endedByModel: ended, suffixOverlap: overlap,
                        bracketImbalance: brackets, repetition: repetition, lines: 1)
    }

    /// A confident candidate that runs on (fails) against a less likely one the model ended itself (passes):
    /// the default weights pick the first; the search must find weights that pick the second.
    func testSearchFindsWeightsThatPreferTheModelsOwnEnding() {
        let task = [
            RankingWeightSearch.Candidate(features: features(mean: -0.1, ended: false), passed: false),
            RankingWeightSearch.Candidate(features: features(mean: -0.9, ended: true), passed: true),
        ]
        let tasks = Array(repeating: task, count: 3)
        XCTAssertEqual(RankingWeightSearch.passCount(tasks, weights: .default), 0)
        let found = RankingWeightSearch.best(tasks)
        XCTAssertEqual(found.passed, 3)
        XCTAssertEqual(RankingWeightSearch.passCount(tasks, weights: found.weights), 3)
        // Picking the second candidate needs endedByModel to outweigh the mean log-probability gap.
        XCTAssertGreaterThan(found.weights.endedByModel, found.weights.meanLogprob * 0.8 + found.weights.totalLogprob * 4)
    }

    func testDefaultIsKeptWhenNothingBeatsIt() {
        let task = [
            RankingWeightSearch.Candidate(features: features(mean: -0.2, ended: true), passed: true),
            RankingWeightSearch.Candidate(features: features(mean: -1.5, brackets: 2), passed: false),
        ]
        let found = RankingWeightSearch.best([task, task])
        XCTAssertEqual(found.passed, 2)
        XCTAssertEqual(found.weights, .default)
    }

    func testOracleCountsTasksWithAnyPassingCandidate() {
        let pass = RankingWeightSearch.Candidate(features: features(mean: -1), passed: true)
        let fail = RankingWeightSearch.Candidate(features: features(mean: -1), passed: false)
        XCTAssertEqual(RankingWeightSearch.oracleCount([[fail, pass], [fail], [], [pass]]), 2)
        // A task with no candidates counts as failed, never as passed.
        XCTAssertEqual(RankingWeightSearch.passCount([[], [pass]], weights: .default), 1)
    }

    /// Equal scores go to the earlier candidate, as the ranking stage orders them.
    func testTiesGoToTheEarlierCandidate() {
        let same = features(mean: -0.5)
        let first = RankingWeightSearch.Candidate(features: same, passed: true)
        let second = RankingWeightSearch.Candidate(features: same, passed: false)
        XCTAssertEqual(RankingWeightSearch.passCount([[first, second]], weights: .default), 1)
        XCTAssertEqual(RankingWeightSearch.passCount([[second, first]], weights: .default), 0)
    }
}
