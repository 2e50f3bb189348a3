import Languages
import Ranking
import XCTest

/// Cleaning in the middle of a line (issue 17): text that repeats the suffix goes, but never a closing
/// bracket or quote that the candidate itself opened.
final class MidLineCleaningTests: XCTestCase {
    private func clean(_ text: String, at line: String, syntax: LexicalSyntax = Python().syntax) -> String {
        let parts = line.components(separatedBy: "|")
        return PostProcessing.clean(text, context: RankingContext(prefix: "def f(s):\n" + parts[0], suffix: parts[1] + "\n",
                                                                  singleLine: true, syntax: syntax))
    }

    func testTheCandidatesOwnClosingBracketStays() {
        XCTAssertEqual(clean("set(string.lower())", at: "    return len(|)"), "set(string.lower())",
                       "the last `)` closes `set(`: it is the candidate's")
        XCTAssertEqual(clean("set(string.lower()))", at: "    return len(|)"), "set(string.lower())",
                       "one more `)` repeats the suffix's")
    }

    func testRepeatedRestOfLineGoes() {
        XCTAssertEqual(clean("a, b)", at: "    foo(|, b)"), "a")
        XCTAssertEqual(clean("x > 0:", at: "    if |:"), "x > 0:", "a lone `:` is not a closer: left alone")
        XCTAssertEqual(clean("n):", at: "    for i in range(|):"), "n")
        XCTAssertEqual(clean("name}\")", at: "    print(f\"{|}\")"), "name")
    }

    func testAQuoteTheCandidateOpenedStays() {
        XCTAssertEqual(clean("\"a\"", at: "    print(|)"), "\"a\"")
        XCTAssertEqual(clean("hi\"", at: "    s = \"|\""), "hi", "the closing quote is the suffix's")
        XCTAssertEqual(clean("`${a}`", at: "    log(|);", syntax: BraceLanguage.javaScript.syntax), "`${a}`")
    }

    func testWithoutASyntaxTheGenericOneApplies() {
        let context = RankingContext(prefix: "    return len(", suffix: ")\n", singleLine: true)
        XCTAssertEqual(PostProcessing.clean("set(s))", context: context), "set(s)")
        XCTAssertEqual(PostProcessing.clean("set(s)", context: context), "set(s)")
    }
}
