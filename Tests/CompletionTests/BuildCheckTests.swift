@testable import Completion
import Foundation
import Languages
import XCTest

/// The build check: candidates are built with the language's compiler (nothing they contain runs), with
/// the compiler's messages kept for a repair; languages without a compile step are not checked.
final class BuildCheckTests: XCTestCase {
    private func language(_ name: String) throws -> CodeLanguage { try XCTUnwrap(CodeLanguage.named(name)) }
    private let checker = LocalBuildChecker(timeoutSeconds: 120)

    /// Builds `good` and `bad` in `name`: the first builds, the second does not and its failure quotes the
    /// line the compiler points at (not the check program's line number).
    private func judge(_ name: String, good: String, bad: String, quoted: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let language = try language(name)
        guard LocalExampleRunner.tools(for: language) != nil else { throw XCTSkip("\(name): no compiler here") }
        XCTAssertEqual(checker.check(code: good, language: language), BuildVerdict(builds: true), "\(name): builds", file: file, line: line)
        let verdict = try XCTUnwrap(checker.check(code: bad, language: language), file: file, line: line)
        XCTAssertFalse(verdict.builds, "\(name): does not build", file: file, line: line)
        let failure = try XCTUnwrap(verdict.failure, file: file, line: line)
        XCTAssertTrue(failure.hasPrefix(name == "python" ? "It cannot run:\n" : "It does not compile:\n"), failure, file: file, line: line)
        XCTAssertTrue(failure.contains("`\(quoted)`"), "\(name): the failing line is quoted in: \(failure)", file: file, line: line)
        XCTAssertFalse(failure.contains("infill-examples-"), "no temporary paths: \(failure)", file: file, line: line)
    }

    func testCpp() throws {
        // A Python habit in C++ (HumanEval-X Python→C++ CPP/143): `std::string` has no `split`.
        try judge("cpp", good: "#include <string>\nint count_words(std::string s) {\n    return s.size();\n}\n",
                  bad: "#include <string>\nint count_words(std::string s) {\n    return s.split().size();\n}\n", quoted: "return s.split().size();")
    }

    func testJava() throws {
        try judge("java", good: "class Solution {\n    public int twice(int x) {\n        return 2 * x;\n    }\n}\n",
                  bad: "class Solution {\n    public int twice(int x) {\n        return 2 * y;\n    }\n}\n", quoted: "return 2 * y;")
    }

    func testGo() throws {
        try judge("go", good: "func Twice(x int) int {\n\treturn 2 * x\n}\n",
                  bad: "func Twice(x int) int {\n\ty := 3\n\treturn 2 * x\n}\n", quoted: "y := 3")
    }

    /// A Python habit in Rust: `len()` is a `usize`, not the `i32` the signature returns.
    func testRust() throws {
        try judge("rust", good: "pub fn size(xs: &[i32]) -> usize {\n    xs.len()\n}\n",
                  bad: "pub fn size(xs: &[i32]) -> i32 {\n    xs.len()\n}\n", quoted: "xs.len()")
    }

    /// Swift: an `Int` returned as `Int32` does not build; Foundation's API builds without the candidate importing it.
    func testSwift() throws {
        try judge("swift", good: "func size(_ xs: [Int]) -> Int {\n    return xs.count\n}\n",
                  bad: "func size(_ xs: [Int]) -> Int32 {\n    return xs.count\n}\n", quoted: "return xs.count")
        let words = "func words(_ s: String) -> [String] {\n    return s.components(separatedBy: \" \")\n}\n"
        XCTAssertEqual(checker.check(code: words, language: try language("swift"))?.builds, true)
        let shown = "func size(_ xs: [Int]) -> Int {\n    return xs.count\n}\n\nlet sample = [1, 2]\nprint(size(sample))\n"
        XCTAssertEqual(checker.check(code: shown, language: try language("swift"))?.builds, true, "a call shown after the function is not the function")
        XCTAssertEqual(LocalBuildChecker.withoutDemoCode(shown, language: try language("swift")), "func size(_ xs: [Int]) -> Int {\n    return xs.count\n}\n\nlet sample = [1, 2]\n")
    }

    /// A Go candidate that calls a standard package it does not import builds (the file it goes into usually
    /// imports it: HumanEval-X Python→Go Go/143 passed its tests so); an unknown package stays undefined.
    func testAGoCandidateMayLeaveOutStandardImports() throws {
        let go = try language("go")
        try ExampleRunnerTests.requireTool(for: go)
        let code = "import (\n\t\"fmt\"\n)\n\nfunc Words(s string) string {\n\treturn strings.Join(strings.Fields(s), \" \") + strconv.Itoa(1)\n}\n\nfunc main() {\n\tfmt.Println(Words(\"a b\"))\n}\n"
        XCTAssertEqual(checker.check(code: code, language: go)?.builds, true)
        let unknown = try XCTUnwrap(checker.check(code: "func Words(s string) string {\n\treturn wordsutil.Join(s)\n}\n", language: go))
        XCTAssertFalse(unknown.builds)
        XCTAssertTrue(unknown.failure?.contains("undefined: wordsutil") == true, unknown.failure ?? "")
    }

    /// A `main` that calls the function the docstring's way (a rune where Go wants a string) is not what goes
    /// into the file: the function alone is built, and an import only `main` used is dropped.
    func testTheFunctionIsBuiltWithoutItsDemoMain() throws {
        let go = try language("go")
        try ExampleRunnerTests.requireTool(for: go)
        let code = "package main\n\nimport (\n\t\"fmt\"\n)\n\nfunc Twice(s string) string {\n\treturn s + s\n}\n\nfunc main() {\n\tfmt.Println(Twice('a'))\n}\n"
        XCTAssertEqual(checker.check(code: code, language: go)?.builds, true)
        XCTAssertFalse(LocalBuildChecker.withoutDemoCode(code, language: go).contains("func main"))
        XCTAssertEqual(LocalBuildChecker.withoutDemoCode("int f() { return 1; }\n", language: try language("cpp")), "int f() { return 1; }\n", "nothing to drop")
    }

    /// A script's translation is built whole (`BuildScope.wholeProgram`): a mistake in its entry point or, in
    /// Swift, its top-level statements counts there, and not in the definitions' check, which leaves them out.
    func testAScriptIsBuiltWithItsEntryPointAndTopLevelStatements() throws {
        let swift = try language("swift"), go = try language("go"), cpp = try language("cpp")
        let function = "func greet(name: String) -> String {\n    return \"hi \" + name\n}\n\n"
        let cases: [(CodeLanguage, good: String, bad: String, quoted: String)] = [
            (swift, function + "let who = \"you\"\nprint(greet(name: who))\n", function + "print(greet(\"you\"))\n", "print(greet(\"you\"))"),
            (go, "package main\n\nimport \"fmt\"\n\nfunc Twice(s string) string {\n\treturn s + s\n}\n\nfunc main() {\n\tfmt.Println(Twice(\"a\"))\n}\n",
             "package main\n\nimport \"fmt\"\n\nfunc Twice(s string) string {\n\treturn s + s\n}\n\nfunc main() {\n\tfmt.Println(Twice('a'))\n}\n",
             "fmt.Println(Twice('a'))"),
            (cpp, "int twice(int x) { return 2 * x; }\n\nint main() {\n    return twice(1);\n}\n",
             "int twice(int x) { return 2 * x; }\n\nint main() {\n    return thrice(1);\n}\n", "return thrice(1);"),
        ]
        for (language, good, bad, quoted) in cases {
            guard LocalExampleRunner.tools(for: language) != nil else { continue }
            XCTAssertEqual(checker.check(code: good, language: language, scope: .wholeProgram), BuildVerdict(builds: true), "\(language.name): \(good)")
            let verdict = try XCTUnwrap(checker.check(code: bad, language: language, scope: .wholeProgram))
            XCTAssertFalse(verdict.builds, "\(language.name): \(bad)")
            XCTAssertTrue(verdict.failure?.contains("`\(quoted)`") == true, "\(language.name): the failing line is quoted in: \(verdict.failure ?? "")")
            XCTAssertEqual(checker.check(code: bad, language: language, scope: .definitions)?.builds, true, "\(language.name): the definitions build")
            XCTAssertEqual(checker.check(code: good, language: language, scope: .definitions)?.builds, true, "\(language.name): \(good)")
        }
        // A line ending in a string (`let who = "you"`) ends its item: the call after it is still demo code.
        XCTAssertEqual(LocalBuildChecker.withoutDemoCode(function + "let who = \"you\"\nprint(greet(name: who))\n", language: swift),
                       function + "let who = \"you\"\n")
    }

    /// Candidates are checked side by side and come back in their order.
    func testSeveralCandidatesKeepTheirOrder() throws {
        let cpp = try language("cpp")
        try ExampleRunnerTests.requireTool(for: cpp)
        let codes = ["int f() { return 1; }", "int f() { return x; }", "int f() { return 2; }", "int f( { return 3; }", "int f() { return 4; }"]
        XCTAssertEqual(checker.check(codes: codes, language: cpp).map { $0?.builds }, [true, false, true, false, true])
    }

    /// A function written among others (fill-in-the-middle, the default there) is built in its whole file:
    /// a body that uses the file's helper, type or field builds, where the function torn out of the file
    /// (what the examples run against) would not.
    func testAFunctionAmongOthersIsBuiltInItsFile() throws {
        let cases: [(language: String, text: String, emptyBody: String, body: String)] = [
            ("java", """
                import java.util.*;

                class Inventory {
                    private final Map<String, Integer> counts = new HashMap<>();

                    private int countOf(String item) {
                        return counts.getOrDefault(item, 0);
                    }

                    // Whether there are at least n of item.
                    public boolean hasAtLeast(String item, int n) {
                    }
                }

                """, "{\n    }", "        return countOf(item) >= n;\n    }"),
            ("cpp", """
                #include <cstdlib>
                #include <vector>

                struct Point { int x; int y; };

                static int manhattan(Point a, Point b) { return std::abs(a.x - b.x) + std::abs(a.y - b.y); }

                // The point nearest to origin.
                Point nearest(const std::vector<Point>& points, Point origin) {
                }

                int main() { return nearest({{1, 2}}, {0, 0}).x; }

                """, "{\n}", "    Point best = points[0];\n    for (const Point& p : points) if (manhattan(p, origin) < manhattan(best, origin)) best = p;\n    return best;\n}"),
            ("go", """
                package shapes

                type Rect struct{ W, H float64 }

                func (r Rect) Area() float64 { return r.W * r.H }

                // TotalArea sums the areas of rects.
                func TotalArea(rects []Rect) float64 {
                }

                """, "{\n}", "\ttotal := 0.0\n\tfor _, r := range rects {\n\t\ttotal += r.Area()\n\t}\n\treturn total\n}"),
        ]
        for (name, text, emptyBody, body) in cases {
            let language = try language(name)
            try ExampleRunnerTests.requireTool(for: language)
            let comment = try XCTUnwrap(text.range(of: "// "))
            let task = try DocumentCodeTask.function(text: text, positionUTF8: text.utf8.distance(from: text.startIndex, to: comment.lowerBound),
                                                     fileLanguage: language, languageID: name)
            let request = try XCTUnwrap(task.writeRequest(method: .fim))
            XCTAssertTrue(request.prefixEndsInsideBody, name)
            let document = request.document(with: body)
            XCTAssertEqual(document, text.replacingOccurrences(of: emptyBody, with: "{\n" + body), "\(name): the body where the empty one was")
            XCTAssertEqual(checker.check(code: document, language: language)?.builds, true, "\(name): builds in its file")
            let alone = CodeTaskEngine.runnableFunction(prefix: request.prefix, body: body, language: language)
            XCTAssertEqual(checker.check(code: alone, language: language)?.builds, false, "\(name): the function alone lacks the file's helpers")
        }
    }

    /// Python: a built-in the function assigns and calls (HumanEval-X C++→Python Python/84: C++'s `string str`
    /// kept as `str`), a name nothing defines (Python/71: `math` never imported), a cut-off answer.
    func testPython() throws {
        try judge("python", good: "def solve(n):\n    s = str(n)\n    return str(sum(int(d) for d in s))\n",
                  bad: "def solve(n):\n    str = str(n)\n    return str\n", quoted: "str = str(n)")
        try assertPythonDoesNotBuild("def area(r):\n    return math.pi * r * r\n",
                                     saying: "`return math.pi * r * r`: `math` is not defined: import it or define it")
        let python = try language("python")
        XCTAssertEqual(checker.check(code: "def f(xs):\n    total = 0\n    for x in xs:\n        total +=", language: python)?.builds, false, "cut off")
    }

    /// `code` does not pass Python's build check, and the failure contains `message`.
    private func assertPythonDoesNotBuild(_ code: String, saying message: String, line: UInt = #line) throws {
        let verdict = try XCTUnwrap(checker.check(code: code, language: try language("python")), line: line)
        XCTAssertFalse(verdict.builds, line: line)
        XCTAssertTrue(verdict.failure?.contains(message) == true, verdict.failure ?? "", line: line)
    }

    /// Python: a local read before the function assigns it, where the first statement naming it is an assignment
    /// that reads it and always runs: HumanEval `simplify` written with `gcd = gcd(numerator1, denominator1)` and
    /// no `gcd` imported (ranked first, failed with UnboundLocalError; the three others passed), and a sum kept
    /// in a loop before it was ever set.
    func testPythonLocalReadBeforeItIsAssigned() throws {
        try judge("python", good: "from math import gcd\n\ndef simplify(a, b):\n    d = gcd(a, b)\n    return a // d\n",
                  bad: "def simplify(a, b):\n    gcd = gcd(a, b)\n    return a // gcd\n", quoted: "gcd = gcd(a, b)")
        try assertPythonDoesNotBuild("def total(xs):\n    for x in xs:\n        s += x\n    return s\n",
                                     saying: "`s += x`: `s` is read before `total` assigns it")
        // C++'s `int m;` kept as a bare `m` (C++→Python `sort_array`, 2026-12-07: ranked first, UnboundLocalError).
        try assertPythonDoesNotBuild("def swap_sort(arr):\n    m\n    for j in range(1, len(arr)):\n        if arr[j] < arr[j - 1]:\n            m = arr[j]\n            arr[j] = arr[j - 1]\n            arr[j - 1] = m\n    return arr\n",
                                     saying: "`m`: `m` is read before `swap_sort` assigns it")
        // An expression statement that reads a global, or a local already set, is fine.
        let python = try language("python")
        XCTAssertEqual(checker.check(code: "LOG = []\n\ndef f(xs):\n    LOG.append(len(xs))\n    m = 0\n    print(m)\n    for x in xs:\n        m = max(m, x)\n    return m\n", language: python)?.builds, true)
    }

    /// Python: a `for` loop over `range` whose body assigns the loop's variable, C's `i -= 1` to try the same divisor
    /// again kept from HumanEval-X's C++ `factorize` (every such recorded candidate failed its
    /// tests). The `while` loop that steps `i` itself, which does what the C++ did, builds.
    func testPythonLoopVariableAssignedInARangeLoop() throws {
        try judge("python", good: "def factorize(n):\n    out = []\n    i = 2\n    while i * i <= n:\n        if n % i == 0:\n            n //= i\n            out.append(i)\n            i -= 1\n        i += 1\n    out.append(n)\n    return out\n",
                  bad: "def factorize(n):\n    out = []\n    for i in range(2, n):\n        if n % i == 0:\n            n //= i\n            out.append(i)\n            i -= 1\n    out.append(n)\n    return out\n",
                  quoted: "i -= 1")
        try assertPythonDoesNotBuild("def f(xs):\n    for k in range(len(xs)):\n        if xs[k] < 0:\n            k = 0\n    return xs\n",
                                     saying: "assigning `k`, the variable of the `for` loop over `range`")
    }

    /// Python: a local set to a zero number once and read, which nothing changes: every read gives 0. HumanEval-X
    /// C++→Python `mean_absolute_deviation` lost the loop adding the numbers to `sum` in every beam candidate
    /// (2026-12-07); the C++'s own loop, kept, builds. A zero that a loop, a branch, a `nonlocal` or `:=` changes, an
    /// empty string kept as a constant, and a zero only written are not flagged.
    func testPythonLocalSetToZeroAndNeverChanged() throws {
        try judge("python",
                  good: "def mean_absolute_deviation(numbers):\n    sum = 0\n    for x in numbers:\n        sum += x\n    avg = sum / len(numbers)\n    return avg\n",
                  bad: "def mean_absolute_deviation(numbers):\n    sum = 0\n    avg = sum / len(numbers)\n    return avg\n",
                  quoted: "sum = 0")
        try assertPythonDoesNotBuild("def dots(name):\n    dot: float = 0.0\n    if name.count('.') != 1:\n        return dot\n    return 1\n",
                                     saying: "`dot` is set to 0 here and nothing in `dots` changes it, so reading it (line 4) always gives 0")
        // The line named is the first that reads the 0 (the repair is asked for the value before it), not a later one.
        try assertPythonDoesNotBuild("def f(xs):\n    total = 0\n    avg = total / len(xs)\n    print(avg)\n    return total\n",
                                     saying: "reading it (line 3) always gives 0: give it its value before line 3 reads it")
        let python = try language("python")
        let allowed = [
            "def f(xs):\n    best = 0\n    if xs:\n        best = max(xs)\n    return best\n",
            "def f(xs):\n    n = 0\n    def bump():\n        nonlocal n\n        n += 1\n    for _ in xs:\n        bump()\n    return n\n",
            "def f(xs):\n    last = 0\n    [last := x for x in xs]\n    return last\n",
            "def f(xs):\n    out = ''\n    for x in xs:\n        if x:\n            return out + x\n    return out\n",
            "def f(xs):\n    unused = 0\n    return len(xs)\n",
            "def f(n):\n    for i in range(n):\n        pass\n    i = 0\n    return i\n",
        ]
        for code in allowed {
            XCTAssertEqual(checker.check(code: code, language: python), BuildVerdict(builds: true), code)
        }
    }

    /// What Python allows is not flagged: locals (one set before a loop adds to it, one first added to in a branch
    /// another branch sets first, one a comprehension of its own name sets), nested functions and lambdas, comprehensions and `:=`,
    /// `global`, imports inside the function, `except … as`, a helper defined after the function, a nested
    /// function named like a built-in, and any name at all after a star import.
    func testPythonScopesAreRead() throws {
        let python = try language("python")
        try ExampleRunnerTests.requireTool(for: python)
        let code = """
            import collections
            from typing import List

            COUNT = 0

            def tally(words: List[str]) -> dict:
                global COUNT
                COUNT += 1
                import re
                def clean(w):
                    return re.sub("[^a-z]", "", w.lower())
                def max(a, b):
                    return a if len(a) >= len(b) else b
                longest = ""
                counts = collections.Counter()
                for w in words:
                    if (c := clean(w)):
                        counts[c] += 1
                        longest = max(longest, c)
                try:
                    first = sorted(counts, key=lambda k: (-counts[k], k))[0]
                except IndexError as error:
                    first = str(error)
                squares = {k: v * v for k, v in counts.items() if (n := v) > 0}
                total = 0
                for i, w in enumerate(words):
                    total += len(w)
                    if i:
                        run += 1
                    else:
                        run = 0
                size = [len(size) for size in words]
                with open("/dev/null") as sink:
                    sink = sink.name
                return {"first": first, "longest": longest, "squares": squares, "n": n, "helper": helper()}

            def helper():
                return [i for i in range(3)]
            """
        XCTAssertEqual(checker.check(code: code, language: python), BuildVerdict(builds: true))
        XCTAssertEqual(checker.check(code: "from math import *\n\ndef area(r):\n    return pi * r * r\n", language: python)?.builds, true)
        XCTAssertEqual(checker.check(code: "SEEN = [0]\n\ndef bump():\n    SEEN[0] = SEEN[0] + 1\n    return SEEN[0]\n", language: python),
                       BuildVerdict(builds: true), "an element of a module's list is not a local")
        let matched = "def sign(x):\n    match x:\n        case 0:\n            s = 0\n        case _:\n            s = 1 if x > 0 else -1\n    return s\n"
        let verdict = try XCTUnwrap(checker.check(code: matched, language: python))
        if verdict.failure?.contains("invalid syntax") == true { throw XCTSkip("this python3 predates `match` (3.10)") }
        XCTAssertEqual(verdict, BuildVerdict(builds: true), "a `match` statement's cases are read")
    }

    /// An instruction answer in Python is checked as it goes into the file, after the file's imports, which
    /// the prompt showed it: a function that uses the file's `math` builds; without the file's import it would
    /// not. Other languages' answers are checked as they are (their harnesses add the standard headers and imports).
    func testAPythonAnswerIsCheckedAfterTheFilesImports() throws {
        let python = try language("python")
        try ExampleRunnerTests.requireTool(for: python)
        let text = "import math\n\n\ndef area(r):\n    \"\"\"The area of a circle of radius r.\"\"\"\n"
        let task = try DocumentCodeTask.function(text: text, positionUTF8: text.utf8.count - 4, fileLanguage: python, languageID: "python")
        let request = try XCTUnwrap(task.writeRequest(method: .instruction))
        let answer = "def area(r):\n    return math.pi * r * r"
        XCTAssertEqual(request.buildProgram(for: answer), "import math\n\n" + answer)
        // The answer's own imports count, and an example cut off after the function does not go into the file.
        let cutOff = "import cmath\n\ndef area(r):\n    return cmath.pi * r * r\n\nprint(area(\"2"
        XCTAssertEqual(request.buildProgram(for: cutOff), "import math\nimport cmath\n\ndef area(r):\n    return cmath.pi * r * r")
        XCTAssertEqual(checker.check(code: request.buildProgram(for: cutOff), language: python)?.builds, true)
        XCTAssertEqual(checker.check(code: request.buildProgram(for: answer), language: python)?.builds, true)
        XCTAssertEqual(checker.check(code: answer, language: python)?.builds, false)
        var cpp = request
        cpp.language = try language("cpp")
        XCTAssertEqual(cpp.buildProgram(for: "int f() { return 1; }"), "int f() { return 1; }")
    }

    /// The check reads the candidate; nothing in it runs (its top-level code would write a file).
    func testPythonCandidatesAreReadNotRun() throws {
        let python = try language("python")
        try ExampleRunnerTests.requireTool(for: python)
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("infill-never-\(UUID().uuidString)").path
        let code = "open('\(marker)', 'w').write('ran')\n\ndef f():\n    return 1\n"
        XCTAssertEqual(checker.check(code: code, language: python)?.builds, true)
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker), "the candidate's code did not run")
    }

    /// JavaScript has no compile step to ask, and languages without a harness no compiler: not checked.
    func testLanguagesWithoutACompileStepAreNotChecked() throws {
        XCTAssertNil(checker.check(code: "function f( {", language: try language("javascript")))
        XCTAssertNil(checker.check(code: "fun f( {", language: try language("kotlin")))
    }

    /// C++ is only parsed and type-checked: the harness's build command with `-fsyntax-only` for its output.
    func testTheCppCheckMakesNoProgram() {
        let harness = CppExampleHarness(usesPrecompiledHeaders: false)
        let program = harness.program(code: "int f() { return 1; }", examples: [], tools: ["/usr/bin/g++"])
        XCTAssertEqual(harness.checkOnly(program), [["/usr/bin/g++", "-std=c++17", "-w", "-O0", "-fsyntax-only", "candidate.cpp"]])
        XCTAssertEqual(program.build, [["/usr/bin/g++", "-std=c++17", "-w", "-O0", "-o", "candidate", "candidate.cpp"]], "the examples' build is unchanged")
    }

    /// With GCC the harness includes its headers precompiled: the same verdicts and messages (line numbers
    /// too) as with the headers written out; a precompiled file cut short is deleted and the candidate built with the plain
    /// headers, with the right verdict, and the file is made again on next use.
    func testPrecompiledHeadersChangeNoVerdict() throws {
        let cpp = try language("cpp")
        try ExampleRunnerTests.requireTool(for: cpp)
        let (_, tools) = try XCTUnwrap(LocalExampleRunner.tools(for: cpp))
        guard let directory = CppPrecompiledHeaders.directory(for: tools[0]) else { throw XCTSkip("\(tools[0]) is not GCC: no precompiled headers") }
        let precompiled = directory.appendingPathComponent(CppPrecompiledHeaders.headerName + ".gch")
        XCTAssertTrue(FileManager.default.fileExists(atPath: precompiled.path))
        let codes = ["int f(vector<int> v) { return accumulate(v.begin(), v.end(), 0); }",
                     "int f(vector<int> v) { return v.sum(); }",
                     "string f(int n) { ostringstream o; o << setw(3) << n; return o.str(); }",
                     "int f(int n) { return g(n); }"]
        for code in codes {
            let withPCH = CppExampleHarness().program(code: code, examples: [], tools: tools)
            XCTAssertTrue(withPCH.files["candidate.cpp"]!.hasPrefix(CppExampleHarness.precompiledInclude))
            let plain = CppExampleHarness(usesPrecompiledHeaders: false).program(code: code, examples: [], tools: tools)
            let verdicts = [withPCH, plain].map { program in
                ProgramBuild.inTemporaryDirectory { directory -> ProgramBuild.Outcome in
                    ProgramBuild.run(program, harness: CppExampleHarness(), in: directory, timeoutSeconds: 120, commands: CppExampleHarness().checkOnly)
                }
            }
            switch (verdicts[0], verdicts[1]) {
            case (.built?, .built?): break
            case let (.failed(a, pa)?, .failed(b, pb)?):
                XCTAssertEqual(ProgramBuild.failureText(a, program: pa), ProgramBuild.failureText(b, program: pb), code)
            default: XCTFail("\(code): different outcomes with and without the precompiled headers")
            }
        }
        XCTAssertEqual(checker.check(codes: codes, language: cpp).map { $0?.builds }, [true, false, true, false])
        // Cut short, as a crash or a full disk would leave it: GCC fails reading it.
        let whole = try Data(contentsOf: precompiled)
        try whole.prefix(100_000).write(to: precompiled)
        XCTAssertEqual(checker.check(code: codes[0], language: cpp), BuildVerdict(builds: true), "built again with the plain headers")
        XCTAssertFalse(FileManager.default.fileExists(atPath: precompiled.path), "the broken file is deleted")
        XCTAssertNotNil(CppPrecompiledHeaders.directory(for: tools[0]))
        XCTAssertGreaterThan(try Data(contentsOf: precompiled).count, 100_000, "made again")
    }

    /// The cache key is the same in every process (FNV-1a, not Swift's seeded `Hasher`).
    func testThePrecompiledHeadersKeyIsStable() {
        XCTAssertEqual(CppPrecompiledHeaders.stableHash(""), 0xcbf2_9ce4_8422_2325)
        XCTAssertEqual(CppPrecompiledHeaders.stableHash("a"), 0xaf63_dc4c_8601_ec8c)
    }
}
