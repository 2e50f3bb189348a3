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

/// The suffix-fit feature joins the score after ranking, and recorded weights without it still load.
final class SuffixFitRankingTests: XCTestCase {
    func testRerankAddsSuffixFitAndReorders() {
        let context = RankingContext(prefix: "    ", suffix: "\n    return result\n", singleLine: true)
        // Explicit weights, so the expected scores below do not depend on the tuned defaults.
        let withoutFit = RankingWeights(meanLogprob: 1.0, totalLogprob: 0.05, endedByModel: 0.3, suffixOverlap: -0.02,
                                        bracketImbalance: -0.5, repetition: -1.0, suffixFit: 0)
        let ranked = rank([
            RankingCandidate(text: "return width * height", tokenLogprobs: [-0.1, -0.1], endedByModel: true),
            RankingCandidate(text: "result = width * height", tokenLogprobs: [-0.3, -0.3], endedByModel: true),
        ], context: context, weights: withoutFit)
        XCTAssertEqual(ranked.map(\.text), ["return width * height", "result = width * height"], "by log-probability alone")
        var weights = withoutFit
        weights.suffixFit = 2
        let again = rerank(ranked, suffixFit: [-2.0, -0.2], weights: weights)
        XCTAssertEqual(again.map(\.text), ["result = width * height", "return width * height"])
        XCTAssertEqual(again.map(\.features.suffixFit), [-0.2, -2.0])
        // score = the other terms + 2 · fit, computed by hand from the features.
        let expected = 1.0 * -0.3 + 0.05 * -0.6 + 0.3 + 2 * -0.2
        XCTAssertEqual(again[0].score, expected, accuracy: 1e-9)
        let unchanged = rerank(ranked, suffixFit: [-2.0, -0.2], weights: withoutFit)
        XCTAssertEqual(unchanged.map(\.text), ranked.map(\.text), "weight 0: the feature is recorded, the order kept")
    }

    func testWeightsRecordedBeforeSuffixFitLoadWithZero() throws {
        let json = #"{"meanLogprob":1,"totalLogprob":0.05,"endedByModel":0.3,"suffixOverlap":-0.02,"bracketImbalance":-0.5,"repetition":-1}"#
        let weights = try JSONDecoder().decode(RankingWeights.self, from: Data(json.utf8))
        XCTAssertEqual(weights.suffixFit, 0)
        XCTAssertEqual(weights.meanLogprob, 1)
        let features = try JSONDecoder().decode(RankingFeatures.self, from: Data(#"{"meanLogprob":-1,"totalLogprob":-2,"endedByModel":true,"suffixOverlap":0,"bracketImbalance":0,"repetition":0,"lines":1}"#.utf8))
        XCTAssertNil(features.suffixFit)
    }
}
