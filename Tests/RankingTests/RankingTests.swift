import Ranking
import XCTest

final class RankingTests: XCTestCase {
    private let context = RankingContext(prefix: "def f(x):\n    return ", suffix: "\n\nprint(f(2))\n", singleLine: true)

    func testTrailingTextThatRepeatsTheSuffixIsTrimmed() {
        let c = RankingContext(prefix: "x = foo(", suffix: ")\nbar()\n", singleLine: true)
        XCTAssertEqual(PostProcessing.clean("a, b)", context: c), "a, b")
    }

    func testRestartingTheTypedLineIsTrimmed() {
        let c = RankingContext(prefix: "    result = compute", suffix: "\n", singleLine: true)
        XCTAssertEqual(PostProcessing.clean("result = compute(x)", context: c), "(x)")
    }

    func testTrailingWhitespaceAndBlankLinesAreDropped() {
        XCTAssertEqual(PostProcessing.clean("a = 1   \n\n\n", context: context), "a = 1")
    }

    func testMoreLikelyCandidateRanksFirst() {
        let ranked = rank([
            RankingCandidate(text: "x * 2", tokenLogprobs: [-2, -2, -2], endedByModel: false),
            RankingCandidate(text: "x + 1", tokenLogprobs: [-0.1, -0.2, -0.1], endedByModel: false),
        ], context: context)
        XCTAssertEqual(ranked.map(\.text), ["x + 1", "x * 2"])
    }

    func testIdenticalUpToWhitespaceAreMergedKeepingTheBetter() {
        let ranked = rank([
            RankingCandidate(text: "x+1", tokenLogprobs: [-1, -1], endedByModel: false),
            RankingCandidate(text: "x + 1", tokenLogprobs: [-0.1, -0.1], endedByModel: false),
        ], context: context)
        XCTAssertEqual(ranked.count, 2, "'x+1' and 'x + 1' differ inside the line")
        let merged = rank([
            RankingCandidate(text: "x + 1", tokenLogprobs: [-1, -1], endedByModel: false),
            RankingCandidate(text: "x + 1  ", tokenLogprobs: [-0.1, -0.1], endedByModel: true),
        ], context: context)
        XCTAssertEqual(merged.count, 1)
        XCTAssertEqual(merged.first?.endedByModel, true, "the better-scored duplicate is kept")
    }

    func testUnbalancedBracketsArePenalised() {
        let ranked = rank([
            RankingCandidate(text: "f(x", tokenLogprobs: [-0.3, -0.3], endedByModel: false),
            RankingCandidate(text: "g(x)", tokenLogprobs: [-0.4, -0.4], endedByModel: false),
        ], context: context)
        XCTAssertEqual(ranked.first?.text, "g(x)")
    }

    func testEmptyCandidatesAreDropped() {
        XCTAssertTrue(rank([RankingCandidate(text: "  \n", tokenLogprobs: [-0.1], endedByModel: true)], context: context).isEmpty)
    }
}
