import Decoding
import Languages
import XCTest

/// A suggestion in the middle of a line ends exactly where the rest of the line takes over (issue 17):
/// brackets counted from the cursor, strings, f-strings, `:` and `,`. One hand-written case per construct.
final class MidLineStopRuleTests: XCTestCase {
    /// What the stop rules keep of `model` at the `|` of `line` (the rest of the line after `|` is the suffix).
    private func kept(_ line: String, _ model: String, language: any Language = Python(),
                      file: StaticString = #filePath, lineNumber: UInt = #line) -> String? {
        let parts = line.components(separatedBy: "|")
        precondition(parts.count == 2, "one cursor per case")
        let rules = StopRules(context: StopContext(
            singleLine: true, blockIndentation: "    ", lineBeforeCursor: parts[0], suffix: parts[1] + "\n    pass\n",
            indentationSensitive: language.indentationDefinesBlocks, syntax: language.syntax))
        return rules.check(model)?.keptText
    }

    func testReturnLenKeepsTheSuggestionsOwnClosingBracket() {
        XCTAssertEqual(kept("    return len(|)", "set(string.lower()))"), "set(string.lower())")
        XCTAssertNil(kept("    return len(|)", "set(string.lower())"), "no stop yet: the `)` closes `set(`")
    }

    func testIfConditionStopsBeforeTheColon() {
        XCTAssertEqual(kept("    if |:", "x > 0:"), "x > 0")
        XCTAssertEqual(kept("    if |:", "d[1:2] == x:"), "d[1:2] == x", "a slice's colon is inside brackets")
    }

    func testArgumentStopsBeforeTheNextArgument() {
        XCTAssertEqual(kept("    foo(|, b)", "a, b)"), "a")
        XCTAssertEqual(kept("    foo(|, b)", "g(1, 2), b)"), "g(1, 2)", "commas inside the suggestion's call are its own")
        XCTAssertEqual(kept("    foo(|, b)", "a)"), nil, "a `)` the rest of the line does not start with is left to ranking")
    }

    func testListAndComprehension() {
        XCTAssertEqual(kept("    x = [|]", "i * 2 for i in range(3)]"), "i * 2 for i in range(3)")
        XCTAssertEqual(kept("    x = [|]", "{k: v} for k, v in d.items()]"), "{k: v} for k, v in d.items()")
    }

    func testFormatStringExpression() {
        XCTAssertEqual(kept("    print(f\"{|}\")", "name.upper()}\")"), "name.upper()")
        XCTAssertEqual(kept("    print(f\"{|}\")", "d['a']}\")"), "d['a']", "a quote inside the expression is its own string")
    }

    func testRangeInAForHeader() {
        XCTAssertEqual(kept("    for i in range(|):", "len(xs)):"), "len(xs)")
    }

    func testStringsOpenedBeforeTheCursor() {
        XCTAssertEqual(kept("    s = \"|\"", "hello\""), "hello")
        XCTAssertEqual(kept("    s = \"|\"", "say \\\"hi\\\"\""), "say \\\"hi\\\"", "escaped quotes are the string's text")
        XCTAssertEqual(kept("    foo(|)", "\")\", x)"), "\")\", x", "a `)` inside the suggestion's string does not count")
    }

    func testNoRuleInAComment() {
        XCTAssertNil(kept("    x = 1  # see f(|)", "y)"))
    }

    func testBraceLanguages() {
        XCTAssertEqual(kept("    if (|) {", "x > 0) {", language: BraceLanguage.c), "x > 0")
        XCTAssertEqual(kept("    console.log(`${|}`);", "user.name}`);", language: BraceLanguage.javaScript), "user.name")
        XCTAssertEqual(kept("    f(a, |);", "b /* ) */);", language: BraceLanguage.java), "b /* ) */")
        XCTAssertEqual(kept("    print(\"\\(|)\")", "f(x))\")", language: BraceLanguage.swift), "f(x)")
    }
}
