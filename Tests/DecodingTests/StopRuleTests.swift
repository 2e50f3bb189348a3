import Decoding
import XCTest

/// Each stop rule on hand-written text.
final class StopRuleTests: XCTestCase {
    private func rules(single: Bool, indent: String = "    ", before: String = "    ", suffix: String = "\n", python: Bool = true) -> StopRules {
        StopRules(context: StopContext(singleLine: single, blockIndentation: indent, lineBeforeCursor: before, suffix: suffix, indentationSensitive: python))
    }

    func testSingleLineStopsAtTheNewlineAfterText() {
        let r = rules(single: true, before: "    return ")
        XCTAssertNil(r.check("a + b"))
        XCTAssertEqual(r.check("a + b\n    x"), StopDecision(keptText: "a + b", rule: "newline"))
    }

    func testSingleLineAtEndOfLineStartingWithNewlineKeepsNothing() {
        XCTAssertEqual(rules(single: true, before: "    x = 1").check("\n    y"), StopDecision(keptText: "", rule: "newline"))
    }

    func testSingleLineOnABlankLineStopsAtALeadingNewline() {
        XCTAssertEqual(rules(single: true, before: "").check("\n    x"), StopDecision(keptText: "", rule: "newline"))
    }

    func testMultilineStopsAtADedent() {
        let r = rules(single: false, indent: "    ", before: "")
        let text = "    total = 0\n    for x in xs:\n        total += x\nprint(total)\n"
        XCTAssertEqual(r.check(text), StopDecision(keptText: "    total = 0\n    for x in xs:\n        total += x", rule: "dedent"))
    }

    /// After the last line of a loop the cursor's block is only guessed (the loop's): the completion may
    /// close it, and its first line's indentation becomes the block the dedent rule protects.
    func testAGuessedBlockLetsTheFirstLineStartLower() {
        let text = "    return result\n\nprint(f([1]))\n"
        let strict = StopRules(context: StopContext(singleLine: false, blockIndentation: "        ", lineBeforeCursor: "", suffix: "",
                                                    indentationSensitive: true))
        XCTAssertEqual(strict.check(text), StopDecision(keptText: "", rule: "dedent"), "a known block: the first line is already out of it")
        let guessed = StopRules(context: StopContext(singleLine: false, blockIndentation: "        ", lineBeforeCursor: "", suffix: "",
                                                     indentationSensitive: true, firstLineSetsBlock: true))
        XCTAssertEqual(guessed.check(text), StopDecision(keptText: "    return result", rule: "dedent"))
        XCTAssertEqual(guessed.check("        result.append(x)\n    return result\n"),
                       StopDecision(keptText: "        result.append(x)", rule: "dedent"), "only the first line can lower the block")
        XCTAssertEqual(guessed.check("        a = 1\n    b = 2\nc = 3\n"), StopDecision(keptText: "        a = 1", rule: "dedent"))
    }

    func testMultilineBlankLinesDoNotCountAsDedent() {
        XCTAssertNil(rules(single: false, before: "").check("    a = 1\n\n    b = 2\n"))
    }

    func testRepeatingTheSuffixStops() {
        let r = rules(single: false, before: "", suffix: "\n    return total\n")
        XCTAssertEqual(r.check("    total = sum(xs)\n    return total\n"), StopDecision(keptText: "    total = sum(xs)", rule: "suffix"))
    }

    func testClosingBracketTheLineAlreadyHasStops() {
        let r = rules(single: true, before: "    print(", suffix: ")\n")
        XCTAssertEqual(r.check("x, y)"), StopDecision(keptText: "x, y", rule: "bracket"))
        XCTAssertNil(r.check("f(x), y"), "balanced brackets inside the text do not stop")
    }

    func testBracketsInsideStringsAreIgnored() {
        XCTAssertNil(rules(single: true, before: "    print(", suffix: ")\n").check("\")\""))
    }
}
