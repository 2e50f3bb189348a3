import Tokenizer
import XCTest

/// The array-based initializer on a tiny vocabulary whose results were worked out by hand.
final class HandBuiltVocabularyTests: XCTestCase {
    // Token texts are GPT-2 byte-mapped: "Ġ" is a space.
    private let tokens = ["a", "b", "c", "ab", "Ġ", "abc", "Ġab", "<|end|>", "<x>", "1"]
    private let types = [1, 1, 1, 1, 1, 1, 1, 3, 4, 1]
    private let merges = ["a b", "ab c", "Ġ ab"]

    private func make(pre: String = "gpt-2") throws -> Tokenizer {
        try Tokenizer(tokens: tokens, tokenTypes: types, merges: merges, preTokenizer: pre,
                      bosID: nil, eosID: 7, addBOS: false)
    }

    func testMergesApplyByRank() throws {
        let tokenizer = try make()
        // Words "ab" and " abc". "ab" -> [ab]. " abc": a+b (rank 0) -> Ġ ab c; then ab+c (rank 1) beats
        // Ġ+ab (rank 2) -> Ġ abc; no rule joins Ġ and abc.
        XCTAssertEqual(tokenizer.encode("ab abc", parseSpecial: false), [3, 4, 5])
        // " ab": a+b then Ġ+ab -> [Ġab].
        XCTAssertEqual(tokenizer.encode(" ab", parseSpecial: false), [6])
        XCTAssertEqual(tokenizer.decode([3, 4, 5]), "ab abc")
    }

    func testSpecialTokensFollowTheirType() throws {
        let tokenizer = try make()
        XCTAssertEqual(tokenizer.encode("<|end|>", parseSpecial: true), [7])
        XCTAssertEqual(tokenizer.encode("a<x>b", parseSpecial: false), [0, 8, 1], "user-defined always matches")
        XCTAssertTrue(tokenizer.isControl(7))
        XCTAssertEqual(tokenizer.endOfGenerationTokens, [7])
        XCTAssertEqual(tokenizer.eosID, 7)
        XCTAssertNil(tokenizer.bosID)
        XCTAssertEqual(tokenizer.vocabularySize, 10)
    }

    func testSmolLMPreTokenizerSplitsDigitsBeforeGPT2Rules() throws {
        let tokenizer = try make(pre: "smollm")
        // "a 1": the digit pass cuts "a " | "1"; GPT-2 rules keep the trailing space of "a " whole.
        XCTAssertEqual(tokenizer.encode("a 1", parseSpecial: false), [0, 4, 9])
    }

    func testInvalidInputsThrowPreciseErrors() {
        func error(_ body: () throws -> Tokenizer) -> TokenizerError? {
            do { _ = try body(); return nil } catch { return error as? TokenizerError }
        }
        XCTAssertEqual(error { try Tokenizer(tokens: [], tokenTypes: [], merges: [], preTokenizer: "qwen2",
                                             bosID: nil, eosID: nil, addBOS: false) }, .emptyVocabulary)
        XCTAssertEqual(error { try Tokenizer(tokens: ["a"], tokenTypes: [], merges: [], preTokenizer: "qwen2",
                                             bosID: nil, eosID: nil, addBOS: false) },
                       .tokenTypeCountMismatch(tokens: 1, types: 0))
        XCTAssertEqual(error { try Tokenizer(tokens: ["a"], tokenTypes: [9], merges: [], preTokenizer: "qwen2",
                                             bosID: nil, eosID: nil, addBOS: false) },
                       .invalidTokenType(index: 0, value: 9))
        XCTAssertEqual(error { try Tokenizer(tokens: ["a"], tokenTypes: [1], merges: ["ab"], preTokenizer: "qwen2",
                                             bosID: nil, eosID: nil, addBOS: false) },
                       .malformedMerge(index: 0, text: "ab"))
        XCTAssertEqual(error { try Tokenizer(tokens: ["a"], tokenTypes: [1], merges: [], preTokenizer: "llama-bpe",
                                             bosID: nil, eosID: nil, addBOS: false) },
                       .unsupportedPreTokenizer("llama-bpe"))
        XCTAssertEqual(error { try Tokenizer(tokens: ["a"], tokenTypes: [1], merges: [], preTokenizer: "qwen2",
                                             bosID: 3, eosID: nil, addBOS: false) },
                       .specialTokenOutOfRange(name: "bos", id: 3, vocabularySize: 1))
        XCTAssertTrue(TokenizerError.malformedMerge(index: 4, text: "x").description.contains("merge rule 4"))
    }
}
