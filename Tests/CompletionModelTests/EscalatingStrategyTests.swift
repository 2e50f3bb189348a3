import Completion
import Decoding
import Foundation
import TestSupport
import XCTest

/// "greedy+beam:2": greedy first, a second opinion only when the greedy suggestion was unsure.
final class EscalatingStrategyTests: XCTestCase {
    private static let model = Result { try LoadedModel(path: TestModels.path("qwen2.5-coder-0.5b"), threads: 2) }

    func testParsesTheEscalatingForms() {
        XCTAssertEqual(StrategyChoice(parsing: "greedy+beam:2"), .escalating(threshold: 0.3, then: .beam(width: 2)))
        XCTAssertEqual(StrategyChoice(parsing: "Greedy+sample:4@0.5"), .escalating(threshold: 0.5, then: .sample(count: 4, temperature: 0.6)))
        XCTAssertEqual(StrategyChoice(parsing: "greedy+beam@0"), .escalating(threshold: 0, then: .beam(width: 4)))
        for bad in ["greedy+", "greedy+greedy", "greedy+beam:2@-1", "greedy+beam:2@x", "greedy+beam:2@0.1@0.2",
                    "greedy+greedy+beam:2", "beam:2+greedy", "greedy+beam:99"] {
            XCTAssertNil(StrategyChoice(parsing: bad), bad)
        }
        // The description parses back to the same choice.
        let choice = StrategyChoice.escalating(threshold: 0.25, then: .beam(width: 3))
        XCTAssertEqual(StrategyChoice(parsing: choice.description), choice)
    }

    func testUnsureMeansAMeanLogprobBelowTheThreshold() {
        func candidate(_ logprobs: [Double], violates: Bool = false) -> Candidate {
            Candidate(tokens: logprobs.map { _ in 1 }, text: "x", tokenLogprobs: logprobs, finish: .maxTokens, endedByModel: false,
                      violatesLanguageRules: violates)
        }
        XCTAssertFalse(CompletionEngine.isUnsure([candidate([-0.1, -0.3])], threshold: 0.3))   // mean −0.2
        XCTAssertTrue(CompletionEngine.isUnsure([candidate([-0.1, -0.7])], threshold: 0.3))    // mean −0.4
        XCTAssertTrue(CompletionEngine.isUnsure([], threshold: 0.3))
        XCTAssertTrue(CompletionEngine.isUnsure([candidate([])], threshold: 0.3))
        // A suggestion that breaks the language rules is not the one judged when another is there.
        XCTAssertFalse(CompletionEngine.isUnsure([candidate([-5], violates: true), candidate([-0.01])], threshold: 0.3))
    }

    /// On the real model: a threshold nothing reaches never escalates and gives greedy's suggestion; a
    /// threshold of 0 (any doubt at all) escalates and ranks more than one candidate.
    func testEscalatesOnlyWhenUnsure() throws {
        let model = try Self.model.get()
        let prefix = "def mean(values):\n    if not values:\n        return 0.0\n    "
        let text = prefix + "\n\nprint(mean([1, 2, 3]))\n"
        func complete(_ choice: StrategyChoice) throws -> CompletionResponse {
            var settings = CompletionSettings()
            settings.automaticStrategy = choice
            settings.candidates = 8
            settings.automaticTimeBudget = 600   // a debug build is slow: the budget must not cut generation short
            return try CompletionEngine(model: model, settings: settings).complete(
                CompletionRequest(documentKey: "mean.py", text: text, cursorUTF8Offset: prefix.utf8.count, filePath: "mean.py", languageID: "python"))
        }
        let greedy = try complete(.greedy)
        let never = try complete(.escalating(threshold: 1e9, then: .beam(width: 2)))
        XCTAssertFalse(never.escalated)
        XCTAssertEqual(never.candidates.map(\.text), greedy.candidates.map(\.text))
        XCTAssertEqual(never.generatedTokens, greedy.generatedTokens)
        let always = try complete(.escalating(threshold: 0, then: .beam(width: 2)))
        XCTAssertTrue(always.escalated)
        XCTAssertGreaterThan(always.generatedTokens, greedy.generatedTokens)
        XCTAssertGreaterThan(always.candidates.count, 1)
    }
}
