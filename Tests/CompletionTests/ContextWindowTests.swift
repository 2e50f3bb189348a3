import Completion
import XCTest

/// The window of code around the cursor: whole lines outward, prefix first, a stable start.
final class ContextWindowTests: XCTestCase {
    /// Every line costs one token per character, so budgets are easy to reason about.
    private let perCharacter: (Substring) -> Int = { $0.count }
    /// "line00\n" … "line19\n": 20 lines of 7 characters.
    private let lines = (0..<20).map { "line\($0 < 10 ? "0" : "")\($0)\n" }

    func testWholeDocumentFitsWhenBudgetAllows() {
        let text = "a = 1\nb = 2\nc = 3\n"
        let cursor = "a = 1\nb = ".utf8.count
        let w = ContextWindow(text: text, cursorUTF8Offset: cursor, budget: .init(tokens: 1000), countTokens: perCharacter)
        XCTAssertEqual(w.prefix, "a = 1\nb = ")
        XCTAssertEqual(w.suffix, "2\nc = 3\n")
        XCTAssertFalse(w.prefixTruncated)
        XCTAssertFalse(w.suffixTruncated)
    }

    func testBudgetCutsWholeLinesAndFavoursThePrefix() {
        let text = lines.joined()
        let cursor = lines[0..<10].joined().utf8.count                      // start of line 10
        let w = ContextWindow(text: text, cursorUTF8Offset: cursor,
                              budget: .init(tokens: 56, prefixShare: 0.75, prefixLineGranularity: 1), countTokens: perCharacter)
        // 42 tokens of prefix = 6 lines; the suffix gets the rest (14 = 2 lines).
        XCTAssertEqual(w.prefix, lines[4..<10].joined())
        XCTAssertEqual(w.suffix, lines[10..<12].joined())
        XCTAssertTrue(w.prefixTruncated)
        XCTAssertTrue(w.suffixTruncated)
    }

    /// A suffix limit (typing: every suffix token is processed again after a keystroke) takes whole lines up
    /// to the limit, at least the cursor's own, and leaves the rest of the budget to the prefix.
    func testSuffixLimitBoundsTheSuffixAndGivesTheRestToThePrefix() {
        let text = lines.joined()
        let cursor = lines[0..<10].joined().utf8.count                      // start of line 10
        let limited = ContextWindow(text: text, cursorUTF8Offset: cursor,
                                    budget: .init(tokens: 1000, prefixLineGranularity: 1, suffixTokenLimit: 15), countTokens: perCharacter)
        XCTAssertEqual(limited.suffix, lines[10..<12].joined(), "14 tokens fit in 15, a third line would not")
        XCTAssertTrue(limited.suffixTruncated)
        XCTAssertEqual(limited.prefix, lines[0..<10].joined())
        let tight = ContextWindow(text: text, cursorUTF8Offset: cursor + 3,
                                  budget: .init(tokens: 1000, prefixLineGranularity: 1, suffixTokenLimit: 0), countTokens: perCharacter)
        XCTAssertEqual(tight.suffix, "e10\n", "the rest of the cursor's line stays")
        // With a small total budget the limit leaves more to the prefix: 35 tokens, suffix at most 7.
        let shared = ContextWindow(text: text, cursorUTF8Offset: cursor,
                                   budget: .init(tokens: 35, prefixShare: 0.5, prefixLineGranularity: 1, suffixTokenLimit: 7), countTokens: perCharacter)
        XCTAssertEqual(shared.suffix, lines[10])
        XCTAssertEqual(shared.prefix, lines[6..<10].joined(), "28 tokens of prefix")
    }

    func testUnusedSuffixBudgetGoesToThePrefix() {
        let text = lines.joined()
        let cursor = text.utf8.count                                        // end of file: no suffix
        let w = ContextWindow(text: text, cursorUTF8Offset: cursor,
                              budget: .init(tokens: 70, prefixShare: 0.5, prefixLineGranularity: 1), countTokens: perCharacter)
        XCTAssertEqual(w.prefix, lines[10..<20].joined(), "all 70 tokens used by the prefix")
    }

    func testPrefixStartIsRoundedSoTypingKeepsTheSameStart() {
        let lines = (0..<100).map { _ in "xxxxxxx\n" }                       // 8 characters each
        let text = lines.joined()
        var starts = Set<Int>()
        for typed in 0..<6 {
            let cursorLine = 60 + typed
            let cursor = lines[0..<cursorLine].joined().utf8.count
            let w = ContextWindow(text: text, cursorUTF8Offset: cursor,
                                  budget: .init(tokens: 200, prefixShare: 1.0, prefixLineGranularity: 16), countTokens: perCharacter)
            let firstLine = cursorLine - w.prefix.split(separator: "\n").count
            XCTAssertEqual(firstLine % 16, 0, "the window starts on a multiple of 16 lines")
            starts.insert(firstLine)
        }
        XCTAssertEqual(starts.count, 1, "moving down a few lines keeps the same first line: \(starts)")
    }

    func testCursorInsideAMultibyteCharacterMovesBack() {
        let text = "x = \"😀\"\n"
        let inside = "x = \"".utf8.count + 2                                // inside the emoji's 4 bytes
        let w = ContextWindow(text: text, cursorUTF8Offset: inside, budget: .init(tokens: 100), countTokens: perCharacter)
        XCTAssertEqual(w.prefix, "x = \"")
        XCTAssertEqual(w.suffix, "😀\"\n")
    }

    func testOutOfRangeCursorIsClamped() {
        let w = ContextWindow(text: "abc", cursorUTF8Offset: 99, budget: .init(tokens: 100), countTokens: perCharacter)
        XCTAssertEqual(w.prefix, "abc")
        XCTAssertEqual(w.suffix, "")
    }
}

/// One line or several, and the block's indentation, from the text around the cursor.
final class CursorContextTests: XCTestCase {
    func testInsideALineIsSingleLine() {
        let c = CursorContext(prefix: "x = foo(", suffix: ")\n", invoked: false)
        XCTAssertFalse(c.isMultiline)
    }

    func testAfterABlockOpenerIsMultiline() {
        let c = CursorContext(prefix: "def f(x):\n    ", suffix: "\n", invoked: false)
        XCTAssertTrue(c.isMultiline)
        XCTAssertEqual(c.blockIndentation, "    ")
    }

    func testEndOfAnOrdinaryLineIsSingleLine() {
        let c = CursorContext(prefix: "    total = ", suffix: "\n    return total\n", invoked: false)
        XCTAssertFalse(c.isMultiline)
        XCTAssertEqual(c.blockIndentation, "    ")
    }

    func testTheBlockIsOnlyGuessedOnAnEmptyLineAfterAnOrdinaryLine() {
        XCTAssertTrue(CursorContext(prefix: "def f(xs):\n    for x in xs:\n        y = x\n", suffix: "", invoked: true).blockIsGuessed)
        XCTAssertFalse(CursorContext(prefix: "def f(xs):\n    for x in xs:\n", suffix: "", invoked: true).blockIsGuessed,
                       "after a header the body's indentation is known")
        XCTAssertFalse(CursorContext(prefix: "def f(xs):\n    y = 1\n    ", suffix: "", invoked: true).blockIsGuessed,
                       "the cursor's own indentation says where the user is")
    }

    func testOpeningBraceIsMultiline() {
        let c = CursorContext(prefix: "func f() {", suffix: "\n}\n", invoked: false)
        XCTAssertTrue(c.isMultiline)
    }

    func testInvokedAllowsMultilineAtLineEnd() {
        let c = CursorContext(prefix: "x = 1\n", suffix: "", invoked: true)
        XCTAssertTrue(c.isMultiline)
    }

    func testBlankLineAfterOpenerTakesOneDeeperIndentation() {
        let c = CursorContext(prefix: "if ready:\n", suffix: "\n", invoked: false)
        XCTAssertTrue(c.isMultiline)
        XCTAssertEqual(c.blockIndentation, "    ")
    }
}

/// Work bounded by the budget, not by the document (issue 20, items 3 and 7): a long cursor line is cut
/// around the cursor, and only the lines the window may hold are tokenized. Work is measured as the
/// characters handed to the tokenizer, never as time.
final class ContextWindowBoundsTests: XCTestCase {
    /// Counts one token per 4 characters (as code averages) and how many characters it was asked to count.
    private final class CountingTokenizer: @unchecked Sendable {
        var characters = 0
        func count(_ piece: Substring) -> Int {
            characters += piece.utf8.count
            return (piece.utf8.count + 3) / 4
        }
    }

    func testAOneMegabyteLineStaysWithinTheBudget() {
        let line = String(repeating: "{\"key\":[1,2,3]},", count: 65_536)          // 1 MiB, no line break
        let text = "const data = [" + line + "];\n"
        let cursor = text.utf8.count / 2
        let counter = CountingTokenizer()
        let w = ContextWindow(text: text, cursorUTF8Offset: cursor, budget: .init(tokens: 256), countTokens: counter.count)
        let check = CountingTokenizer()
        XCTAssertLessThanOrEqual(check.count(Substring(w.prefix)) + check.count(Substring(w.suffix)), 256, "prefix and suffix within 256 tokens")
        XCTAssertGreaterThan(w.prefix.count, 256, "the prefix still has the line's text nearest the cursor")
        XCTAssertTrue(String(decoding: Array(text.utf8.prefix(cursor)), as: UTF8.self).hasSuffix(w.prefix), "it ends at the cursor")
        XCTAssertTrue(w.prefixTruncated)
        XCTAssertTrue(w.suffixTruncated)
        XCTAssertLessThan(counter.characters, 64 * 1024, "bounded tokenization, not the whole 1 MiB line")
    }

    func testTheEndOfALongLineWithASuffixLimit() {
        let text = String(repeating: "x", count: 64 * 1024)
        let counter = CountingTokenizer()
        let w = ContextWindow(text: text, cursorUTF8Offset: text.utf8.count, budget: .init(tokens: 256, suffixTokenLimit: 128),
                              countTokens: counter.count)
        XCTAssertLessThanOrEqual(CountingTokenizer().count(Substring(w.prefix)), 256)
        XCTAssertEqual(w.suffix, "")
        XCTAssertLessThan(counter.characters, 16 * 1024)
    }

    func testAHugeDocumentIsOnlyTokenizedAroundTheCursor() {
        let lines = 500_000                                                   // about 9 MB
        let text = String(repeating: "value = compute(a, b)\n", count: lines)
        let cursor = text.utf8.count / 2
        let counter = CountingTokenizer()
        let w = ContextWindow(text: text, cursorUTF8Offset: cursor, budget: .init(tokens: 1024), countTokens: counter.count)
        XCTAssertFalse(w.prefix.isEmpty)
        XCTAssertFalse(w.suffix.isEmpty)
        XCTAssertLessThan(counter.characters, 20_000, "only lines near the window are tokenized (the whole text is \(text.utf8.count) bytes)")
    }

    func testALongLineAwayFromTheCursorIsLeftOutUnmeasured() {
        let long = String(repeating: "y", count: 100_000) + "\n"
        let text = long + "a = 1\nb = \n"
        let counter = CountingTokenizer()
        let w = ContextWindow(text: text, cursorUTF8Offset: (long + "a = 1\nb = ").utf8.count, budget: .init(tokens: 64, prefixLineGranularity: 1),
                              countTokens: counter.count)
        XCTAssertEqual(w.prefix, "a = 1\nb = ")
        XCTAssertTrue(w.prefixTruncated)
        XCTAssertLessThan(counter.characters, 1_000)
    }
}
