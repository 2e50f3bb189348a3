import Completion
import Decoding
import Foundation
import TestSupport
import Tokenizer
import XCTest

/// The `psm-line` prompt layout (the cursor's line starts the middle) and its token healing, on the real
/// 0.5B model's tokenizer.
final class LineInMiddleTests: XCTestCase {
    private static let model = Result { try LoadedModel(path: TestModels.path("qwen2.5-coder-0.5b"), threads: 2) }

    private func loaded() throws -> LoadedModel {
        try Self.model.get()
    }

    private func window(_ text: String, cursor: Int) -> ContextWindow {
        ContextWindow(text: text, cursorUTF8Offset: cursor, budget: .init(tokens: 100), countTokens: { _ in 1 })
    }

    func testTheCursorsLineStartsTheMiddleWithItsLastTokenHealed() throws {
        let tokenizer = try loaded().tokenizer
        let text = "a = 1\nb = fo\nc = 3\n"
        let prompt = PromptBuilder(tokenizer: tokenizer, order: .prefixSuffixLineMiddle).build(window: window(text, cursor: 12), filePath: nil)
        let line = tokenizer.encode("b = fo", parseSpecial: false)
        // Ids from ../shared/MODELS.md: <|fim_prefix|> 151659, <|fim_suffix|> 151661, <|fim_middle|> 151660.
        XCTAssertEqual(prompt.tokens, [151659] + tokenizer.encode("a = 1\n", parseSpecial: false) + [151661]
                       + tokenizer.encode("\nc = 3\n", parseSpecial: false) + [151660] + line.dropLast())
        XCTAssertEqual(prompt.healedBytes, tokenizer.bytes(for: try XCTUnwrap(line.last)))
        XCTAssertNil(prompt.prefixEnd, "the prefix rows do not end at the cursor")
        // The prompt's text and the healed bytes together are the document up to the cursor, in layout order.
        XCTAssertEqual(String(decoding: prompt.tokens.suffix(line.count - 1).flatMap { tokenizer.bytes(for: $0) } + prompt.healedBytes, as: UTF8.self), "b = fo")
    }

    func testAtTheStartOfALineTheLayoutIsPrefixSuffixMiddle() throws {
        let tokenizer = try loaded().tokenizer
        let w = window("a = 1\n\nc = 3\n", cursor: 6)
        let psm = PromptBuilder(tokenizer: tokenizer, order: .prefixSuffixMiddle).build(window: w, filePath: nil)
        let line = PromptBuilder(tokenizer: tokenizer, order: .prefixSuffixLineMiddle).build(window: w, filePath: nil)
        XCTAssertEqual(line.tokens, psm.tokens)
        XCTAssertEqual(line.prefixEnd, psm.prefixEnd)
        XCTAssertEqual(line.healedBytes, [])
    }

    func testHealingAllowsOnlyTokensThatBeginWithTheHealedText() throws {
        let tokenizer = try loaded().tokenizer
        let healed = Array(" resu".utf8)
        let logits = [Float](repeating: 0, count: tokenizer.vocabularySize)
        let restricted = TokenHealing.restrict(logits, toTokensStartingWith: healed, tokenizer: tokenizer)
        let result = try XCTUnwrap(tokenizer.encode(" result", parseSpecial: false).first)
        XCTAssertEqual(tokenizer.encode(" result", parseSpecial: false).count, 1, "' result' is one token of this vocabulary")
        XCTAssertEqual(restricted[Int(result)], 0)
        for other in tokenizer.encode("lt.append(x)", parseSpecial: false) {
            XCTAssertEqual(restricted[Int(other)], -.infinity)
        }
        XCTAssertGreaterThan(restricted.filter { $0 == 0 }.count, 1)
        XCTAssertEqual(TokenHealing.restrict(logits, toTokensStartingWith: [], tokenizer: tokenizer), logits)

        let candidate = Candidate(tokens: [result], text: " result.append(x)", tokenLogprobs: [-0.1], finish: .maxTokens, endedByModel: false)
        XCTAssertEqual(TokenHealing.strip(healed, from: candidate).text, "lt.append(x)")
        XCTAssertEqual(TokenHealing.dropping(5, from: "    resu"), "   ")
    }

    /// Without healing the model continued "retu" as a complete word; with it the suggestion completes it.
    func testAPartlyTypedWordIsCompleted() throws {
        let text = "def total(values):\n    result = 0\n    for v in values:\n        result += v\n    retu\n\n\nprint(total([1, 2]))\n"
        let cursor = text.utf8.count - "\n\n\nprint(total([1, 2]))\n".utf8.count
        var settings = CompletionSettings()
        settings.promptOrder = .prefixSuffixLineMiddle
        settings.automaticStrategy = .greedy
        let engine = CompletionEngine(model: try loaded(), settings: settings)
        let response = try engine.complete(CompletionRequest(documentKey: "t.py", text: text, cursorUTF8Offset: cursor, filePath: "t.py", languageID: "python"))
        let best = try XCTUnwrap(response.candidates.first?.text)
        XCTAssertTrue(best.hasPrefix("rn"), "suggestion after 'retu': '\(best)'")
    }
}
