import Completion
import TestSupport
import XCTest

/// The prompt stage on the real 0.5B's tokenizer: the model's template, the token limit, the end tokens.
final class PlannedPromptTests: XCTestCase {
    private func request(_ marked: String) -> CompletionRequest {
        let parts = marked.components(separatedBy: "|")
        return CompletionRequest(documentKey: "t.py", text: parts.joined(), cursorUTF8Offset: parts[0].utf8.count, filePath: "t.py")
    }

    func testPlannedPromptUsesTheTemplateAndTheLineBudget() throws {
        let model = try LoadedModel(path: TestModels.path("qwen2.5-coder-0.5b"), threads: 2)
        var settings = CompletionSettings()
        settings.maxTokensSingleLine = 17
        let context = CompletionContext(request: request("x = |\n"), settings: settings, countTokens: { $0.count })
        let planned = PlannedPrompt(context: context, filePath: "t.py", settings: settings, tokenizer: model.tokenizer)
        XCTAssertEqual(planned.maxTokens, 17)
        XCTAssertEqual(planned.prompt.tokens.first, 151659, "<|fim_prefix|> (Tests/Fixtures/models/README.md)")
        XCTAssertEqual(planned.prompt.tokens.last, 151660, "<|fim_middle|>")
        XCTAssertTrue(planned.endTokens.contains(151664), "<|file_sep|> ends a suggestion")
        XCTAssertTrue(planned.endTokens.isSuperset(of: model.tokenizer.endOfGenerationTokens))
    }
}
