import Tokenizer
import XCTest

/// The streaming detokenizer emits only whole characters and flushes leftovers as U+FFFD.
final class StreamingDetokenizerTests: XCTestCase {
    func testEmojiSplitOverTokensIsEmittedOnlyWhenComplete() throws {
        let qwen = try require(TokenizerFixtures.qwen)
        let text = "ok 👍🏽 done 🇯🇵"
        let ids = qwen.encode(text, parseSpecial: false)
        var streaming = StreamingDetokenizer(tokenizer: qwen)
        var output = ""
        var sawIncompleteToken = false
        for id in ids {
            let piece = streaming.append(id)
            if String(validating: qwen.bytes(for: id), as: UTF8.self) == nil { sawIncompleteToken = true }
            XCTAssertFalse(piece.unicodeScalars.contains("\u{FFFD}"), "emitted a broken character for token \(id)")
            output += piece
        }
        output += streaming.flush()
        XCTAssertTrue(sawIncompleteToken, "the test text should contain a token that ends mid-character: \(ids)")
        XCTAssertEqual(output, text)
    }

    func testLeadByteIsHeldBackThenCompleted() throws {
        let qwen = try require(TokenizerFixtures.qwen)
        // GPT-2 byte mapping (computed with OpenAI's bytes_to_unicode in Python): byte 0xF0 is the
        // vocabulary text "ð" (U+00F0), 0x9F is "Ł" (U+0141), 0x91 is "ĳ" (U+0133) and 0x8D is "į"
        // (U+012F); together F0 9F 91 8D is U+1F44D 👍.
        let pieces = ["ð", "Ł", "ĳ", "į"].map { qwen.tokenID(forText: $0) }
        let ids = try pieces.map { try XCTUnwrap($0) }
        XCTAssertEqual(ids.map { qwen.bytes(for: $0) }, [[0xF0], [0x9F], [0x91], [0x8D]])
        var streaming = StreamingDetokenizer(tokenizer: qwen)
        XCTAssertEqual(streaming.append(ids[0]), "")
        XCTAssertEqual(streaming.append(ids[1]), "")
        XCTAssertEqual(streaming.append(ids[2]), "")
        XCTAssertEqual(streaming.append(ids[3]), "👍")
        XCTAssertEqual(streaming.flush(), "")
    }

    func testUnfinishedCharacterIsFlushedAsReplacementCharacter() throws {
        let qwen = try require(TokenizerFixtures.qwen)
        let lead = try XCTUnwrap(qwen.tokenID(forText: "ð"))
        let letter = try XCTUnwrap(qwen.tokenID(forText: "a"))
        var streaming = StreamingDetokenizer(tokenizer: qwen)
        XCTAssertEqual(streaming.append(letter), "a")
        XCTAssertEqual(streaming.append(lead), "")
        XCTAssertEqual(streaming.flush(), "\u{FFFD}")
        XCTAssertEqual(streaming.flush(), "", "flush empties the buffer")
        // A lead byte followed by a non-continuation byte is garbage and is emitted at once.
        XCTAssertEqual(streaming.append(lead), "")
        XCTAssertEqual(streaming.append(letter), "\u{FFFD}a")
    }

    func testDecodeIsLossyForIncompleteTail() throws {
        let qwen = try require(TokenizerFixtures.qwen)
        let lead = try XCTUnwrap(qwen.tokenID(forText: "ð"))
        let ids = qwen.encode("é", parseSpecial: false) + [lead]
        XCTAssertEqual(qwen.decode(ids), "é\u{FFFD}")
    }
}
