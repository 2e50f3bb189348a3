import Tokenizer
import XCTest

/// Special tokens: found by text, matched only when asked, metadata ids, control flags.
final class SpecialTokenTests: XCTestCase {
    func testFIMTokensAreFoundByText() throws {
        let qwen = try require(TokenizerFixtures.qwen)
        // Ids as listed in the GGUF's tokenizer.ggml.tokens (dumped once with a Python GGUF reader).
        XCTAssertEqual(qwen.tokenID(forText: "<|fim_prefix|>"), 151659)
        XCTAssertEqual(qwen.tokenID(forText: "<|fim_middle|>"), 151660)
        XCTAssertEqual(qwen.tokenID(forText: "<|fim_suffix|>"), 151661)
        XCTAssertEqual(qwen.tokenID(forText: "<|repo_name|>"), 151663)
        XCTAssertEqual(qwen.tokenID(forText: "<|file_sep|>"), 151664)
        XCTAssertNil(qwen.tokenID(forText: "<|no_such_token|>"))
        let smol = try require(TokenizerFixtures.smol)
        XCTAssertNil(smol.tokenID(forText: "<|fim_prefix|>"))
        XCTAssertEqual(smol.tokenID(forText: "<|im_end|>"), 2)
    }

    func testControlTokenTextInUserCodeStaysPlainText() throws {
        let qwen = try require(TokenizerFixtures.qwen)
        // From reference/README.md: with parsing off `<|fim_prefix|>` is seven ordinary tokens.
        XCTAssertEqual(qwen.encode("<|fim_prefix|>", parseSpecial: false), [27, 91, 69, 318, 13974, 91, 29])
        XCTAssertEqual(qwen.encode("<|fim_prefix|>", parseSpecial: true), [151659])
        let code = "let marker = \"<|endoftext|><|im_end|><|fim_middle|>\"\n"
        let ids = qwen.encode(code, parseSpecial: false)
        XCTAssertFalse(ids.contains(where: qwen.isControl), "\(ids)")
        XCTAssertEqual(qwen.decode(ids), code)
        XCTAssertEqual(qwen.encode(code, parseSpecial: true).filter(qwen.isControl), [151643, 151645, 151660])
    }

    func testUserDefinedTokensMatchEvenWithoutSpecialParsing() throws {
        let qwen = try require(TokenizerFixtures.qwen)
        XCTAssertEqual(qwen.encode("<tool_call>", parseSpecial: false), [151657])
        XCTAssertEqual(qwen.encode("</tool_call>", parseSpecial: true), [151658])
        XCTAssertFalse(qwen.isControl(151657))
    }

    func testMetadataIDsAndFlags() throws {
        let qwen = try require(TokenizerFixtures.qwen)
        XCTAssertEqual(qwen.vocabularySize, 151_936)
        XCTAssertEqual(qwen.bosID, 151643)
        XCTAssertEqual(qwen.eosID, 151645)
        XCTAssertFalse(qwen.addsBOS)
        XCTAssertTrue(qwen.isControl(151659))
        XCTAssertFalse(qwen.isControl(27))
        XCTAssertFalse(qwen.isControl(-1))
        XCTAssertFalse(qwen.isControl(1_000_000))
        XCTAssertEqual(qwen.bytes(for: 151665), [], "[PAD] slots are UNUSED and render as nothing, as in llama.cpp")
        XCTAssertEqual(qwen.bytes(for: -5), [])
        let smol = try require(TokenizerFixtures.smol)
        XCTAssertEqual(smol.vocabularySize, 49_152)
        XCTAssertEqual(smol.bosID, 1)
        XCTAssertEqual(smol.eosID, 2)
        XCTAssertFalse(smol.addsBOS)
        XCTAssertEqual(smol.bytes(for: 2), Array("<|im_end|>".utf8))
    }

    func testEveryTokenTextLooksUpItsOwnIDByteForByte() throws {
        for tokenizer in [try require(TokenizerFixtures.qwen), try require(TokenizerFixtures.smol)] {
            var mismatches = 0
            for id in 0..<Int32(tokenizer.vocabularySize) {
                guard let text = tokenizer.text(for: id), tokenizer.tokenID(forText: text) == id else {
                    mismatches += 1
                    continue
                }
            }
            XCTAssertEqual(mismatches, 0, "the vocabularies have no duplicate texts, so every lookup must round-trip")
        }
        // Canonically equivalent but different bytes must not match (Swift String equality would).
        let qwen = try require(TokenizerFixtures.qwen)
        XCTAssertNotNil(qwen.tokenID(forText: "\u{00E9}"))
        XCTAssertNil(qwen.tokenID(forText: "e\u{0301}"))
    }

    func testEmptyTextGivesNoTokens() throws {
        XCTAssertEqual(try require(TokenizerFixtures.qwen).encode("", parseSpecial: true), [])
        XCTAssertEqual(try require(TokenizerFixtures.smol).encode("", parseSpecial: false), [])
    }
}
