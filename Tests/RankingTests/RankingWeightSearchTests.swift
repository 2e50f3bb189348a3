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
        XCTAssertEqual(RankingWeightSearch.passCount(tasks, weights: .singleLine), 0)
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
        XCTAssertEqual(found.weights, .singleLine)
    }

    func testOracleCountsTasksWithAnyPassingCandidate() {
        let pass = RankingWeightSearch.Candidate(features: features(mean: -1), passed: true)
        let fail = RankingWeightSearch.Candidate(features: features(mean: -1), passed: false)
        XCTAssertEqual(RankingWeightSearch.oracleCount([[fail, pass], [fail], [], [pass]]), 2)
        // A task with no candidates counts as failed, never as passed.
        XCTAssertEqual(RankingWeightSearch.passCount([[], [pass]], weights: .singleLine), 1)
    }

    /// Equal scores go to the earlier candidate, as the ranking stage orders them.
    func testTiesGoToTheEarlierCandidate() {
        let same = features(mean: -0.5)
        let first = RankingWeightSearch.Candidate(features: same, passed: true)
        let second = RankingWeightSearch.Candidate(features: same, passed: false)
        XCTAssertEqual(RankingWeightSearch.passCount([[first, second]], weights: .singleLine), 1)
        XCTAssertEqual(RankingWeightSearch.passCount([[second, first]], weights: .singleLine), 0)
    }
}

final class IndentationStyleTests: XCTestCase {
    func testDetectsSpacesTabsAndMixedFiles() {
        XCTAssertEqual(IndentationStyle.detect(in: "def f():\n    if x:\n        return 1\n"), .spaces(width: 4))
        XCTAssertEqual(IndentationStyle.detect(in: "func f() {\n  let a = 1\n}\n"), .spaces(width: 2))
        XCTAssertEqual(IndentationStyle.detect(in: "int f() {\n\treturn 1;\n}\n"), .tabs)
        XCTAssertNil(IndentationStyle.detect(in: "a\n\tb\n    c\n"))
        XCTAssertNil(IndentationStyle.detect(in: "x = 1\ny = 2\n"))
        // A whitespace-only line (such as the cursor's) says nothing about the style.
        XCTAssertEqual(IndentationStyle.detect(in: "def f():\n    a = 1\n\t\n"), .spaces(width: 4))
    }

    func testTabsBecomeSpacesInASpaceIndentedPythonFile() {
        let context = RankingContext(prefix: "def f(x):\n    if x:\n", suffix: "\n", singleLine: false)
        XCTAssertEqual(PostProcessing.clean("\t\treturn 1\n\telse:\n\t\treturn 2", context: context),
                       "        return 1\n    else:\n        return 2")
    }

    func testSpacesBecomeTabsInATabIndentedFile() {
        let context = RankingContext(prefix: "int f(int x) {\n\tif (x) {\n", suffix: "\n}", singleLine: false)
        XCTAssertEqual(PostProcessing.clean("        return 1;\n    }", context: context), "\t\treturn 1;\n\t}")
    }

    /// Mid-line, the first line continues the cursor's line: its leading space is kept as typed.
    func testFirstLineIsLeftAloneWhenTheCursorIsMidLine() {
        let context = RankingContext(prefix: "def f():\n    x =", suffix: "", singleLine: true)
        XCTAssertEqual(PostProcessing.clean(" compute(1)", context: context), " compute(1)")
        XCTAssertEqual(IndentationStyle.tabs.apply(to: "    a\n    b", firstLineStartsLine: false), "    a\n\tb")
    }
}
