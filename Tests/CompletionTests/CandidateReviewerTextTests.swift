import Completion
import Languages
import XCTest

/// What the reviewer reads: the plain words of the user's comment, and a candidate's code without its own
/// comments (a candidate that copies the comment must not explain it best for that alone).
final class CandidateReviewerTextTests: XCTestCase {
    private func language(_ name: String) throws -> CodeLanguage { try XCTUnwrap(CodeLanguage.named(name)) }

    func testTheDescriptionIsTheCommentsWordsWithoutMarkers() throws {
        let python = "from typing import List\n\ndef f(xs: List[int]) -> int:\n    \"\"\" Return the largest element.\n    >>> f([1, 3])\n    3\n    \"\"\"\n"
        XCTAssertEqual(CandidateReviewer.description(in: python, language: try language("python")),
                       "Return the largest element.\n>>> f([1, 3])\n3")
        let java = "class Solution {\n    /**\n    Return the largest element.\n     * It is never empty.\n     */\n    public int f(List<Integer> xs) {\n"
        XCTAssertEqual(CandidateReviewer.description(in: java, language: try language("java")),
                       "Return the largest element.\nIt is never empty.")
        let go = "import \"strings\"\n\n// Return the largest element.\n// f(\"a\") == 1\nfunc f(xs []int) int {\n"
        XCTAssertEqual(CandidateReviewer.description(in: go, language: try language("go")), "Return the largest element.\nf(\"a\") == 1",
                       "the strings of code are not the description; those of the comment are")
    }

    /// A translation is reviewed against the source's comments; a source without any is not reviewed.
    func testATranslationIsReviewedAgainstTheSourcesComments() throws {
        let python = try language("python")
        let documented = TranslateRequest(source: "def f(xs):\n    \"\"\"Largest of xs.\"\"\"\n    return max(xs)\n", from: python, to: try language("go"))
        XCTAssertEqual(documented.reviewedText(from: python), "Largest of xs.")
        let bare = TranslateRequest(source: "def f(xs):\n    return max(xs)\n", from: python, to: try language("go"))
        XCTAssertEqual(bare.reviewedText(from: python), "")
    }

    func testCandidateCodeLosesItsCommentsAndDocstrings() throws {
        let python = "def f(xs):\n    \"\"\"Return the largest element.\"\"\"\n    # the first is the best so far\n    return max(xs)  # done\n"
        XCTAssertEqual(CandidateReviewer.codeWithoutComments(python, language: try language("python")), "def f(xs):\n    return max(xs)  ")
        let cpp = "/* Largest. */\nint f(vector<int> xs) {\n    // scan\n    return *max_element(xs.begin(), xs.end()); // \"max\"\n}\n"
        XCTAssertEqual(CandidateReviewer.codeWithoutComments(cpp, language: try language("cpp")),
                       "int f(vector<int> xs) {\n    return *max_element(xs.begin(), xs.end()); \n}")
        let docstring = "def f(xs):\n    \"\"\"Return the largest element.\n    >>> f([1, 3])\n    3\n    \"\"\"\n    return max(xs)\n"
        XCTAssertEqual(CandidateReviewer.codeWithoutComments(docstring, language: try language("python")), "def f(xs):\n    return max(xs)",
                       "every line of a docstring goes")
        let strings = "def g():\n    return 'a # b'\n"
        XCTAssertEqual(CandidateReviewer.codeWithoutComments(strings, language: try language("python")), "def g():\n    return 'a # b'",
                       "a string that looks like a comment stays")
    }

    /// The reviewer reads a candidate without its import lines, which say nothing of what it does; the rest of
    /// the code, blank lines inside it included, stays as it was.
    func testTheReviewerReadsTheCodeWithoutItsImports() throws {
        let cpp = "#include<stdio.h>\n#include <vector>\nusing namespace std;\n\nint f(vector<int> xs) {\n\n    return xs[0];\n}"
        XCTAssertEqual(CandidateReviewer.readCode(cpp, language: try language("cpp")), "int f(vector<int> xs) {\n\n    return xs[0];\n}")
        let go = "import (\n    \"fmt\"\n    \"strings\"\n)\nimport \"math\"\nfunc f(s string) int {\n    return len(strings.Fields(s))\n}"
        XCTAssertEqual(CandidateReviewer.readCode(go, language: try language("go")), "func f(s string) int {\n    return len(strings.Fields(s))\n}")
        let python = "import math\nfrom typing import List\ndef f(xs: List[int]) -> float:\n    return math.sqrt(sum(xs))"
        XCTAssertEqual(CandidateReviewer.readCode(python, language: try language("python")), "def f(xs: List[int]) -> float:\n    return math.sqrt(sum(xs))")
        let js = "const fs = require('fs');\nconst f = (xs) => {\n  const importance = xs.length;\n  return importance;\n}"
        XCTAssertEqual(CandidateReviewer.readCode(js, language: try language("js")), "const f = (xs) => {\n  const importance = xs.length;\n  return importance;\n}",
                       "only the line that requires a module goes")
        let java = "import java.util.*;\nimport java.lang.*;\n\nclass Solution {\n    public int f() { return 1; }\n}"
        XCTAssertEqual(CandidateReviewer.readCode(java, language: try language("java")), "class Solution {\n    public int f() { return 1; }\n}")
    }

    /// The prose of a description leaves out its examples in HumanEval-X's forms (doctests with their values,
    /// stated results, the line that announces them); a line of prose that mentions a call stays.
    func testTheProseOfADescriptionLeavesOutItsExamples() throws {
        let doctests = "Insert a number 'delimeter' between every two consecutive elements of input list `numbers'\n>>> intersperse([], 4)\n[]\n>>> intersperse([1, 2, 3], 4)\n[1, 4, 2, 4, 3]"
        XCTAssertEqual(CandidateReviewer.prose(of: doctests), "Insert a number 'delimeter' between every two consecutive elements of input list `numbers'")
        let stated = "You are given a string s.\nIf the string contains no letters, reverse the string.\nExamples\nsolve(\"1234\") = \"4321\"\nsolve(\"ab\") = \"AB\"\nThe function should return the resulted string."
        XCTAssertEqual(CandidateReviewer.prose(of: stated),
                       "You are given a string s.\nIf the string contains no letters, reverse the string.\nThe function should return the resulted string.",
                       "prose after the examples stays")
        let asserted = "Return the n-th Fibonacci number.\nFor example:\nfib(10) == 55\nassert fib(1) == 1"
        XCTAssertEqual(CandidateReviewer.prose(of: asserted), "Return the n-th Fibonacci number.")
        let mentions = "Returns true when f(x) is odd for some x in the list."
        XCTAssertEqual(CandidateReviewer.prose(of: mentions), mentions, "a sentence that names a call is no example")
    }
}
