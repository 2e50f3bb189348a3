import Languages
import XCTest

/// The scanner's reading of brackets, strings, f-strings and comments, started mid-line as the stop rules use it.
final class SyntaxScannerTests: XCTestCase {
    private let python = Python().syntax

    func testBracketsOpenedBeforeTheCursorAreOuterFrames() {
        let state = SyntaxScanner.state(after: "    return len(", syntax: python)
        XCTAssertEqual(state.frames, [.bracket(close: ")")])
        var scanner = SyntaxScanner(syntax: python, state: state)
        let text = Array("set(s))")
        var events: [SyntaxScanner.Event] = []
        var i = 0
        while i < text.count { let step = scanner.step(text, at: i); events.append(step.event); i = step.next }
        XCTAssertEqual(events, [.none, .none, .none, .opened, .none, .closed, .closedOuter(")")],
                       "the first `)` closes the suggestion's own `set(`, the second the prefix's `len(`")
    }

    func testFormatStringInterpolationIsAFrameOfItsOwn() {
        let state = SyntaxScanner.state(after: "print(f\"{", syntax: python)
        XCTAssertEqual(state.frames, [.bracket(close: ")"), .string(quote: "\"", triple: false, interpolates: true), .interpolation(close: "}")])
        let plain = SyntaxScanner.state(after: "print(\"{", syntax: python)
        XCTAssertEqual(plain.frames, [.bracket(close: ")"), .string(quote: "\"", triple: false, interpolates: false)],
                       "a brace in a plain string is text")
        let doubled = SyntaxScanner.state(after: "x = f\"{{", syntax: python)
        XCTAssertEqual(doubled.frames, [.string(quote: "\"", triple: false, interpolates: true)], "`{{` is a literal brace")
    }

    func testBracketsInsideStringsAndCommentsDoNotCount() {
        XCTAssertEqual(SyntaxScanner.state(after: "x = \"(\" + '[' ", syntax: python).frames, [])
        let comment = SyntaxScanner.state(after: "x = 1  # call f(", syntax: python)
        XCTAssertTrue(comment.inLineComment)
        XCTAssertEqual(comment.frames, [])
        XCTAssertEqual(SyntaxScanner.state(after: "s = \"a\\\"(", syntax: python).frames,
                       [.string(quote: "\"", triple: false, interpolates: false)], "an escaped quote does not end the string")
    }

    func testTripleQuotedStringsSpanLines() {
        let state = SyntaxScanner.state(after: "doc = \"\"\"one\n\"two\" (", syntax: python)
        XCTAssertEqual(state.frames, [.string(quote: "\"", triple: true, interpolates: false)])
        XCTAssertEqual(SyntaxScanner.state(after: "doc = \"\"\"one\ntwo\"\"\" + (", syntax: python).frames, [.bracket(close: ")")])
    }

    func testBraceLanguages() {
        let js = BraceLanguage.javaScript.syntax
        XCTAssertEqual(SyntaxScanner.state(after: "log(`a ${", syntax: js).frames,
                       [.bracket(close: ")"), .string(quote: "`", triple: false, interpolates: true), .interpolation(close: "}")])
        let c = BraceLanguage.c.syntax
        XCTAssertEqual(SyntaxScanner.state(after: "f(a /* ( */, ", syntax: c).frames, [.bracket(close: ")")])
        XCTAssertTrue(SyntaxScanner.state(after: "f(a); // (", syntax: c).inLineComment)
        let swift = BraceLanguage.swift.syntax
        XCTAssertEqual(SyntaxScanner.state(after: "print(\"\\(", syntax: swift).frames,
                       [.bracket(close: ")"), .string(quote: "\"", triple: false, interpolates: true), .interpolation(close: ")")])
    }

    func testDetectionByLanguageIDThenFileName() {
        XCTAssertEqual(Languages.detect(languageID: "python", filePath: nil).name, "python")
        XCTAssertEqual(Languages.detect(languageID: nil, filePath: "/src/a.pyi").name, "python")
        XCTAssertEqual(Languages.detect(languageID: "typescript", filePath: "x.py").name, "javascript", "the editor's id wins")
        XCTAssertEqual(Languages.detect(languageID: nil, filePath: "main.rs").name, "rust")
        XCTAssertEqual(Languages.detect(languageID: "yaml", filePath: nil).indentationDefinesBlocks, true)
        XCTAssertEqual(Languages.detect(languageID: "cobol", filePath: nil).name, "plain")
        XCTAssertNotNil(Python().blockRules(prefix: "def f():\n", suffix: "", singleLine: false))
        XCTAssertNil(BraceLanguage.c.blockRules(prefix: "int f() {\n", suffix: "}", singleLine: false))
    }
}
