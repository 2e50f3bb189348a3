import Documents
@testable import InfillServer
import LanguageServerProtocol
import XCTest

/// The completion menu's items start at the word typed before the cursor (the mid-word bug).
final class CompletionRepliesTests: XCTestCase {
    private func candidate(_ text: String, at offset: Int) -> BackendCandidate {
        BackendCandidate(text: text, replaceUTF8Range: offset..<offset, score: 0)
    }

    func testTheItemStartsAtTheTypedWord() throws {
        let text = "        return \"Fizz\n"
        let snapshot = DocumentSnapshot(uri: "file:///f.py", languageID: "python", version: 1, text: text)
        let cursor = text.utf8.count - 1                      // after `Fizz`
        let list = CompletionReplies.menu([candidate("Buzz\"", at: cursor)], in: snapshot, encoding: .utf16)
        let item = try XCTUnwrap(list.items.first)
        XCTAssertEqual(item.label, "FizzBuzz\"")
        XCTAssertEqual(item.filterText, "FizzBuzz\"")
        XCTAssertEqual(item.textEdit?.newText, "FizzBuzz\"")
        XCTAssertEqual(item.textEdit?.range.start, TextPosition(line: 0, character: 16), "the range starts at `F`")
        XCTAssertEqual(item.textEdit?.range.end, TextPosition(line: 0, character: 20), "and ends at the cursor")
        XCTAssertNil(item.insertReplaceEdit, "no InsertReplaceEdit for a client that did not offer it")
    }

    func testNoWordBeforeTheCursorLeavesTheItemAtTheCursor() throws {
        let text = "    return \n"
        let snapshot = DocumentSnapshot(uri: "file:///f.py", languageID: "python", version: 1, text: text)
        let item = try XCTUnwrap(CompletionReplies.menu([candidate("a + b", at: 11)], in: snapshot, encoding: .utf16).items.first)
        XCTAssertEqual(item.textEdit?.newText, "a + b")
        XCTAssertEqual(item.textEdit?.range, TextRange(start: TextPosition(line: 0, character: 11), end: TextPosition(line: 0, character: 11)))
    }

    func testInsertReplaceCoversTheRestOfTheWordAndCountsUTF16() throws {
        // `é` is two UTF-8 bytes and one UTF-16 unit; `😀` before the word is no word character.
        let text = "x = 😀café_n|ame\n".replacingOccurrences(of: "|", with: "")
        let snapshot = DocumentSnapshot(uri: "file:///f.py", languageID: "python", version: 1, text: text)
        let cursor = "x = 😀café_n".utf8.count
        let item = try XCTUnwrap(CompletionReplies.menu([candidate("umber", at: cursor)], in: snapshot, encoding: .utf16,
                                                        insertReplace: true).items.first)
        let edit = try XCTUnwrap(item.insertReplaceEdit)
        XCTAssertEqual(edit.newText, "café_number")
        XCTAssertEqual(edit.insert, TextRange(start: TextPosition(line: 0, character: 6), end: TextPosition(line: 0, character: 12)))
        XCTAssertEqual(edit.replace, TextRange(start: TextPosition(line: 0, character: 6), end: TextPosition(line: 0, character: 15)))
        let json = try XCTUnwrap(item.json as? [String: Any])
        let wire = try XCTUnwrap(json["textEdit"] as? [String: Any])
        XCTAssertNotNil(wire["insert"], "sent as the textEdit in InsertReplaceEdit form: \(json)")
        let decoded = try CompletionItem(json: FieldReader(json))
        XCTAssertEqual(decoded.insertReplaceEdit?.replace, edit.replace)
    }

    func testClientCapabilityIsRead() {
        let reader = FieldReader(["textDocument": ["completion": ["completionItem": ["insertReplaceSupport": true]]]])
        XCTAssertTrue(ClientCapabilities(lenient: reader).completionInsertReplace)
        XCTAssertFalse(ClientCapabilities(lenient: FieldReader([String: Any]())).completionInsertReplace)
    }
}

/// The server passes the client's insertReplaceSupport to the menu's shaping.
final class MidWordCompletionServerTests: XCTestCase {
    func testTheServerAnswersMidWordItemsInTheFormTheClientOffered() throws {
        let h = Harness(backend: FakeBackend(script: [(false, ["Buzz\""]), (false, ["Buzz\""])]))
        _ = try h.peer.initialize(capabilities: ["textDocument": ["completion": ["completionItem": ["insertReplaceSupport": true]]]])
        try h.open("file:///f.py", "def f(n):\n    return \"Fizz\n")
        let menu = try h.peer.request("textDocument/completion", ["textDocument": ["uri": "file:///f.py"], "position": ["line": 1, "character": 16]])
        let item = try XCTUnwrap(((menu["result"] as? [String: Any])?["items"] as? [[String: Any]])?.first, "\(menu)")
        XCTAssertEqual(item["filterText"] as? String, "FizzBuzz\"")
        let edit = try XCTUnwrap(item["textEdit"] as? [String: Any])
        XCTAssertEqual(edit["newText"] as? String, "FizzBuzz\"")
        XCTAssertEqual(((edit["insert"] as? [String: Any])?["start"] as? [String: Any])?["character"] as? Int, 12)
        XCTAssertEqual(((edit["replace"] as? [String: Any])?["end"] as? [String: Any])?["character"] as? Int, 16)
        XCTAssertEqual(try h.finish(), 0)
    }
}
