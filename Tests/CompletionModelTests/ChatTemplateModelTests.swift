import Completion
import Foundation
import GGUF
import Languages
import TestSupport
import Tokenizer
import XCTest

/// Chat templates on the real GGUF metadata: family, default system prompt, and the rendered exchange token
/// by token against llama.cpp's own rendering (Tests/Fixtures/reference/decode/*-chat-py2go.json).
final class ChatTemplateModelTests: XCTestCase {
    private struct Fixture: Decodable {
        let prompt: String
        let prompt_tokens: [Int32]
    }

    private func fixture(_ model: String) throws -> Fixture {
        let path = Fixtures.path("reference/decode/\(model)-chat-py2go.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// The user message of the fixtures, written with the translation task's own prompt text.
    private let pythonSource = "def sum_even(nums):\n    total = 0\n    for n in nums:\n        if n % 2 == 0:\n            total += n\n    return total\n"

    private func checkAgainstLlamaCpp(_ model: String) throws {
        let file = try GGUFFile(contentsOf: TestModels.path(model))
        let template = try ChatTemplate(gguf: file)
        XCTAssertEqual(template.family, .chatML)
        let tokenizer = try Tokenizer(gguf: file)
        let user = try TaskPrompts.translation(source: pythonSource, from: XCTUnwrap(CodeLanguage.named("python")),
                                               to: XCTUnwrap(CodeLanguage.named("go")), targetSignature: nil)
        let text = template.render(user: user)
        let expected = try fixture(model)
        XCTAssertEqual(text, expected.prompt)
        XCTAssertEqual(tokenizer.encode(text, parseSpecial: true), expected.prompt_tokens)
    }

    func testQwenLayoutMatchesLlamaCppTokenByToken() throws { try checkAgainstLlamaCpp("qwen2.5-coder-0.5b") }

    func testQwen15BLayoutMatchesLlamaCppTokenByToken() throws { try checkAgainstLlamaCpp("qwen2.5-coder-1.5b") }

    func testSmolLMLayoutMatchesLlamaCppTokenByToken() throws { try checkAgainstLlamaCpp("smollm2-135m") }

    func testDefaultSystemPromptsComeFromTheTemplates() throws {
        let qwen = try ChatTemplate(gguf: GGUFFile(contentsOf: TestModels.path("qwen2.5-coder-0.5b")))
        XCTAssertEqual(qwen.defaultSystemPrompt, "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.")
        let smol = try ChatTemplate(gguf: GGUFFile(contentsOf: TestModels.path("smollm2-135m")))
        XCTAssertEqual(smol.defaultSystemPrompt, "You are a helpful AI assistant named SmolLM, trained by Hugging Face")
    }
}
