import Completion
import Languages
import XCTest

/// Whole-program answers (the shapes Qwen2.5-Coder's instruct models gave in HumanEval-X and the daemon's
/// end-to-end tests: package clause, imports, the function, helpers, `main`, example usage, a class copied
/// around a method) cut down to what goes into the document and placed there: the answer's body under the
/// file's own signature and docstring, its helpers before the function, the missing imports after the
/// file's imports. Each expected document is written out by hand.
final class InstructionAnswerFitTests: XCTestCase {
    private func language(_ name: String) throws -> CodeLanguage { try XCTUnwrap(CodeLanguage.named(name)) }

    /// `text` after writing the function whose signature starts with `signature` by the instruction method,
    /// with `answer` as the model's code.
    private func written(_ answer: String, into text: String, at signature: String, _ name: String) throws -> String {
        let line = try XCTUnwrap(text.components(separatedBy: "\n").firstIndex { $0.contains(signature) })
        let offset = text.components(separatedBy: "\n").prefix(line).reduce(0) { $0 + $1.utf8.count + 1 }
        let task = try DocumentCodeTask.function(text: text, positionUTF8: offset, fileLanguage: try language(name), languageID: name)
        return task.placed(answer, method: .instruction).applied(to: text)
    }

    func testAGoProgramBecomesTheFunctionAndItsHelperWithTheMissingImportAdded() throws {
        let document = "package main\n\nimport \"fmt\"\n\n// Shout returns s in capitals, twice.\nfunc Shout(s string) string {\n}\n"
        let answer = """
        package main

        import (
            "fmt"
            "strings"
        )

        // Shout returns s in capitals, twice.
        func Shout(s string) string {
            return twice(strings.ToUpper(s))
        }

        func twice(s string) string { return s + s }

        func main() {
            fmt.Println(Shout("a"))
        }
        """
        XCTAssertEqual(try written(answer, into: document, at: "func Shout", "go"), """
        package main

        import "fmt"
        import "strings"

        func twice(s string) string { return s + s }

        // Shout returns s in capitals, twice.
        func Shout(s string) string {
            return twice(strings.ToUpper(s))
        }

        """)
    }

    func testAPythonAnswerLosesItsExampleUsageTestAndMainBlockButKeepsTheConstantItReads() throws {
        let document = "from typing import List\n\n\ndef count_vowels(words: List[str]) -> int:\n    \"\"\"Vowels in all words.\n    >>> count_vowels(['ab'])\n    1\n    \"\"\"\n"
        let answer = """
        import math
        from typing import List

        VOWELS = set("aeiou")
        UNUSED = 3


        def count_vowels(words: List[str]) -> int:
            \"\"\"Vowels in all words.\"\"\"
            # count each word
            return sum(1 for w in words for c in w if c in VOWELS) + 0 * math.pi


        def test_count_vowels():
            assert count_vowels(["ab"]) == 1

        # Example usage:
        print(count_vowels(["ab"]))
        result = count_vowels([])

        if __name__ == "__main__":
            import doctest
            doctest.testmod()
        """
        XCTAssertEqual(try written(answer, into: document, at: "def count_vowels", "python"), """
        from typing import List
        import math


        VOWELS = set("aeiou")


        def count_vowels(words: List[str]) -> int:
            \"\"\"Vowels in all words.
            >>> count_vowels(['ab'])
            1
            \"\"\"
            # count each word
            return sum(1 for w in words for c in w if c in VOWELS) + 0 * math.pi

        """)
    }

    func testAJavaMethodAnsweredInsideACopyOfItsClassIsTakenOutOfItWithoutMain() throws {
        let document = "import java.util.*;\nimport java.lang.*;\n\nclass Solution {\n    /**\n    Twice x.\n     */\n    public int twice(int x) {\n    }\n}\n"
        let answer = """
        import java.util.*;

        public class Solution {
            /** Twice x. */
            public int twice(int x) {
                return helper(x) * 2;
            }

            private int helper(int x) {
                return x;
            }

            public static void main(String[] args) {
                System.out.println(new Solution().twice(2));
            }
        }
        """
        XCTAssertEqual(try written(answer, into: document, at: "public int twice", "java"), """
        import java.util.*;
        import java.lang.*;

        class Solution {
            private int helper(int x) {
                return x;
            }

            /**
            Twice x.
             */
            public int twice(int x) {
                return helper(x) * 2;
            }
        }

        """)
    }

    func testJavaScriptAndCppLoseTheirTestPrintsExportsAndMain() throws {
        let js = "/* Twice x. */\nconst twice = (x) => {\n}\n"
        let jsAnswer = "const twice = (x) => {\n  return 2 * x;\n};\n\nconsole.log(twice(2));\nmodule.exports = twice;\n"
        XCTAssertEqual(try written(jsAnswer, into: js, at: "const twice", "javascript"), "/* Twice x. */\nconst twice = (x) => {\n  return 2 * x;\n};\n")

        let cpp = "#include<vector>\nusing namespace std;\n/* Twice x. */\nint twice(int x){\n}\n"
        let cppAnswer = "#include <vector>\n#include <iostream>\nusing namespace std;\n\nint twice(int x)\n{\n    return 2 * x;\n}\n\nint main() {\n    cout << twice(2) << endl;\n    return 0;\n}\n"
        XCTAssertEqual(try written(cppAnswer, into: cpp, at: "int twice", "cpp"),
                       "#include<vector>\n#include <iostream>\nusing namespace std;\n/* Twice x. */\nint twice(int x){\n    return 2 * x;\n}\n",
                       "the file's signature stays (the answer's Allman brace went with the answer's); only the header the file lacks is added")
    }

    /// The user's signature and docstring are theirs: an answer that adds type hints and drops the
    /// docstring changes neither; its body replaces the stub, at a method's indentation.
    /// Go/125's shape: `interface{}` results in the file's signature and in the answer's; the body is what
    /// follows the answer's body brace, and it replaces the file's empty body, not the type's braces.
    func testAGoBodyUnderAnInterfaceResultGoesInTheBodyNotTheType() throws {
        let document = "package main\n\n// Count or nothing.\nfunc Pick(xs []interface{}) interface{} {\n}\n"
        let answer = "func Pick(xs []interface{}) interface{}{\n    if len(xs) == 0 {\n        return nil\n    }\n    return len(xs)\n}\n\nfunc main() {}\n"
        XCTAssertEqual(try written(answer, into: document, at: "func Pick", "go"),
                       "package main\n\n// Count or nothing.\nfunc Pick(xs []interface{}) interface{} {\n    if len(xs) == 0 {\n        return nil\n    }\n    return len(xs)\n}\n")
    }

    func testTheFilesSignatureAndDocstringStayAndOnlyTheBodyIsTaken() throws {
        let document = "class Box:\n    def area(self, w, h):\n        \"\"\"Area of w by h.\"\"\"\n        pass\n\n    def unused(self):\n        return 0\n"
        let answer = "class Box:\n    def area(self, w: float, h: float) -> float:\n        return w * h\n"
        XCTAssertEqual(try written(answer, into: document, at: "def area", "python"),
                       "class Box:\n    def area(self, w, h):\n        \"\"\"Area of w by h.\"\"\"\n        return w * h\n\n    def unused(self):\n        return 0\n")
    }

    func testAHelperTheFileAlreadyDefinesIsNotWrittenTwiceAndAnUnrecognisableAnswerStaysWhole() throws {
        let document = "def helper(x):\n    return x\n\n\ndef twice(x):\n    \"\"\"Twice x.\"\"\"\n"
        let answer = "def helper(x):\n    return x\n\n\ndef twice(x):\n    return 2 * helper(x)\n"
        XCTAssertEqual(try written(answer, into: document, at: "def twice", "python"),
                       "def helper(x):\n    return x\n\n\ndef twice(x):\n    \"\"\"Twice x.\"\"\"\n    return 2 * helper(x)\n")
        let bare = "return 2 * x"
        XCTAssertEqual(try written(bare, into: "def twice(x):\n    \"\"\"Twice x.\"\"\"\n", at: "def twice", "python"),
                       "def twice(x):\n    \"\"\"Twice x.\"\"\"\nreturn 2 * x\n", "no definition to cut to: the answer goes in as it was")
    }

    /// Only imports the kept code uses are added: Go refuses an unused one (fmt served the dropped `main`).
    func testImportsGoAfterThePackageClauseOrModuleDocstringWhenTheFileHasNone() throws {
        let go = "package util\n\n// Upper s.\nfunc Upper(s string) string {\n}\n"
        let goAnswer = "import (\n\t\"fmt\"\n\t\"strings\"\n)\n\nfunc Upper(s string) string {\n\treturn strings.ToUpper(s)\n}\n\nfunc main() {\n\tfmt.Println(Upper(\"a\"))\n}\n"
        XCTAssertEqual(try written(goAnswer, into: go, at: "func Upper", "go"),
                       "package util\n\nimport \"strings\"\n\n// Upper s.\nfunc Upper(s string) string {\n\treturn strings.ToUpper(s)\n}\n")
        let python = "\"\"\"Utilities.\"\"\"\n\ndef root(x):\n    \"\"\"Square root.\"\"\"\n"
        XCTAssertEqual(try written("import math\nimport os.path\nfrom sys import argv\n\ndef root(x):\n    return math.sqrt(x)\n", into: python, at: "def root", "python"),
                       "\"\"\"Utilities.\"\"\"\n\nimport math\n\ndef root(x):\n    \"\"\"Square root.\"\"\"\n    return math.sqrt(x)\n")
    }

    /// What `placed` reports: the whole function as `code` and the import as an edit of its own, before the
    /// function's in the document, in UTF-8 bytes (an emoji before both).
    func testTheImportIsAnEditOfItsOwnInUTF8Bytes() throws {
        let document = "# 😀 tools\nimport os\n\n\ndef root(x):\n    \"\"\"Square root.\"\"\"\n"
        let signature = try XCTUnwrap(document.range(of: "def root")).lowerBound
        let task = try DocumentCodeTask.function(text: document, positionUTF8: document.utf8.distance(from: document.utf8.startIndex, to: signature),
                                                 fileLanguage: try language("python"), languageID: "python")
        let result = task.placed("import math\n\ndef root(x):\n    return math.sqrt(x)\n\nprint(root(4))\n", method: .instruction)
        XCTAssertEqual(result.code, "def root(x):\n    \"\"\"Square root.\"\"\"\n    return math.sqrt(x)")
        let importEnd = try XCTUnwrap(document.range(of: "import os\n")).upperBound
        let byte = document.utf8.distance(from: document.utf8.startIndex, to: importEnd)
        XCTAssertEqual(result.additionalEdits, [DocumentTextEdit(replaceUTF8Range: byte..<byte, newText: "import math\n")])
    }

    /// The instruction prompt shows the file's imports before the comment and signature (not the code
    /// between them), so the model writes against what the file imports.
    func testTheInstructionPromptShowsTheFilesImports() throws {
        let go = try language("go")
        let text = "package main\n\nimport (\n\t\"fmt\"\n)\n\nvar debug = false\n\n// Sum returns the sum of xs.\nfunc Sum(xs []int) int {\n}\n"
        let site = try FunctionSite.locate(in: text, line: 8, language: go)
        XCTAssertEqual(WriteFunctionRequest.at(site, in: text, language: go, method: .instruction).prefix,
                       "import (\n\t\"fmt\"\n)\n\n// Sum returns the sum of xs.\nfunc Sum(xs []int) int {")
    }

    /// Which functions are alone in their file (the instruction method's share): prose in a comment that reads
    /// like a C signature ("return a tuple(sum, product)") is no function; a helper defined before is.
    func testAFunctionIsAloneUnlessTheFileDefinesAnotherOutsideComments() throws {
        let cpp = try language("cpp")
        let prompt = "/*\nFor a given vector of integers, return a tuple(sum, product)\nsum_product({1, 2})\n*/\n#include<stdio.h>\n#include<vector>\nusing namespace std;\nvector<int> sum_product(vector<int> numbers){\n}\n"
        XCTAssertTrue(try FunctionSite.locate(in: prompt, line: 7, language: cpp).standsAlone(in: prompt, language: cpp))
        let helper = "int twice(int x) {\n    return 2 * x;\n}\n" + prompt
        XCTAssertFalse(try FunctionSite.locate(in: helper, line: 10, language: cpp).standsAlone(in: helper, language: cpp))
        let python = try language("python")
        let docstring = "def f(x):\n    \"\"\"Calls g(x) and h(y) for each x.\n    def g(): not code\n    \"\"\"\n"
        XCTAssertTrue(try FunctionSite.locate(in: docstring, line: 0, language: python).standsAlone(in: docstring, language: python))
    }
}
