import Tokenizer
import XCTest

/// Encoding then rendering the tokens gives back the exact bytes, for every golden text.
final class RoundTripTests: XCTestCase {
    func testQwenTokenBytesConcatenateToTheInput() throws {
        try checkRoundTrip(file: "qwen2.5-coder.jsonl", tokenizer: require(TokenizerFixtures.qwen))
    }

    func testSmolLMTokenBytesConcatenateToTheInput() throws {
        try checkRoundTrip(file: "smollm2-135m.jsonl", tokenizer: require(TokenizerFixtures.smol))
    }

    private func checkRoundTrip(file: String, tokenizer: Tokenizer) throws {
        for line in try TokenizerFixtures.goldenLines(file) {
            for parseSpecial in [false, true] {
                let ids = tokenizer.encode(line.text, parseSpecial: parseSpecial)
                let bytes = ids.flatMap { tokenizer.bytes(for: $0) }
                XCTAssertEqual(bytes, Array(line.text.utf8), line.text.debugDescription)
                XCTAssertEqual(tokenizer.decode(ids), line.text, line.text.debugDescription)
            }
        }
    }
}
