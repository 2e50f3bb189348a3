import Foundation
import Tokenizer
import XCTest

/// The prompts, generated tokens and token bytes recorded from llama-server (reference/decode/*.json).
final class DecodeReferenceTests: XCTestCase {
    private struct Case: Decodable {
        struct Probability: Decodable {
            let id: Int32
            let bytes: [UInt8]
            let top_logprobs: [Candidate]
        }
        struct Candidate: Decodable {
            let id: Int32
            let bytes: [UInt8]
        }
        let model: String
        let prompt: String
        let prompt_tokens: [Int32]
        let eog_token_ids: [Int32]
        let tokens: [Int32]
        let content: String
        let completion_probabilities: [Probability]
    }

    private func cases() throws -> [(Case, Tokenizer)] {
        let directory = TokenizerFixtures.fixturePath("reference/decode")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
        XCTAssertEqual(names.count, 18)
        let qwen = try require(TokenizerFixtures.qwen)
        let smol = try require(TokenizerFixtures.smol)
        return try names.map { name in
            let data = try Data(contentsOf: URL(fileURLWithPath: (directory as NSString).appendingPathComponent(name)))
            let value = try JSONDecoder().decode(Case.self, from: data)
            return (value, value.model.hasPrefix("smollm2") ? smol : qwen)
        }
    }

    func testPromptsTokenizeLikeLlamaServerWithSpecialParsing() throws {
        for (reference, tokenizer) in try cases() {
            XCTAssertEqual(tokenizer.encode(reference.prompt, parseSpecial: true), reference.prompt_tokens,
                           "\(reference.model): \(reference.prompt.prefix(40).debugDescription)")
        }
    }

    func testEndOfGenerationSetsMatchLlamaCpp() throws {
        for (reference, tokenizer) in try cases() {
            XCTAssertEqual(tokenizer.endOfGenerationTokens, Set(reference.eog_token_ids), reference.model)
        }
    }

    func testTokenBytesMatchLlamaServer() throws {
        var checked = 0
        for (reference, tokenizer) in try cases() {
            for step in reference.completion_probabilities {
                XCTAssertEqual(tokenizer.bytes(for: step.id), step.bytes, "\(reference.model) token \(step.id)")
                for candidate in step.top_logprobs {
                    XCTAssertEqual(tokenizer.bytes(for: candidate.id), candidate.bytes,
                                   "\(reference.model) token \(candidate.id)")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 18 * 48 * 5)
    }

    func testGeneratedTokensDecodeToServerContent() throws {
        for (reference, tokenizer) in try cases() {
            XCTAssertEqual(tokenizer.decode(reference.tokens), reference.content, reference.model)
            var streaming = StreamingDetokenizer(tokenizer: tokenizer)
            var text = ""
            for token in reference.tokens { text += streaming.append(token) }
            text += streaming.flush()
            XCTAssertEqual(text, reference.content, reference.model)
        }
    }
}
