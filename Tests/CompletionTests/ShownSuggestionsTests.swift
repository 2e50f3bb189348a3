import Completion
import XCTest

/// Keystrokes that type the start of the suggestion on screen are answered with the rest of it; anything
/// else about the document must send the request to the model.
final class ShownSuggestionsTests: XCTestCase {
    private let document = "def area(r):\n    return \n\nprint(area(2))\n"
    private var cursor: Int { "def area(r):\n    return ".utf8.count }

    private func shown(_ texts: [String], in text: String? = nil, at offset: Int? = nil) -> ShownSuggestions {
        let candidates = texts.enumerated().map { CompletionCandidate(text: $1, score: -Double($0), endedByModel: true) }
        let response = CompletionResponse(candidates: candidates, promptTokens: 100, reusedPromptTokens: 90, generatedTokens: 12,
                                          promptSeconds: 0.1, generationSeconds: 0.2, multiline: false, cancelled: false)
        return ShownSuggestions(text: text ?? document, cursor: offset ?? cursor, response: response)
    }

    /// `document` with `typed` inserted at the cursor, and the cursor after it.
    private func typing(_ typed: String) -> (String, Int) {
        let before = "def area(r):\n    return "
        return (before + typed + "\n\nprint(area(2))\n", before.utf8.count + typed.utf8.count)
    }

    func testTypingTheStartGivesTheRestOfEachMatchingSuggestion() throws {
        let s = shown(["3.14159 * r * r", "math.pi * r ** 2", "3.14 * r * r"])
        let (text, at) = typing("3.14")
        let reply = try XCTUnwrap(s.reply(text: text, cursor: at))
        XCTAssertEqual(reply.candidates.map(\.text), ["159 * r * r", " * r * r"], "the one that does not start with 3.14 is gone")
        XCTAssertEqual(reply.candidates.map(\.score), [0, -2], "scores and order are kept")
        XCTAssertTrue(reply.reusedShownSuggestion)
        XCTAssertEqual(reply.generatedTokens, 0)
        XCTAssertEqual(reply.promptTokens, 0)
    }

    func testAnythingElseGoesToTheModel() {
        let s = shown(["3.14159 * r * r"])
        XCTAssertNil(s.reply(text: document, cursor: cursor), "nothing typed")
        let (wrong, at) = typing("2")
        XCTAssertNil(s.reply(text: wrong, cursor: at), "a character the suggestion does not start with")
        let (whole, end) = typing("3.14159 * r * r")
        XCTAssertNil(s.reply(text: whole, cursor: end), "the whole suggestion typed: nothing left to show")
        let (typed, after) = typing("3")
        XCTAssertNil(s.reply(text: typed.replacingOccurrences(of: "area(2)", with: "area(5)"), cursor: after),
                     "the code after the cursor changed")
        XCTAssertNil(s.reply(text: typed.replacingOccurrences(of: "def area", with: "def circle"), cursor: after + 2),
                     "the code before the cursor changed elsewhere")
        XCTAssertNil(s.reply(text: typed, cursor: after - 1), "the cursor moved back")
    }

    func testOnlyWhitespaceLeftIsNotASuggestion() {
        // A whole line inserted above "b": the suggestion ends with its line break.
        let s = shown(["x = 1\n"], in: "a\n\nb\n", at: 2)
        XCTAssertNil(s.reply(text: "a\nx = 1\nb\n", cursor: 7), "only the line break was left")
        XCTAssertEqual(s.reply(text: "a\nx\nb\n", cursor: 3)?.candidates.first?.text, " = 1\n")
    }

    func testCharactersBeyondASCIIAreComparedWhole() throws {
        let before = "s = \""
        let s = shown(["héllo wörld\""], in: before + "\n", at: before.utf8.count)
        let reply = try XCTUnwrap(s.reply(text: before + "hé\n", cursor: (before + "hé").utf8.count))
        XCTAssertEqual(reply.candidates.first?.text, "llo wörld\"")
        // A cursor inside "é" (between its two bytes) is not a place to continue from.
        let inside = (before + "h").utf8.count + 1
        XCTAssertNil(s.reply(text: before + "hé\n", cursor: inside))
    }
}
