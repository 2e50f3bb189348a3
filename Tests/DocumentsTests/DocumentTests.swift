import Documents
import XCTest

final class DocumentTests: XCTestCase {
    func testUTF16PositionsAfterAnEmojiAndAFlag() throws {
        // "😀" is 2 UTF-16 units and 4 UTF-8 bytes; "🇫🇷" is 4 UTF-16 units and 8 bytes.
        let doc = DocumentSnapshot(uri: "u", languageID: "x", version: 1, text: "a😀b🇫🇷c\n")
        XCTAssertEqual(try doc.utf8Offset(of: TextPosition(line: 0, character: 3), encoding: .utf16), 5)      // before "b"
        XCTAssertEqual(try doc.utf8Offset(of: TextPosition(line: 0, character: 8), encoding: .utf16), 14)     // before "c"
        XCTAssertEqual(try doc.utf8Offset(of: TextPosition(line: 0, character: 3), encoding: .utf32), 14 - 8) // a, 😀, b → before 🇫
        XCTAssertEqual(try doc.utf8Offset(of: TextPosition(line: 0, character: 5), encoding: .utf8), 5)
    }

    func testCharacterPastTheEndOfALineMeansItsEnd() throws {
        let doc = DocumentSnapshot(uri: "u", languageID: "x", version: 1, text: "ab\r\ncd\n")
        XCTAssertEqual(try doc.utf8Offset(of: TextPosition(line: 0, character: 99), encoding: .utf16), 2, "before the CRLF")
        XCTAssertEqual(try doc.utf8Offset(of: TextPosition(line: 1, character: 1), encoding: .utf16), 5)
    }

    func testSeveralIncrementalEditsApplyInOrder() throws {
        let store = DocumentStore()
        store.open(uri: "u", languageID: "py", version: 1, text: "hello\r\nworld\n")
        let doc = try store.change(uri: "u", version: 2, edits: [
            TextChange(range: TextRange(start: TextPosition(line: 0, character: 5), end: TextPosition(line: 0, character: 5)), text: ","),
            TextChange(range: TextRange(start: TextPosition(line: 1, character: 0), end: TextPosition(line: 1, character: 5)), text: "there 😀"),
            TextChange(range: TextRange(start: TextPosition(line: 1, character: 8), end: TextPosition(line: 1, character: 8)), text: "!"),
        ], encoding: .utf16)
        XCTAssertEqual(doc.text, "hello,\r\nthere 😀!\n")
        XCTAssertEqual(doc.version, 2)
    }

    func testAnImpossibleRangeLeavesTheDocumentUnchanged() {
        let store = DocumentStore()
        store.open(uri: "u", languageID: "py", version: 1, text: "one\ntwo\n")
        XCTAssertThrowsError(try store.change(uri: "u", version: 2, edits: [
            TextChange(range: TextRange(start: TextPosition(line: 0, character: 0), end: TextPosition(line: 0, character: 1)), text: "O"),
            TextChange(range: TextRange(start: TextPosition(line: 40, character: 0), end: TextPosition(line: 41, character: 0)), text: "x"),
        ], encoding: .utf16))
        XCTAssertEqual(store.snapshot("u")?.text, "one\ntwo\n", "no part of a refused change is applied")
        XCTAssertEqual(store.snapshot("u")?.version, 1)
    }

    func testFullReplacement() throws {
        let store = DocumentStore()
        store.open(uri: "u", languageID: "py", version: 1, text: "old")
        XCTAssertEqual(try store.change(uri: "u", version: 2, edits: [TextChange(range: nil, text: "new")], encoding: .utf16).text, "new")
    }
}
