import Completion
import Decoding
import Foundation
import Languages
import Ranking
import XCTest

/// A model whose next token depends only on how many tokens came before: `script[n]` are the logits after
/// n tokens (the last row repeats). Token texts: 0 "a", 1 "b", 2 ")", 3 "\n", 4 the end token.
private final class ScriptedModel: BranchingLanguageModel {
    let script: [[Float]]
    private var lengths: [BranchID: Int] = [0: 0]
    private var nextID = 1
    init(_ script: [[Float]]) { self.script = script }
    var vocabularySize: Int { 5 }
    var rootBranch: BranchID { 0 }
    func rootLogits() -> [Float] { script[0] }
    func fork(_ branch: BranchID) throws -> BranchID {
        defer { nextID += 1 }
        lengths[nextID] = lengths[branch] ?? 0
        return nextID
    }
    func release(_ branch: BranchID) { lengths.removeValue(forKey: branch) }
    func append(_ steps: [(branch: BranchID, token: Int32)]) throws -> [[Float]] {
        steps.map { step in
            let n = (lengths[step.branch] ?? 0) + 1
            lengths[step.branch] = n
            return script[min(n, script.count - 1)]
        }
    }
    static let texts = ["a", "b", ")", "\n", ""]
    static func text(_ token: Int32) -> [UInt8] { Array(texts[Int(token)].utf8) }
}

/// Log-probabilities (as logits) that put `share` on `token` and spread the rest evenly.
private func sure(_ token: Int, share: Float = 0.96) -> [Float] {
    (0..<5).map { log($0 == token ? share : (1 - share) / 4) }
}

/// Each stage of the completion pipeline on its own: context, generation, ranking, reply (the prompt stage,
/// which needs the model's tokenizer, is in CompletionModelTests/PlannedPromptTests).
final class CompletionStageTests: XCTestCase {
    private func request(_ marked: String, trigger: CompletionRequest.Trigger = .automatic) -> CompletionRequest {
        let parts = marked.components(separatedBy: "|")
        return CompletionRequest(documentKey: "t.py", text: parts.joined(), cursorUTF8Offset: parts[0].utf8.count,
                                 filePath: "t.py", trigger: trigger)
    }

    func testContextReadsTheCursorAndTheLanguage() {
        let context = CompletionContext(request: request("def f(s):\n    return len(|)\n"), settings: CompletionSettings(),
                                        countTokens: { $0.count })
        XCTAssertEqual(context.window.prefix, "def f(s):\n    return len(")
        XCTAssertEqual(context.window.suffix, ")\n")
        XCTAssertFalse(context.multiline, "text after the cursor: one line")
        XCTAssertFalse(context.invoked)
        XCTAssertEqual(context.language.name, "python")
        XCTAssertEqual(context.stopRules(blockRules: true).check("set(s))")?.keptText, "set(s)",
                       "the stop rules read the line with Python's syntax")
        XCTAssertEqual(context.rankingContext.syntax, Python().syntax)
        let block = CompletionContext(request: request("if x:\n    |\n", trigger: .invoked), settings: CompletionSettings(),
                                      countTokens: { $0.count })
        XCTAssertTrue(block.multiline)
        XCTAssertTrue(block.invoked)
    }

    private func generation(singleLine: Bool = true) -> CandidateGeneration {
        CandidateGeneration(
            stopRules: StopRules(context: StopContext(singleLine: singleLine, blockIndentation: "", lineBeforeCursor: "f(",
                                                      suffix: ")\n", indentationSensitive: false)),
            endTokens: [4], limits: DecodingLimits(maxTokens: 8), tokenText: ScriptedModel.text)
    }

    func testGenerationEscalatesOnlyWhenGreedyWasUnsure() throws {
        let confident = ScriptedModel([sure(0), sure(1), sure(2)])
        let quick = try generation().run(.escalating(threshold: 0.3, then: .beam(width: 2)), on: confident, isCancelled: { false })
        XCTAssertFalse(quick.escalated)
        XCTAssertEqual(quick.generated.map(\.text), ["ab"], "greedy, stopped before the `)` the line already has")

        let unsure = ScriptedModel([sure(0, share: 0.4), sure(1, share: 0.4), sure(2)])
        let escalated = try generation().run(.escalating(threshold: 0.3, then: .beam(width: 2)), on: unsure, isCancelled: { false })
        XCTAssertTrue(escalated.escalated)
        XCTAssertGreaterThan(escalated.generated.count, 1, "greedy's candidate and the beams'")
        XCTAssertEqual(escalated.tokenCount, escalated.generated.reduce(0) { $0 + $1.tokens.count })
    }

    func testFallbackAfterEmptyCandidatesIsAWiderBeam() {
        XCTAssertEqual(CandidateGeneration.fallback(after: .greedy), .beam(width: 4))
        XCTAssertEqual(CandidateGeneration.fallback(after: .escalating(threshold: 0.3, then: .beam(width: 2))), .beam(width: 4))
        XCTAssertEqual(CandidateGeneration.fallback(after: .beam(width: 4)), .beam(width: 8))
        XCTAssertEqual(CandidateGeneration.fallback(after: .beam(width: 16)), .beam(width: 16))
    }

    func testRankingDropsEmptiesAndSaysWhy() {
        let ranking = CandidateRanking(context: RankingContext(prefix: "    return len(", suffix: ")\n", singleLine: true, syntax: Python().syntax),
                                       weights: .singleLine, limit: 3)
        let candidates = [
            Candidate(tokens: [1, 2], text: "set(s)", tokenLogprobs: [-0.1, -0.1], finish: .stopRule("bracket"), endedByModel: false),
            Candidate(tokens: [3], text: "", tokenLogprobs: [-0.2], finish: .stopRule("newline"), endedByModel: false),
            Candidate(tokens: [2], text: ")", tokenLogprobs: [-0.3], finish: .endToken, endedByModel: true),
        ]
        var asked: [[String]] = []
        let ranked = ranking.rank(candidates, suffixFit: { asked.append($0); return nil })
        XCTAssertEqual(ranked.map(\.text), ["set(s)"], "the candidate's own `)` stays; a lone copy of the suffix goes")
        XCTAssertTrue(asked.isEmpty, "one candidate: nothing to order by suffix fit")
        let reasons = ranking.dropReasons(candidates)
        XCTAssertEqual(reasons.count, 2)
        XCTAssertTrue(reasons[0].contains("newline"), reasons[0])
        XCTAssertTrue(reasons[1].contains("repeats"), reasons[1])
    }

    func testRankingAsksForSuffixFitWhenItCounts() {
        let ranking = CandidateRanking(context: RankingContext(prefix: "x = ", suffix: "\n", singleLine: true),
                                       weights: .singleLine, limit: 3)
        let candidates = ["1", "2"].map {
            Candidate(tokens: [0], text: $0, tokenLogprobs: [$0 == "1" ? -0.1 : -0.2], finish: .endToken, endedByModel: true)
        }
        let ranked = ranking.rank(candidates, suffixFit: { texts in texts.map { $0 == "2" ? 5.0 : 0.0 } })
        XCTAssertEqual(ranked.map(\.text), ["2", "1"], "suffix fit reorders them")
    }

    func testReplyEndsWholeLinesWithALineBreak() {
        let cursor = CursorContext(prefix: "def f():\n", suffix: "    return 1\n", invoked: false)
        let reply = CompletionReply(cursor: cursor, multiline: false)
        let ranked = rank([RankingCandidate(text: "    x = 1", tokenLogprobs: [-0.1], endedByModel: true)],
                          context: RankingContext(prefix: "def f():\n", suffix: "    return 1\n", singleLine: true))
        let response = reply.response(ranked, promptTokens: 10, reusedPromptTokens: 4, generatedTokens: 3, promptSeconds: 0.1,
                                      generationSeconds: 0.2, cancelled: false, escalated: true)
        XCTAssertEqual(response.candidates.map(\.text), ["    x = 1\n"], "inserted above existing code")
        XCTAssertEqual(response.promptTokens, 10)
        XCTAssertTrue(response.escalated)
        let cancelled = reply.cancelled(promptTokens: 10, reusedPromptTokens: 4, promptSeconds: 0.1)
        XCTAssertTrue(cancelled.cancelled)
        XCTAssertTrue(cancelled.candidates.isEmpty)
    }
}
