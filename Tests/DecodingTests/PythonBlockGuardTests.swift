import Decoding
import Languages
import XCTest

/// Hand-written Python cursors: where a body is owed, where a header may not end a suggestion, and the
/// colons that are not block headers.
final class PythonBlockGuardTests: XCTestCase {
    private func blockGuard(_ prefix: String, _ suffix: String, singleLine: Bool = false,
                            file: StaticString = #filePath, line: UInt = #line) throws -> PythonBlockGuard {
        try XCTUnwrap(PythonBlockGuard(prefix: prefix, suffix: suffix, singleLine: singleLine), file: file, line: line)
    }

    func testAfterAHeaderTheBodyIsOwed() throws {
        let g = try blockGuard("def f(x):\n    if x:\n", "")
        XCTAssertEqual(g.owedBodyAfterColumn, 4)
        XCTAssertTrue(g.rejectsStart("return 1"), "a statement at column 0 leaves the `if` without a body")
        XCTAssertTrue(g.rejectsStart("    return 1"), "column 4 is the header's own column")
        XCTAssertFalse(g.rejectsStart("        ret"))
        XCTAssertFalse(g.rejectsStart("    "), "nothing to judge before the first code character")
        XCTAssertFalse(g.rejectsStart("#"), "a comment may sit anywhere")
        XCTAssertFalse(g.rejectsEnding("        return 1"))
        XCTAssertTrue(g.rejectsEnding("        # TODO"), "a comment is not a body")
        XCTAssertTrue(g.rejectsEnding(""), "nothing is not a body")
    }

    func testAFunctionWithOnlyItsDocstringOwesItsBody() throws {
        let g = try blockGuard("def f(x):\n    \"\"\"Returns x: the input.\n\n    >>> f(1)\n    \"\"\"\n\n", "")
        XCTAssertEqual(g.owedBodyAfterColumn, 0)
        XCTAssertTrue(g.rejectsStart("if __name__ == \"__main__\":"))
        XCTAssertTrue(g.rejectsEnding("    # your code here"))
        XCTAssertFalse(g.rejectsEnding("    return x"))
    }

    func testADocstringOutsideADefinitionOwesNothing() throws {
        XCTAssertNil(try blockGuard("x = 1\n\"\"\"Module notes.\"\"\"\n", "").owedBodyAfterColumn)
        XCTAssertNil(try blockGuard("def f(x):\n    y = 1\n    \"\"\"not a docstring\"\"\"\n", "").owedBodyAfterColumn,
                     "a string after other statements is not the body's first statement")
    }

    func testTheSuffixCanSupplyTheBody() throws {
        // Cursor at the start of the body's first line: the suggestion is inserted as a line above it.
        let g = try blockGuard("def f(x):\n", "    return x\n")
        XCTAssertNil(g.owedBodyAfterColumn)
        XCTAssertFalse(g.rejectsStart("    y = 1"))
        XCTAssertEqual(g.suffixCodeColumn, 4)
    }

    func testAHeaderMayNotEndTheSuggestionWithoutADeeperLineAfterIt() throws {
        let sameLevel = try blockGuard("def f(n):\n    neg = 1\n", "    n = abs(n)\n    return n\n", singleLine: true)
        XCTAssertTrue(sameLevel.suggestionEndsItsLine)
        XCTAssertTrue(sameLevel.headersNeedTheirBody, "one line inserted above existing code: nothing comes between")
        XCTAssertTrue(sameLevel.rejectsEnding("    if n < 0:"))
        XCTAssertTrue(sameLevel.rejectsEnding("    if n < 0:  # negative"))
        XCTAssertFalse(sameLevel.rejectsEnding("    if n < 0: neg = -1"))
        XCTAssertFalse(sameLevel.rejectsEnding("    if n < 0:\n        neg = -1"), "a multi-line suggestion that supplies the body")

        let deeper = try blockGuard("def f(n):\n    neg = 1\n", "        n = -n\n    return n\n")
        XCTAssertFalse(deeper.rejectsEnding("    if n < 0:"), "the suffix's next line is the body")

        let endOfFile = try blockGuard("def f(n):\n    neg = 1\n", "")
        XCTAssertTrue(endOfFile.rejectsEnding("    if n < 0:"), "several lines that end on a header")
        let typing = try blockGuard("def f(n):\n    neg = 1\n", "", singleLine: true)
        XCTAssertFalse(typing.rejectsEnding("    if n < 0:"), "one line at the end of what the user types: the body comes next")
    }

    func testColonsThatAreNotHeaders() throws {
        let g = try blockGuard("def f(x):\n    y = 1\n", "    return y\n")
        XCTAssertFalse(g.rejectsEnding("    s = 'if x:'"), "inside a string")
        XCTAssertFalse(g.rejectsEnding("    t = x[1:]"), "a slice")
        XCTAssertFalse(g.rejectsEnding("    z = 1  # note:"), "inside a comment")
        XCTAssertFalse(g.rejectsEnding("    d = {\"a\":"), "inside an open bracket the line goes on")
        XCTAssertFalse(g.rejectsEnding("    q = \"a\\\"b:\""), "an escaped quote does not end the string")
    }

    func testAHeaderOverSeveralLinesCountsFromItsFirstLine() throws {
        let g = try blockGuard("def f(a,\n      b):\n", "")
        XCTAssertEqual(g.owedBodyAfterColumn, 0)
        XCTAssertTrue(g.rejectsStart("print(a)"))
        XCTAssertFalse(g.rejectsStart("    print(a)"))
    }

    func testTabsAdvanceToTheNextMultipleOfEight() throws {
        let g = try blockGuard("def f():\n\tif x:\n", "")
        XCTAssertEqual(g.owedBodyAfterColumn, 8)
        XCTAssertFalse(g.rejectsEnding("\t\treturn 1"))
        XCTAssertTrue(g.rejectsEnding("\treturn 1"))
    }

    func testNothingIsJudgedInsideAStringOrAnOpenBracket() {
        XCTAssertNil(PythonBlockGuard(prefix: "def f():\n    s = \"\"\"text:\n", suffix: "", singleLine: false))
        XCTAssertNil(PythonBlockGuard(prefix: "def f():\n    y = g(\n", suffix: "", singleLine: false))
        XCTAssertNil(PythonBlockGuard(prefix: "def f():\n    y = 1 + \\\n", suffix: "", singleLine: false))
    }

    func testMidLineTheStartIsTheUsersAndOnlyEndingsAreJudged() throws {
        let g = try blockGuard("def f(x):\n    if x", "\n    return x\n")
        XCTAssertNil(g.owedBodyAfterColumn)
        XCTAssertFalse(g.rejectsStart(" > 0"))
        XCTAssertTrue(g.rejectsEnding(" > 0:"), "several lines: completes the line into a header with no body after it")
        XCTAssertFalse(g.rejectsEnding(" > 0: return -x"))
        XCTAssertFalse(try blockGuard("def f(x):\n    if x", "\n    return x\n", singleLine: true).rejectsEnding(" > 0:"),
                       "one line while typing: the user writes the body next")
    }

    func testTheEnclosingFunctionsBodyColumn() throws {
        XCTAssertEqual(try blockGuard("class A:\n    def f(self, xs):\n        for x in xs:\n            y = x\n\n", "").enclosingBodyColumn, 8)
        XCTAssertEqual(try blockGuard("def f(xs):\n    def g(y):\n        return y\n    for x in xs:\n        z = x\n", "").enclosingBodyColumn, 4,
                       "a nested function that already ended is not the one around the cursor")
        XCTAssertNil(try blockGuard("x = 1\nfor i in y:\n    z = i\n", "").enclosingBodyColumn, "module level")
    }

    /// After the last line of a loop at the end of a function, a multi-line suggestion may finish the
    /// function (`return result`) but stops when it leaves it.
    func testAGuessedBlockMayFinishTheFunctionButNotLeaveIt() throws {
        let prefix = "def f(xs):\n    result = []\n    for x in xs:\n        m = x\n"
        let endOfFile = try blockGuard(prefix, "")
        XCTAssertEqual(endOfFile.blockFloor(firstLineColumn: 8), 4)
        let rules = StopRules(context: StopContext(singleLine: false, blockIndentation: "        ", lineBeforeCursor: "", suffix: "",
                                                   indentationSensitive: true, blockRules: endOfFile, firstLineSetsBlock: true))
        XCTAssertEqual(rules.check("        result.append(m)\n\n    return result\n\ndef g():\n"),
                       StopDecision(keptText: "        result.append(m)\n\n    return result", rule: "dedent"))

        // The function goes on after the cursor at the loop's level: the suggestion stays in the loop.
        let inside = try blockGuard(prefix, "        n = m\n    return result\n")
        XCTAssertEqual(inside.blockFloor(firstLineColumn: 8), 8)
        XCTAssertEqual(inside.blockFloor(firstLineColumn: 0), 4, "never below the function's body")
    }

    /// The stop rules and the guard measure indentation alike (a tab to the next multiple of 8), so a
    /// tab-indented file gets the same floor as a space-indented one.
    func testTheFloorHoldsWithTabs() throws {
        let prefix = "def f(xs):\n\tresult = []\n\tfor x in xs:\n\t\tm = x\n"
        let rules = StopRules(context: StopContext(singleLine: false, blockIndentation: "\t\t", lineBeforeCursor: "", suffix: "",
                                                   indentationSensitive: true, blockRules: try blockGuard(prefix, ""),
                                                   firstLineSetsBlock: true))
        XCTAssertEqual(rules.check("\t\tresult.append(m)\n\n\treturn result\n\ndef g():\n"),
                       StopDecision(keptText: "\t\tresult.append(m)\n\n\treturn result", rule: "dedent"))
    }

    func testStopRulesTurnARejectedEndingIntoReject() throws {
        let prefix = "def f(n):\n    neg = 1\n"
        let suffix = "    n = abs(n)\n"
        let context = StopContext(singleLine: true, blockIndentation: "    ", lineBeforeCursor: "", suffix: suffix,
                                  indentationSensitive: true, blockRules: PythonBlockGuard(prefix: prefix, suffix: suffix, singleLine: true))
        let rules = StopRules(context: context)
        XCTAssertEqual(rules.verdict("    if n < 0:\n"), .reject)
        XCTAssertEqual(rules.verdict("    if n < 0: neg = -1\n"), .stop(StopDecision(keptText: "    if n < 0: neg = -1", rule: "newline")))
        XCTAssertEqual(rules.verdict("    if n < 0"), .proceed)
        XCTAssertFalse(rules.acceptsEnding("    if n < 0:"))
        XCTAssertTrue(rules.acceptsEnding("    n = -n"))

        let plain = StopRules(context: StopContext(singleLine: true, blockIndentation: "    ", lineBeforeCursor: "", suffix: suffix,
                                                   indentationSensitive: true))
        XCTAssertEqual(plain.verdict("    if n < 0:\n"), .stop(StopDecision(keptText: "    if n < 0:", rule: "newline")),
                       "without the guard (other languages) the newline simply ends the line")
    }
}
