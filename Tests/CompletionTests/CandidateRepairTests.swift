@testable import Completion
import XCTest

/// The repair round's rules without a model: when it runs, which candidate it starts from, how its
/// candidates rank against the first round's, and the request it sends.
final class CandidateRepairTests: XCTestCase {
    private func candidate(_ code: String, score: Double, held: Int?, total: Int = 2, repaired: Bool = false, failure: String? = "F",
                           builds: Bool? = nil) -> CodeTaskCandidate {
        var features = CodeCandidateFeatures(meanLogprob: score, codeMeanLogprob: score, bracketsBalanced: true, blockClosed: true,
                                             nameKept: true, arityKept: true, sourceMarkersLeft: 0, lengthRatio: 1, unusedLocals: 0,
                                             examplesPassed: held.map { $0 == total }, reviewLogprob: nil)
        features.examplesHeld = held
        features.builds = builds
        var result = CodeTaskCandidate(code: code, features: features, repaired: repaired)
        result.exampleFailure = held == nil || held == total ? nil : failure
        result.buildFailure = builds == false ? "It does not compile:\n`s.split()`: no member named 'split'" : nil
        return result
    }

    /// A candidate the reviewer read ranks before one it did not, at equal examples, build and round: its score
    /// carries the reviewer's negative log-probability, which would otherwise push it below the unread.
    func testCandidatesTheReviewerReadRankBeforeTheUnread() {
        var read = candidate("read", score: -0.2, held: nil)
        read.features.reviewLogprob = -1.4
        var secondRead = candidate("second", score: -0.1, held: nil)
        secondRead.features.reviewLogprob = -1.7
        let unread = candidate("unread", score: -0.3, held: nil)
        var readButBroken = candidate("broken", score: -0.05, held: nil, builds: false)
        readButBroken.features.reviewLogprob = -1.0
        XCTAssertGreaterThan(unread.score, read.score, "the unread one has the higher score")
        let ranked = [unread, readButBroken, secondRead, read].sorted(by: CodeTaskEngine.rankedBefore).map(\.code)
        XCTAssertEqual(ranked, ["read", "second", "unread", "broken"])
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
        XCTAssertEqual(target?.0.code, "b", "the one holding most examples")
        XCTAssertEqual(target?.1, "F", "what its examples said")
        XCTAssertNil(CodeTaskEngine.repairTarget([candidate("a", score: -0.5, held: 0), candidate("b", score: -0.3, held: 2)]), "one passes: no repair")
        XCTAssertNil(CodeTaskEngine.repairTarget([candidate("a", score: -0.5, held: nil)]), "examples not run: no repair")
        XCTAssertNil(CodeTaskEngine.repairTarget([candidate("a", score: -0.5, held: 0, failure: nil)]), "nothing to tell the model")
        XCTAssertNil(CodeTaskEngine.repairTarget([]))
    }

    /// What builds ranks before what does not, whatever the scores; at equal examples a repaired candidate
    /// that builds ranks before first-round ones that do not; one not checked (nil) counts as building.
    func testWhatBuildsRanksFirst() {
        let likelyBroken = candidate("a", score: -0.05, held: nil, builds: false)
        let builds = candidate("b", score: -0.4, held: nil, builds: true)
        let unchecked = candidate("c", score: -0.3, held: nil)
        let repairedBuilds = candidate("d", score: -0.9, held: nil, repaired: true, builds: true)
        let ranked = [likelyBroken, builds, unchecked, repairedBuilds].sorted(by: CodeTaskEngine.rankedBefore).map(\.code)
        XCTAssertEqual(ranked, ["c", "b", "d", "a"])
        XCTAssertLessThan(likelyBroken.score, builds.score, "the score knows it too (the eval's report ranks by it)")
    }

    /// Without examples run, a repair starts when no candidate builds, from the best one, with the
    /// compiler's messages; not when one builds or nothing was checked. Failed examples are told first.
    func testARepairStartsWhenNothingBuilds() {
        let target = CodeTaskEngine.repairTarget([candidate("a", score: -0.5, held: nil, builds: false), candidate("b", score: -0.2, held: nil, builds: false)])
        XCTAssertEqual(target?.0.code, "b")
        XCTAssertEqual(target?.1, "It does not compile:\n`s.split()`: no member named 'split'")
        XCTAssertNil(CodeTaskEngine.repairTarget([candidate("a", score: -0.5, held: nil, builds: false), candidate("b", score: -0.2, held: nil, builds: true)]))
        XCTAssertNil(CodeTaskEngine.repairTarget([candidate("a", score: -0.5, held: nil)]))
        let both = CodeTaskEngine.repairTarget([candidate("a", score: -0.5, held: 0, builds: false), candidate("b", score: -0.2, held: 0, builds: false)])
        XCTAssertEqual(both?.1, "F", "examples ran: their failure is told")
    }

    /// The repair request is the task's own request, then what failed.
    func testTheRepairRequestKeepsTheTaskAndAddsWhatFailed() {
        XCTAssertEqual(TaskPrompts.repair("Complete the following Go function.", failure: "It does not compile:\n`x := 1`: declared and not used: x"),
                       "Complete the following Go function.\n\nAn earlier answer failed. It does not compile:\n`x := 1`: declared and not used: x\nAvoid these mistakes.")
    }
    /// The reviewer reads only candidates level with the best on examples, build and round, at most `limit`
    /// distinct codes of them (the best first), sorted by text; nothing when they share one code or when the
    /// best two are `margin` or more apart.
    func testTheReviewerReadsOnlyCandidatesThatCouldComeFirst() {
        let judged = [candidate("a", score: -0.4, held: 1), candidate("b", score: -0.1, held: 1), candidate("c", score: -0.05, held: 0),
                      candidate("d", score: -0.2, held: 1, builds: false), candidate("e", score: -0.3, held: 1),
                      candidate("f", score: -0.6, held: 1, repaired: true), candidate("g", score: -0.5, held: 1)]
        let bare = ["x = 2", "x = 1", "x = 0", "x = 3", "x = 1", "x = 4", "x = 0"]
        let plan = CodeTaskEngine.reviewPlan(judged, bareCodes: bare, limit: 2)
        XCTAssertEqual(plan.contenders, [1, 4, 0, 6], "level with b: not c (fewer examples), d (does not build), f (repaired)")
        XCTAssertEqual(plan.read, ["x = 1", "x = 2"], "b's and a's codes (e shares b's), not g's: past the limit")
        XCTAssertEqual(CodeTaskEngine.reviewPlan(judged, bareCodes: bare, limit: 9).read, ["x = 0", "x = 1", "x = 2"])
        let oneCode = CodeTaskEngine.reviewPlan(judged, bareCodes: ["x = 1", "x = 1", "x = 0", "x = 3", "x = 1", "x = 4", "x = 1"], limit: 3)
        XCTAssertEqual(oneCode.contenders, [1, 4, 0, 6])
        XCTAssertEqual(oneCode.read, [], "the contenders differ in nothing the reviewer reads")
        XCTAssertEqual(CodeTaskEngine.reviewPlan([], bareCodes: [], limit: 3).read, [])
        // b leads e, the next contender, by 0.2: with a margin of 0.25 the reviewer reads, with 0.15 not.
        XCTAssertEqual(CodeTaskEngine.reviewPlan(judged, bareCodes: bare, limit: 2, margin: 0.25).read, ["x = 1", "x = 2"])
        let apart = CodeTaskEngine.reviewPlan(judged, bareCodes: bare, limit: 2, margin: 0.15)
        XCTAssertEqual(apart.contenders, [1, 4, 0, 6])
        XCTAssertEqual(apart.read, [], "the best is far enough ahead")
    }
}
