@testable import Completion
import Evaluation
import Languages
import XCTest

/// The language knowledge of the code tasks, on hand-written code: where a function ends, fenced blocks,
/// function sites, language names and detection, ranking features.
final class CodeTaskRulesTests: XCTestCase {
    private func language(_ name: String) throws -> CodeLanguage { try XCTUnwrap(CodeLanguage.named(name)) }

    func testBraceFunctionEndsWhenItsBodyCloses() throws {
        let end = try FunctionEnd(language: language("go"), startsInsideBody: true)
        XCTAssertNil(end.completeLength("    if x {\n        return 1\n    }\n"))
        let body = "    s := \"}\" // }\n    if x { return 1 }\n    return 0\n}\n\nfunc Next() {"
        XCTAssertEqual(end.completeFunction(body), "    s := \"}\" // }\n    if x { return 1 }\n    return 0\n}")
        let whole = try FunctionEnd(language: language("cpp"), startsInsideBody: false)
        XCTAssertEqual(whole.completeFunction("int f(int x);\nint g(int x) {\n  /* } */ return x;\n}\nint main"),
                       "int f(int x);\nint g(int x) {\n  /* } */ return x;\n}")
    }

    func testPythonFunctionEndsAtTheFirstLineLeftOfItsBody() throws {
        let end = try FunctionEnd(language: language("python"), startsInsideBody: true, signatureColumn: 0)
        XCTAssertNil(end.completeLength("    total = 0\n    for n in xs:\n"))
        let text = "    total = (1 +\n2)\n    s = \"\"\"\nnot code\n\"\"\"\n    return total\n\ndef other"
        XCTAssertEqual(end.completeFunction(text), "    total = (1 +\n2)\n    s = \"\"\"\nnot code\n\"\"\"\n    return total\n\n")
        let method = try FunctionEnd(language: language("python"), startsInsideBody: true, signatureColumn: 4)
        XCTAssertEqual(method.completeFunction("        return 1\n    def next(self):"), "        return 1\n")
    }

    func testFencedBlocks() throws {
        let answer = "Here it is:\n\n```go\nfunc A() {}\n```\nMore text\n```go\nfunc B() {}\n```"
        XCTAssertEqual(FencedCode.firstBlock(in: answer)?.code, "func A() {}")
        XCTAssertEqual(FencedCode.firstBlock(in: answer)?.closed, true)
        XCTAssertEqual(FencedCode.firstBlock(in: "func A() {\n", openedByPrompt: true)?.closed, false)
        XCTAssertNil(FencedCode.closedBlockLength(in: "func A() {}\n``", openedByPrompt: true))
        XCTAssertEqual(FencedCode.closedBlockLength(in: "func A() {}\n```", openedByPrompt: true), 15)
        XCTAssertNil(FencedCode.closedBlockLength(in: "```go", openedByPrompt: false), "an opening fence is not a close")
        // The code's characters: after "Here it is:\n\n```go\n" (11 + 1 + 1 + 5 + 1 = 19 characters), its 11 and
        // its line break, up to the closing fence.
        let range = try XCTUnwrap(FencedCode.firstBlockCharacters(in: answer, openedByPrompt: false))
        XCTAssertEqual(range, 19..<31)
        XCTAssertEqual(String(Array(answer)[range]), "func A() {}\n")
        XCTAssertEqual(FencedCode.firstBlockCharacters(in: "func A() {", openedByPrompt: true), 0..<10, "open to the end")
        XCTAssertNil(FencedCode.firstBlockCharacters(in: "Here it is:", openedByPrompt: false))
        // Ranked by the code's tokens only: the words before the block are left out.
        let kept = CodeTaskEngine.tokens(["Here", " it is:\n\n", "```go\n", "func", " A() {}\n", "```"], [-3, -2, -1, -0.5, -0.25, -0.1], within: range)
        XCTAssertEqual(kept.0, ["func", " A() {}\n"])
        XCTAssertEqual(kept.1, [-0.5, -0.25])
    }

    func testLanguagesByNameAndExtension() throws {
        XCTAssertEqual(CodeLanguage.named("rs")?.id, "rust")
        XCTAssertEqual(CodeLanguage.named("C++")?.id, "cpp")
        XCTAssertEqual(CodeLanguage.named(".js")?.id, "javascript")
        XCTAssertEqual(CodeLanguage.forPath("/a/b/main.go")?.id, "go")
        XCTAssertNil(CodeLanguage.named("cobol"))
        XCTAssertTrue(CodeLanguage.knownNamesDescription.contains("rust (rs)"))
        XCTAssertEqual(try language("js").styledName("sum_even"), "sumEven")
        XCTAssertEqual(try language("go").styledName("sum_even"), "SumEven")
        XCTAssertEqual(try language("python").styledName("sumEven"), "sum_even")
    }

    func testDetectionOfPastedCode() {
        XCTAssertEqual(LanguageDetection.detect("def add(a, b):\n    return a + b\n")?.id, "python")
        XCTAssertEqual(LanguageDetection.detect("func Add(a int, b int) int {\n\treturn a + b\n}\n")?.id, "go")
        XCTAssertEqual(LanguageDetection.detect("fn add(a: i32, b: i32) -> i32 {\n    let mut s = a;\n    s + b\n}\n")?.id, "rust")
        XCTAssertEqual(LanguageDetection.detect("const add = (a, b) => {\n  return a + b;\n};\n")?.id, "javascript")
        XCTAssertNil(LanguageDetection.detect("hello world"))
    }

    /// A huge selection is told by its beginning (`sampleCharacters`): what follows is not read (read
    /// whole, a megabyte of Go followed by 33 KB of Python came out as Python, after ten seconds).
    func testAHugeSelectionIsToldByItsBeginning() {
        let python = String(repeating: "def add(a, b):\n    return a + b\n\n", count: 1_000)
        let go = String(repeating: "func Add(a int, b int) int {\n\treturn a + b\n}\n", count: 25_000)
        XCTAssertGreaterThan(python.utf8.count, LanguageDetection.sampleCharacters)
        XCTAssertEqual(LanguageDetection.detect(python + go)?.id, "python")
        XCTAssertEqual(LanguageDetection.detect(go + python)?.id, "go")
    }

    func testFunctionSignaturesAndArity() throws {
        XCTAssertEqual(FunctionSignature.first(in: "def f(self, a, b=2):\n", language: try language("python")), FunctionSignature(name: "f", arity: 2))
        XCTAssertEqual(FunctionSignature.first(in: "    public List<Integer> sumProduct(List<Integer> numbers, Map<String, Integer> m) {", language: try language("java")),
                       FunctionSignature(name: "sumProduct", arity: 2))
        XCTAssertEqual(FunctionSignature.first(in: "const f = (a, b) => {", language: try language("js")), FunctionSignature(name: "f", arity: 2))
        XCTAssertEqual(FunctionSignature.first(in: "func (s *S) Run() error {", language: try language("go")), FunctionSignature(name: "Run", arity: 0))
        XCTAssertNil(FunctionSignature.first(in: "    if (x > 0) {", language: try language("cpp")))
        // A closure's type: its `->` closes no bracket (it had ended the list after `f`).
        XCTAssertEqual(FunctionSignature.first(in: "fn apply(f: impl Fn(i32) -> i32, x: i32) -> i32 {", language: try language("rust")),
                       FunctionSignature(name: "apply", arity: 2))
        XCTAssertEqual(FunctionSignature.first(in: "def f(a, b) -> Tuple[int, int]:", language: try language("python")), FunctionSignature(name: "f", arity: 2),
                       "the list ends at its own `)`")
    }

    /// HumanEval-X's CPP/88 prompt (its comment's prose has `the sum( first index value, last index value)`)
    /// and sources with a signature in a comment: the functions are those the code defines (a string's comma is no
    /// parameter's).
    func testFunctionsAreReadFromTheCodeNotItsComments() throws {
        let cpp = """
        /*
        Given a vector of non-negative integers, return a copy of the given vector after sorting,
        you will sort the given vector in ascending order if the sum( first index value, last index value) is odd,
        or sort it in descending order if the sum( first index value, last index value) is even.
        */
        #include<vector>
        using namespace std;
        vector<int> sort_array(vector<int> array){
            return array;
        }
        """
        XCTAssertEqual(FunctionSignature.all(in: cpp, language: try language("cpp")), [FunctionSignature(name: "sort_array", arity: 1)])
        let python = "# def old_pair(a):\ndef pair(a, b=\"x, y\"):\n    return a, b\n"
        XCTAssertEqual(FunctionSignature.first(in: python, language: try language("python")), FunctionSignature(name: "pair", arity: 2))
        let commented = "/*\n * int helper(int a, int b)\n */\nint twice(int n) {\n    return 2 * n;\n}\n"
        XCTAssertEqual(FunctionSignature.first(in: commented, language: try language("c")), FunctionSignature(name: "twice", arity: 1))
    }

    func testFunctionSitesFromAnyLineOfCommentOrSignature() throws {
        let python = "import os\n\ndef nth_prime(n):\n    \"\"\"Returns the n-th prime.\n\n    >>> nth_prime(1)\n    2\n    \"\"\"\n\nx = 1\n"
        for line in [2, 3, 5, 6] {
            let site = try FunctionSite.locate(in: python, line: line, language: language("python"))
            XCTAssertEqual(String(python.prefix(site.prefixEnd)).hasSuffix("    \"\"\"\n"), true, "line \(line)")
            XCTAssertEqual(site.function, FunctionSignature(name: "nth_prime", arity: 1))
            XCTAssertTrue(site.insideBody)
        }
        let stub = "def f(a):\n    pass\n"
        let stubSite = try FunctionSite.locate(in: stub, line: 0, language: language("python"))
        XCTAssertEqual(stubSite.replacedLength, "    pass\n".count)

        let go = "package main\n\n// Sum returns the sum of xs.\nfunc Sum(xs []int) int {\n}\n"
        let site = try FunctionSite.locate(in: go, line: 2, language: language("go"))
        XCTAssertEqual(String(go.prefix(site.prefixEnd)), "package main\n\n// Sum returns the sum of xs.\nfunc Sum(xs []int) int {")
        XCTAssertEqual(site.replacedLength, 2, "the empty body's newline and brace are replaced")
        XCTAssertEqual(site.signatureOffset, "package main\n\n// Sum returns the sum of xs.\n".count)

        let commentOnly = "// returns the n-th prime\n"
        let bare = try FunctionSite.locate(in: commentOnly, line: 0, language: language("rust"))
        XCTAssertFalse(bare.insideBody)
        XCTAssertEqual(bare.prefixEnd, commentOnly.count)
    }

    /// HumanEval-X's JavaScript and C++ prompts: a block comment whose example lines do not start with `*`.
    func testEveryLineOfABlockCommentBelongsToTheFunctionBelowIt() throws {
        let js = "/* Return the sum of xs.\n  >>> sum([1, 2])\n  3\n  */\nconst sum = (xs) => {\n}\n"
        for line in 0...3 {
            let site = try FunctionSite.locate(in: js, line: line, language: language("js"))
            XCTAssertEqual(site.firstLine, 0, "line \(line)")
            XCTAssertEqual(site.signatureOffset, "/* Return the sum of xs.\n  >>> sum([1, 2])\n  3\n  */\n".count, "line \(line)")
            XCTAssertTrue(site.insideBody, "line \(line)")
        }
        // Code after a one-line block comment is code again.
        let cpp = "/* helper */ int x = 1;\nint y = 2;\n"
        XCTAssertThrowsError(try FunctionSite.locate(in: cpp, line: 1, language: language("cpp")))
    }

    /// HumanEval-X's C++ prompts: the comment, then `#include`s and `using namespace std;`, then the signature.
    /// The comment describes the function (the instruction prompt shows it), found from either; helpers
    /// still go below the imports (the site starts at the signature).
    func testACommentAboveTheIncludesDescribesTheFunctionBelowThem() throws {
        let cpp = "/*\nReturn the sum of xs.\n>>> sum({1, 2})\n3\n*/\n#include<stdio.h>\n#include<vector>\nusing namespace std;\nint sum(vector<int> xs){\n}\n"
        let language = try language("cpp")
        for line in [0, 2, 4, 8] {
            let site = try FunctionSite.locate(in: cpp, line: line, language: language)
            XCTAssertEqual(site.commentAboveImportsLine, 0, "line \(line)")
            XCTAssertEqual(site.firstLine, 8, "line \(line)")
            XCTAssertEqual(site.function, FunctionSignature(name: "sum", arity: 1), "line \(line)")
            XCTAssertTrue(site.insideBody, "line \(line)")
            let request = WriteFunctionRequest.at(site, in: cpp, language: language, method: .instruction)
            XCTAssertTrue(request.prefix.hasPrefix("/*\nReturn the sum of xs."), "the instruction sees the comment: \(request.prefix)")
            XCTAssertTrue(request.prefix.hasSuffix("#include<vector>\nusing namespace std;\nint sum(vector<int> xs){"), request.prefix)
            XCTAssertEqual(request.examples, [CodeExample(expression: "sum({1, 2})", expected: "3")])
        }
        // Code between them (not only imports) parts the comment from the function; so does Python's module docstring.
        let parted = "// Return the sum of xs.\n#include<vector>\nint limit = 3;\nint sum(int x){\n}\n"
        XCTAssertNil(try FunctionSite.locate(in: parted, line: 3, language: language).commentAboveImportsLine)
        XCTAssertFalse(try FunctionSite.locate(in: parted, line: 0, language: language).insideBody, "a comment alone: a new function after it")
        let python = "\"\"\"Tools.\"\"\"\nimport os\n\ndef f(x):\n    pass\n"
        XCTAssertNil(try FunctionSite.locate(in: python, line: 3, language: self.language("python")).commentAboveImportsLine)
    }

    /// A Python body that so far only imports (HumanEval's `max_fill`: `import math`, then the docstring) has nothing
    /// to run: the function is written below the imports and the docstring, found from the signature or the
    /// docstring. Code after them is a body.
    func testAPythonBodyThatOnlyImportsIsWritten() throws {
        let python = try language("python")
        let prompt = "def max_fill(grid, capacity):\n    import math\n    \"\"\"\n    Count the buckets.\n    \"\"\"\n\ndef other():\n    return 1\n"
        for line in [0, 2, 3, 4] {   // the signature and the docstring (the import is neither)
            let site = try FunctionSite.locate(in: prompt, line: line, language: python)
            XCTAssertEqual(site.function, FunctionSignature(name: "max_fill", arity: 2), "line \(line)")
            XCTAssertTrue(site.insideBody, "line \(line)")
            XCTAssertTrue(String(prompt.prefix(site.prefixEnd)).hasSuffix("    import math\n    \"\"\"\n    Count the buckets.\n    \"\"\"\n"), "line \(line)")
        }
        let afterTheDocstring = "def f(x):\n    \"\"\"Root.\"\"\"\n    from math import sqrt\n    pass\n"
        let site = try FunctionSite.locate(in: afterTheDocstring, line: 0, language: python)
        XCTAssertEqual(String(afterTheDocstring.prefix(site.prefixEnd)), "def f(x):\n    \"\"\"Root.\"\"\"\n    from math import sqrt\n")
        XCTAssertEqual(site.replacedLength, "    pass\n".count, "the stub below the imports is replaced")
        // A module string set apart from a function above by a blank line asks for a new function, as before.
        let apart = try FunctionSite.locate(in: "def g(): pass\n\n\"\"\"Return h.\"\"\"\n", line: 2, language: python)
        XCTAssertNil(apart.function)
        XCTAssertFalse(apart.insideBody)
        let implemented = "def f(x):\n    import math\n    return math.sqrt(x)\n"
        XCTAssertThrowsError(try FunctionSite.locate(in: implemented, line: 0, language: python)) { error in
            XCTAssertEqual(error as? FunctionSiteError, .alreadyHasBody(line: 0, name: "f"))
        }
    }

    /// Each of HumanEval-X's 820 prompts (five languages) asks for one function: as a file whose function has an empty
    /// body (as `infill eval --task write` makes it), the function is found from its signature and from its comment's
    /// line next to it (Python's docstring below the `def`; the last comment line above the signature, past imports,
    /// or the first inside the braces), with the name the declaration gives, and is written inside its body. Before
    /// 2026-12-06 Python's `max_fill` (`import math` before its docstring) "already had a body", and C++'s `find_zero`,
    /// `decode_cyclic`, `decode_shift` (their comment inside the braces) got a second function nested in theirs.
    func testEveryHumanEvalXPromptHasAFunctionToWrite() throws {
        let languages = ["python": "python", "cpp": "cpp", "java": "java", "js": "javascript", "go": "go"]
        for (key, id) in languages.sorted(by: { $0.key < $1.key }) {
            let language = try language(id)
            var missed: [String] = []
            var commentLinesTried = 0
            for task in try HumanEvalX.load(language: key, directory: try XCTUnwrap(HumanEvalX.findDirectory())) {
                let file = language.blockStyle == .indentation ? task.prompt : task.prompt + "\n}\n" + (id == "java" ? "}\n" : "")
                let declared = FunctionSignature.all(in: task.declaration, language: language).last?.name
                let lines = file.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                let signature = try XCTUnwrap(lines.lastIndex { FunctionSignature.first(in: $0, language: language)?.name == declared },
                                              "\(task.taskID): no line declares \(declared ?? "?")")
                var tried = [signature]
                let isComment = { (line: String) in LineKind.of(line, language: language) == .comment }
                if signature + 1 < lines.count, isComment(lines[signature + 1]) {
                    tried.append(signature + 1)
                } else {
                    var above = signature - 1
                    while above > 0, lines[above].allSatisfy(\.isWhitespace) || ImportLines.isImport(lines[above].trimmingCharacters(in: .whitespaces), language: language) {
                        above -= 1
                    }
                    if above >= 0, isComment(lines[above]) { tried.append(above) }
                }
                commentLinesTried += tried.count - 1
                for line in tried {
                    do {
                        let site = try FunctionSite.locate(in: file, line: line, language: language)
                        if site.function?.name != declared || !site.insideBody {
                            missed.append("\(task.taskID) line \(line): \(String(describing: site.function)), inside \(site.insideBody)")
                        }
                    } catch {
                        missed.append("\(task.taskID) line \(line): \(error)")
                    }
                }
            }
            XCTAssertEqual(missed, [], key)
            XCTAssertGreaterThan(commentLinesTried, 150, "\(key): the comments' lines are tried too")
        }
    }

    /// A comment inside an empty body (`{`, then `/* … */` or `//` lines) describes its function: the function is
    /// written after the comment, found from the signature or the comment; the comment stays. Code after it is a body.
    func testACommentInsideAnEmptyBodyIsTheFunctions() throws {
        let cpp = try language("cpp")
        let text = "double poly(double x){\n    return x;\n}\ndouble find_zero(vector<double> xs){\n    /*\n    Find x with poly(x) = 0.\n    */\n}\n"
        for line in [3, 4, 5, 6] {
            let site = try FunctionSite.locate(in: text, line: line, language: cpp)
            XCTAssertEqual(site.function, FunctionSignature(name: "find_zero", arity: 1), "line \(line)")
            XCTAssertTrue(site.insideBody, "line \(line)")
            XCTAssertTrue(String(text.prefix(site.prefixEnd)).hasSuffix("{\n    /*\n    Find x with poly(x) = 0.\n    */\n"), "line \(line)")
            XCTAssertEqual(String(text.dropFirst(site.prefixEnd).prefix(site.replacedLength)), "}", "line \(line)")
            let request = WriteFunctionRequest.at(site, in: text, language: cpp, method: .fim)
            XCTAssertEqual(request.document(with: "    return 0.0;\n}"),
                           "double poly(double x){\n    return x;\n}\ndouble find_zero(vector<double> xs){\n    /*\n    Find x with poly(x) = 0.\n    */\n    return 0.0;\n}\n")
        }
        let lineComments = "func Sum(xs []int) int { // the sum of xs\n\t// (zero when empty)\n}\n"
        let site = try FunctionSite.locate(in: lineComments, line: 1, language: language("go"))
        XCTAssertEqual(site.function?.name, "Sum")
        XCTAssertEqual(String(lineComments.prefix(site.prefixEnd)), "func Sum(xs []int) int { // the sum of xs\n\t// (zero when empty)\n")
        let implemented = "int f(int x) {\n    // twice x\n    return 2 * x;\n}\n"
        for line in [0, 1] {
            XCTAssertThrowsError(try FunctionSite.locate(in: implemented, line: line, language: cpp)) { error in
                XCTAssertEqual(error as? FunctionSiteError, .alreadyHasBody(line: 0, name: "f"), "line \(line)")
            }
        }
    }

    /// Go's `interface{}` in a parameter or result is a type, not the body (13 HumanEval-X Go prompts).
    func testTheBodyBraceIsNotTheBraceOfAGoInterfaceType() throws {
        let go = try language("go")
        for signature in ["func Longest(strings []string) interface{}{", "func FilterIntegers(values []interface{}) []int {",
                          "func CheckDictCase(dict map[interface{}]interface{}) bool {", "func F(p struct{ x int }) [2]interface{} {"] {
            let text = "// Doc.\n" + signature + "\n}\n"
            let site = try FunctionSite.locate(in: text, line: 1, language: go)
            XCTAssertEqual(String(text.prefix(site.prefixEnd)), "// Doc.\n" + signature, signature)
            XCTAssertEqual(site.replacedLength, 2, "the empty body's newline and brace: \(signature)")
            XCTAssertEqual(site.function?.arity, 1, signature)
        }
    }

    /// A megabyte of minified code on one line is code, not read for a signature (it cost 0.6 s of every code
    /// action in its file): the cursor on it offers nothing to write, and the comment and stub below it still do.
    func testALineOfMinifiedCodeIsNotReadForASignature() throws {
        let minified = String(repeating: "function a(b){return b+1};", count: 40_000)
        let js = minified + "\n// Returns the sum of xs.\nfunction sum(xs) {\n}\n"
        XCTAssertThrowsError(try FunctionSite.locate(in: js, line: 0, language: language("javascript"))) { error in
            XCTAssertEqual(error as? FunctionSiteError, .nothingToImplement(line: 0))
        }
        let site = try FunctionSite.locate(in: js, line: 1, language: language("javascript"))
        XCTAssertEqual(site.firstLine, 1)
        XCTAssertEqual(site.function?.name, "sum")
        // Python: a docstring's quotes on a long line still open and close it for the lines below.
        let python = "x = '" + String(repeating: "a", count: 5_000) + "' + \"\"\"\n\"\"\"\ndef f(x):\n    \"\"\"Return x + 1.\"\"\"\n"
        XCTAssertEqual(try FunctionSite.locate(in: python, line: 3, language: language("python")).function?.name, "f")
    }

    func testFunctionSiteErrors() throws {
        let go = "func Sum(xs []int) int {\n\treturn 0\n}\nx := 1\n"
        XCTAssertThrowsError(try FunctionSite.locate(in: go, line: 0, language: language("go"))) { error in
            XCTAssertEqual(error as? FunctionSiteError, .alreadyHasBody(line: 0, name: "Sum"))
        }
        XCTAssertThrowsError(try FunctionSite.locate(in: go, line: 3, language: language("go"))) { error in
            XCTAssertEqual(error as? FunctionSiteError, .nothingToImplement(line: 3))
        }
        XCTAssertThrowsError(try FunctionSite.locate(in: go, line: 40, language: language("go"))) { error in
            // Four lines, as an editor (and `infill translate`'s range check) counts them: the final newline ends line 4.
            XCTAssertEqual(error as? FunctionSiteError, .lineOutsideDocument(line: 40, lineCount: 4))
            XCTAssertEqual((error as? FunctionSiteError)?.description, "line 41 is outside the file, which has 4 lines")
        }
    }

    func testRankingFeaturesOfWholeFunctions() throws {
        let java = try language("java")
        let expectation = try CodeCandidateExpectation(language: java, sourceLanguage: language("python"),
                                                       function: FunctionSignature(name: "sum_even", arity: 1), sourceLength: 100)
        let good = expectation.features(code: "public static int sumEven(int[] nums) {\n    int t = 0;\n    for (int n : nums) if (n % 2 == 0) t += n;\n    return t;\n}",
                                        tokenLogprobs: [-0.1, -0.2], closed: true)
        XCTAssertTrue(good.bracketsBalanced && good.nameKept && good.arityKept)
        XCTAssertEqual(good.sourceMarkersLeft, 0)
        let bad = expectation.features(code: "public static int sumEven(int[] nums, int k) {\n    def x = self.total;\n", tokenLogprobs: [-0.1, -0.2], closed: false)
        XCTAssertFalse(bad.bracketsBalanced)
        XCTAssertFalse(bad.arityKept)
        XCTAssertEqual(bad.sourceMarkersLeft, 2, "def and self. are Python's")
        XCTAssertLessThan(bad.score, good.score)
        var failing = good
        failing.examplesPassed = false
        XCTAssertLessThan(failing.score, good.score)
    }

    /// A source's marker the target writes for its own reasons is not source left in the translation: Python's slice
    /// `s[::-1]` is not C++'s `::` (HumanEval-X C++→Python `solve`, `even_odd_palindrome`: every candidate that
    /// reversed a string had lost 0.4), nor Go's `len(x)` Python's `len(`; C++'s `std::` in Python still is.
    func testMarkersTheTargetWritesItselfAreNotSourceLeft() throws {
        let fromCpp = try CodeCandidateExpectation(language: language("python"), sourceLanguage: language("cpp"),
                                                   function: FunctionSignature(name: "solve", arity: 1), sourceLength: 100)
        let reversed = fromCpp.features(code: "def solve(s):\n    return s[::-1]\n", tokenLogprobs: [-0.1], closed: true)
        XCTAssertEqual(reversed.sourceMarkersLeft, 0)
        let left = fromCpp.features(code: "def solve(s):\n    return std::reverse(s)\n", tokenLogprobs: [-0.1], closed: true)
        XCTAssertEqual(left.sourceMarkersLeft, 1, "`std::` is C++'s (and its `::` no second marker)")
        let fromPython = try CodeCandidateExpectation(language: language("go"), sourceLanguage: language("python"),
                                                      function: FunctionSignature(name: "count", arity: 1), sourceLength: 100)
        XCTAssertEqual(fromPython.features(code: "func Count(xs []int) int {\n    return len(xs)\n}\n", tokenLogprobs: [-0.1], closed: true).sourceMarkersLeft, 0)
        XCTAssertEqual(fromPython.features(code: "func Count(xs []int) int {\n    if xs == None {\n        return 0\n    }\n    return len(xs)\n}\n",
                                           tokenLogprobs: [-0.1], closed: true).sourceMarkersLeft, 1, "Go has no `None`")
    }
}

/// The code actions offered on hand-written documents, and where their results go.
final class CodeTaskActionsTests: XCTestCase {
    private func language(_ name: String) throws -> CodeLanguage { try XCTUnwrap(CodeLanguage.named(name)) }

    func testPythonPastedIntoRustOffersTranslateToRustFirst() throws {
        let text = "fn main() {}\n\ndef add(a, b):\n    return a + b\n"
        let start = "fn main() {}\n\n".count
        let actions = CodeTaskActions.offered(text: text, selection: start..<text.count, fileLanguage: try language("rust"))
        XCTAssertEqual(actions.first?.title, "Translate to Rust")
        XCTAssertTrue(actions.contains { $0.title == "Translate to Go" })
        XCTAssertFalse(actions.contains { $0.title == "Translate to Python" }, "not to the selection's own language")
        XCTAssertEqual(actions.filter { $0.title == "Translate to Rust" }.count, 1)
    }

    func testCodeInTheFilesLanguageGetsOnlyTheListAndPlainCodeNoWriteAction() throws {
        let text = "func Add(a int, b int) int {\n\treturn a + b\n}\n"
        let actions = CodeTaskActions.offered(text: text, selection: 0..<text.count, fileLanguage: try language("go"))
        XCTAssertNotEqual(actions.first?.title, "Translate to Go")
        XCTAssertFalse(actions.contains { $0.title == "Translate to Go" })
        XCTAssertFalse(actions.contains { $0.title == "Write function from comment" }, "the function has a body")
        XCTAssertEqual(CodeTaskActions.offered(text: text, selection: 5..<5, fileLanguage: try language("go")), [], "a cursor in plain code: nothing")
    }

    func testACommentWithoutBodyOffersWriteFunction() throws {
        let text = "package main\n\n// Sum returns the sum of xs.\nfunc Sum(xs []int) int {\n}\n"
        let cursor = "package main\n\n// Su".count
        let actions = CodeTaskActions.offered(text: text, selection: cursor..<cursor, fileLanguage: try language("go"))
        XCTAssertEqual(actions.map(\.title), ["Write function from comment"])
    }

    func testWrittenCodeIsPlacedWithTheFilesIndentation() throws {
        let go = try language("go")
        let text = "package main\n\n// Sum returns the sum of xs.\nfunc Sum(xs []int) int {\n}\n"
        let site = try FunctionSite.locate(in: text, line: 3, language: go)
        let fim = WriteFunctionRequest.at(site, in: text, language: go, method: .fim)
        let body = "\ts := 0\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}"
        XCTAssertEqual(fim.edit(for: body, site: site, in: text).applied(to: text),
                       "package main\n\n// Sum returns the sum of xs.\nfunc Sum(xs []int) int {\n" + body + "\n")

        let python = try language("python")
        let method = "class A:\n    # Returns twice x.\n    def twice(self, x):\n        pass\n"
        let methodSite = try FunctionSite.locate(in: method, line: 1, language: python)
        XCTAssertEqual(methodSite.indentation, "    ")
        let instruction = WriteFunctionRequest.at(methodSite, in: method, language: python, method: .instruction)
        XCTAssertEqual(instruction.prefix, "class A:\n\n    # Returns twice x.\n    def twice(self, x):\n", "the class it goes in, then its comment and signature")
        XCTAssertEqual(instruction.edit(for: "def twice(self, x):\n    return 2 * x", site: methodSite, in: method).applied(to: method),
                       "class A:\n    # Returns twice x.\n    def twice(self, x):\n        return 2 * x\n")
    }
}
