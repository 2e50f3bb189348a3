@testable import Completion
import XCTest

/// The repair round's rules without a model: when it runs, which candidate it starts from, how its
/// candidates rank against the first round's, and the request it sends.
final class CandidateRepairTests: XCTestCase {
    private func candidate(_ code: String, score: Double, held: Int?, total: Int = 2, repaired: Bool = false, failure: String? = "F") -> CodeTaskCandidate {
        var features = CodeCandidateFeatures(meanLogprob: score, codeMeanLogprob: score, bracketsBalanced: true, blockClosed: true,
                                             nameKept: true, arityKept: true, sourceMarkersLeft: 0, lengthRatio: 1, unusedLocals: 0,
                                             examplesPassed: held.map { $0 == total }, reviewLogprob: nil)
        features.examplesHeld = held
        var result = CodeTaskCandidate(code: code, features: features, repaired: repaired)
        result.exampleFailure = held == total ? nil : failure
        return result
    }

    /// More examples held first; at equal examples a first-round candidate before a repaired one whatever
    /// their scores; then the score.
    func testARepairRanksFirstOnlyByHoldingMoreExamples() {
        let first = candidate("a", score: -0.5, held: 1)
        let repairedBetterScore = candidate("b", score: -0.1, held: 1, repaired: true)
        let repairedMoreExamples = candidate("c", score: -0.9, held: 2, repaired: true)
        let likelier = candidate("d", score: -0.2, held: 1)
        let ranked = [first, repairedBetterScore, repairedMoreExamples, likelier].sorted(by: CodeTaskEngine.rankedBefore).map(\.code)
        XCTAssertEqual(ranked, ["c", "d", "a", "b"])
    }

    /// A repair starts from the best candidate when every candidate failed its examples and the runner said
    /// why; not when one passed, when the examples could not run (nil), or when there is nothing to say.
    func testARepairStartsFromTheBestFailingCandidate() {
        let target = CodeTaskEngine.repairTarget([candidate("a", score: -0.5, held: 0), candidate("b", score: -0.3, held: 1), candidate("c", score: -0.1, held: 0)])
        XCTAssertEqual(target?.code, "b", "the one holding most examples")
        XCTAssertNil(CodeTaskEngine.repairTarget([candidate("a", score: -0.5, held: 0), candidate("b", score: -0.3, held: 2)]), "one passes: no repair")
        XCTAssertNil(CodeTaskEngine.repairTarget([candidate("a", score: -0.5, held: nil)]), "examples not run: no repair")
        XCTAssertNil(CodeTaskEngine.repairTarget([candidate("a", score: -0.5, held: 0, failure: nil)]), "nothing to tell the model")
        XCTAssertNil(CodeTaskEngine.repairTarget([]))
    }

    /// The repair request is the task's own request, then what failed.
    func testTheRepairRequestKeepsTheTaskAndAddsWhatFailed() {
        XCTAssertEqual(TaskPrompts.repair("Complete the following Go function.", failure: "It does not compile:\n`x := 1`: declared and not used: x"),
                       "Complete the following Go function.\n\nAn earlier answer failed. It does not compile:\n`x := 1`: declared and not used: x\nAvoid these mistakes.")
    }
}
