@testable import Completion
import Foundation
import Languages
import XCTest

/// "Generate many, then filter": examples found in comments and sources, and candidates judged by running
/// them with each language's own tool (skipped, with the reason, where the tool is not installed).
final class ExampleRunnerTests: XCTestCase {
    private func language(_ name: String) throws -> CodeLanguage { try XCTUnwrap(CodeLanguage.named(name)) }

    /// Skips the calling test when `language`'s tool is missing here.
    static func requireTool(for language: CodeLanguage) throws {
        if let missing = LocalExampleRunner.missingTool(for: language) {
            throw XCTSkip("\(language.name) examples cannot run here: \(missing)")
        }
    }

    private let runner = LocalExampleRunner(timeoutSeconds: 20, buildTimeoutSeconds: 120)

    /// Runs `good` and `bad` against the examples of `comment`; the good one passes, the bad one fails.
    private func judge(_ name: String, comment: String, good: String, bad: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let language = try language(name)
        try Self.requireTool(for: language)
        let examples = ExampleExtraction.examples(in: comment, language: language)
        XCTAssertFalse(examples.isEmpty, "examples found in \(comment)", file: file, line: line)
        XCTAssertEqual(runner.passes(code: good, examples: examples, language: language), true, "the right \(name) candidate passes", file: file, line: line)
        XCTAssertEqual(runner.passes(code: bad, examples: examples, language: language), false, "the wrong \(name) candidate fails", file: file, line: line)
    }

    // MARK: Finding examples

    func testExamplesAreFoundInEveryUsualForm() throws {
        let go = try language("go")
        let text = """
            // >>> Add(2, 3)
            // 5
            // Add(1, 1) == 2
            // Add(1, 2) => 3
            assert Add(0, 0) == 0
            assert Add(0, [1, 2]) == 3, "Add(0, [1, 2]) should be 3"
            assert(Add(2, 2) == 4);
            console.log(Add(3, 3)) // 6
            print(Add(4, 4))  # 8
            Add(5, 5) // => 10
            assert_eq!(Add(6, 6), 12);
            assertEquals(14, Add(7, 7));
            """
        XCTAssertEqual(ExampleExtraction.examples(in: text, language: go), [
            CodeExample(expression: "Add(2, 3)", expected: "5"),
            CodeExample(expression: "Add(1, 1)", expected: "2"),
            CodeExample(expression: "Add(1, 2)", expected: "3"),
            CodeExample(expression: "Add(0, 0)", expected: "0"),   // asserted equal to a literal: compared by value
            CodeExample(expression: "Add(0, [1, 2])", expected: "3"),   // Python's assertion message is not the value
            CodeExample(expression: "Add(2, 2)", expected: "4"),
            CodeExample(expression: "Add(3, 3)", expected: "6"),
            CodeExample(expression: "Add(4, 4)", expected: "8"),
            CodeExample(expression: "Add(5, 5)", expected: "10"),
            CodeExample(expression: "Add(6, 6)", expected: "12"),
            CodeExample(expression: "Add(7, 7)", expected: "14"),
        ])
    }

    /// The other ways HumanEval's docstrings state results (lines copied from its prompts, in each language).
    func testExamplesStatedWithArrowsWordsAndBracesAreFound() throws {
        let cpp = try language("cpp")
        let text = """
            iscube(64) ==> true
            encrypt("hi") returns "lm"
            solve("1234") = "4321"
            compare_one(1, 2.5) ➞ 2.5
            split_words("abcdef") == {"3"}
            assert vector_sort({"aa", "a", "aaa"}) => {"aa"}
            """
        XCTAssertEqual(ExampleExtraction.examples(in: text, language: cpp), [
            CodeExample(expression: "iscube(64)", expected: "true"),
            CodeExample(expression: "encrypt(\"hi\")", expected: "\"lm\""),
            CodeExample(expression: "solve(\"1234\")", expected: "\"4321\""),
            CodeExample(expression: "compare_one(1, 2.5)", expected: "2.5"),
            CodeExample(expression: "split_words(\"abcdef\")", expected: "{\"3\"}"),
            CodeExample(expression: "vector_sort({\"aa\", \"a\", \"aaa\"})", expected: "{\"aa\"}"),
        ])
        // Prose after "returns", a brace that opens a body, an assignment: no examples.
        let prose = """
            encrypt(s) returns the string rotated by four
            handler(event) => {
            total(xs) = xs.reduce(0)
            """
        XCTAssertEqual(ExampleExtraction.examples(in: prose, language: try language("js")), [])
    }

    func testCodeThatOnlyLooksLikeAnExampleIsNone() throws {
        let js = try language("js")
        let code = """
            const double = (x) => x * 2;
            if (f(x) == 4) { return; }
            x = f(1) + g(2) == 3
            return f(x) == 4
            """
        XCTAssertEqual(ExampleExtraction.examples(in: code, language: js), [])
    }

    func testATranslatedExampleCallsTheTargetsName() throws {
        let example = CodeExample(expression: "sum_even([1, 2, 4])", expected: "6")
        XCTAssertEqual(ExampleExtraction.renamingCall(example, for: try language("js")).expression, "sumEven([1, 2, 4])")
        XCTAssertEqual(ExampleExtraction.renamingCall(example, for: try language("go")).expression, "SumEven([1, 2, 4])")
    }

    func testOnlyTheExamplesOfTheFunctionBeingWrittenCount() {
        let examples = [CodeExample(expression: "add(1, 2)", expected: "3"), CodeExample(expression: "madd(1, 2)", expected: "3"),
                        CodeExample(expression: "s.add(2, 2) == 4", expected: ""), CodeExample(expression: "sub(1, 2)", expected: "-1")]
        XCTAssertEqual(ExampleExtraction.calling("add", in: examples).map(\.expression), ["add(1, 2)", "s.add(2, 2) == 4"])
        XCTAssertEqual(ExampleExtraction.calling(nil, in: examples), examples)
    }

    /// HumanEval's docstrings also describe the function with lines a compiled language cannot build: those
    /// are left out for C++, Java and Go (Python and JavaScript check each example on its own).
    func testOnlyExamplesTheLanguageCanRunAreJudged() throws {
        let examples = [CodeExample(expression: "fib4(n)", expected: "fib4(n-1) + fib4(n-2)"),
                        CodeExample(expression: "isHappy(a)", expected: "false"),
                        CodeExample(expression: "round(findZero([1, 2]), 2)", expected: "-0.5"),
                        CodeExample(expression: "histogram('a b')", expected: "{'a': 1, 'b': 1}"),
                        CodeExample(expression: "fib4(5)", expected: "4"),
                        CodeExample(expression: "getRow([[1], [1, 2]], 1)", expected: "[[0, 0], [1, 0]]"),
                        CodeExample(expression: "isEven(4)", expected: ""),
                        CodeExample(expression: "x > 0", expected: "")]
        XCTAssertEqual(ExampleExtraction.judgeable(examples, in: try language("cpp")), [examples[4], examples[5], examples[6], examples[7]])
        XCTAssertEqual(ExampleExtraction.judgeable(examples, in: try language("rust")), [examples[4], examples[5]], "Rust: calls with a value to compare")
        XCTAssertEqual(ExampleExtraction.judgeable(examples, in: try language("swift")), [examples[4], examples[5]], "Swift likewise")
        XCTAssertEqual(ExampleExtraction.judgeable(examples, in: try language("python")), examples)
        XCTAssertEqual(ExampleExtraction.judgeable(examples, in: try language("js")), examples)
        let goSlice = CodeExample(expression: "HasCloseElements([]float64{1.0, 2.0}, 0.5)", expected: "false")
        XCTAssertEqual(ExampleExtraction.judgeable([goSlice], in: try language("go")), [goSlice], "Go's own slice literal")
    }

    /// Examples are counted one by one: a candidate that throws on one still holds the others, and the
    /// ranking can prefer the candidate that holds more when none holds all.
    func testEachExampleIsCountedOnItsOwn() throws {
        let comment = "    >>> head([3, 4])\n    3\n    >>> head([])\n    0\n    >>> head([5])\n    5\n"
        let cases: [(language: String, code: String)] = [
            ("python", "def head(xs):\n    return xs[0]\n"),
            ("js", "const head = (xs) => { if (xs.length === 0) throw new Error('empty'); return xs[0]; };\n"),
            ("rust", "fn head(xs: Vec<i32>) -> i32 {\n    xs[0]\n}\n"),   // a panic caught, the next example runs
        ]
        for (name, code) in cases {
            let language = try language(name)
            try Self.requireTool(for: language)
            let examples = ExampleExtraction.examples(in: comment, language: language)
            XCTAssertEqual(examples.count, 3)
            let verdict = runner.check(code: code, examples: examples, language: language)
            XCTAssertEqual(verdict?.held, 2, name)
            XCTAssertEqual(verdict?.total, 3, name)
        }
    }

    // MARK: Running them, one language at a time

    func testPython() throws {
        try judge("python", comment: "    >>> separate('( ) (( ))')\n    ['()', '(())']\n    >>> half(3)\n    1.5\n",
                  good: "def separate(s):\n    s = s.replace(' ', '')\n    return ['()', '(())'] if s == '()(())' else []\n\ndef half(x):\n    return x / 2\n",
                  bad: "def separate(s):\n    return []\n\ndef half(x):\n    return x // 2\n")
    }

    func testJavaScript() throws {
        try judge("js", comment: "/* >>> separateParenGroups('( ) (( ))')\n  ['()', '(())']\n  >>> isEven(4)\n  True\n*/\n// sumEven([1, 2, 4]) == 6\n",
                  good: "const separateParenGroups = (s) => s.replace(/ /g, '') === '()(())' ? ['()', '(())'] : [];\nconst isEven = (n) => n % 2 === 0;\nfunction sumEven(xs) { return xs.filter(x => x % 2 === 0).reduce((a, b) => a + b, 0); }\n",
                  bad: "const separateParenGroups = (s) => [s];\nconst isEven = (n) => n % 2 === 0;\nfunction sumEven(xs) { return xs.length; }\n")
    }

    func testCpp() throws {
        try judge("cpp", comment: "/*\n>>> below_zero({1, 2, -4})\ntrue\n>>> evens({1, 2, 4})\n{2, 4}\n>>> half(3)\n1.5\n*/\n",
                  good: "#include <vector>\nusing namespace std;\nbool below_zero(vector<int> ops) { int b = 0; for (int o : ops) { b += o; if (b < 0) return true; } return false; }\n"
                      + "vector<int> evens(vector<int> xs) { vector<int> r; for (int x : xs) if (x % 2 == 0) r.push_back(x); return r; }\n"
                      + "float half(float x) { return x / 2; }\n",
                  bad: "#include <vector>\nusing namespace std;\nbool below_zero(vector<int> ops) { return false; }\n"
                      + "vector<int> evens(vector<int> xs) { return xs; }\nfloat half(float x) { return x / 2; }\n")
    }

    func testJava() throws {
        try judge("java", comment: "    /**\n    >>> truncateNumber(3.5)\n    0.5\n    >>> evens(Arrays.asList(1, 2, 4))\n    [2, 4]\n     */\n",
                  good: "import java.util.*;\n\npublic class Solution {\n    public double truncateNumber(double number) { return number % 1.0; }\n"
                      + "    public List<Integer> evens(List<Integer> xs) { List<Integer> r = new ArrayList<>(); for (int x : xs) if (x % 2 == 0) r.add(x); return r; }\n}\n",
                  bad: "import java.util.*;\n\nclass Solution {\n    public double truncateNumber(double number) { return number; }\n"
                      + "    public List<Integer> evens(List<Integer> xs) { return xs; }\n}\n")
    }

    /// `Arrays.asList(1, 2)` is a `List<Integer>`: for a `List<Double>` parameter its integers are spelled as
    /// doubles, or javac refuses the whole check program (HumanEval-X's findZero) and no candidate is told apart.
    func testJavaIntegersBecomeDoublesForDoubleParameters() throws {
        try judge("java", comment: "    /**\n    >>> findZero(Arrays.asList(1, 2))\n    -0.5\n    >>> scale(Arrays.asList(1, 2), 3)\n    [3, 6]\n     */\n",
                  good: "import java.util.*;\n\nclass Solution {\n    public double findZero(List<Double> xs) { return -xs.get(0) / xs.get(1); }\n"
                      + "    public List<Integer> scale(List<Integer> xs, int k) { List<Integer> r = new ArrayList<>(); for (int x : xs) r.add(x * k); return r; }\n}\n",
                  bad: "import java.util.*;\n\nclass Solution {\n    public double findZero(List<Double> xs) { return xs.get(0) / xs.get(1); }\n"
                      + "    public List<Integer> scale(List<Integer> xs, int k) { return xs; }\n}\n")
        XCTAssertEqual(JavaExampleHarness.parameterTypes(of: "f", in: "class A {\n  int g() { return f(1, 2); }\n  public Map<String, Integer> f(Map<String, Integer> m, final double[] xs) throws Exception {\n  }\n}"),
                       ["Map<String, Integer>", "double[]"])
        XCTAssertEqual(JavaExampleHarness.doublesWhereDeclared("f(Arrays.asList(-6, 11, 2.5), 3)", in: "double f(List<Double> xs, int n) {"),
                       "f(Arrays.asList(-6.0, 11.0, 2.5), 3)")
    }

    func testJavaMethodWithoutItsClass() throws {
        try judge("java", comment: "// >>> add(2, 3)\n// 5\n",
                  good: "public static int add(int a, int b) {\n    return a + b;\n}\n", bad: "public static int add(int a, int b) {\n    return a - b;\n}\n")
    }

    func testGo() throws {
        try judge("go", comment: "// >>> TruncateNumber(3.5)\n// 0.5\n// >>> Evens([]int{1, 2, 4})\n// [2, 4]\n// >>> Name()\n// 'go'\n",
                  good: "import (\n    \"math\"\n    \"strings\"\n)\n\nfunc TruncateNumber(number float64) float64 {\n    return math.Mod(number, 1)\n}\n\n"
                      + "func Evens(xs []int) []int {\n    r := []int{}\n    for _, x := range xs {\n        if x%2 == 0 {\n            r = append(r, x)\n        }\n    }\n    return r\n}\n\n"
                      + "func Name() string { return \"go\" }\n",
                  bad: "import \"math\"\n\nfunc TruncateNumber(number float64) float64 {\n    return number\n}\n\nfunc Evens(xs []int) []int { return xs }\n\nfunc Name() string { return \"Go\" }\n")
    }

    /// Docstrings write Python's lists (`[1, 2, 4]`, `['a']`); Go has no untyped list literal, so each
    /// becomes a composite literal of the parameter's type in the candidate's signature (`a, b int` too).
    func testGoListsTakeTheParametersType() throws {
        try judge("go", comment: "// >>> Evens([1, 2, 4], 0)\n// [2, 4]\n// >>> Joined(['a', 'b'], [[1], [2, 3]])\n// 'ab2'\n",
                  good: "import \"strings\"\n\nfunc Evens(xs []int, min int) []int {\n    r := []int{}\n    for _, x := range xs {\n        if x%2 == 0 && x >= min {\n            r = append(r, x)\n        }\n    }\n    return r\n}\n\n"
                      + "func Joined(words []string, groups [][]int) string {\n    return strings.Join(words, \"\") + string(rune('0'+len(groups[1])))\n}\n",
                  bad: "func Evens(xs []int, min int) []int { return xs }\n\nfunc Joined(words []string, groups [][]int) string { return \"\" }\n")
    }

    /// Rust: the docstring's Python values spelled for each parameter's type (a slice, a `String`, an `f64`,
    /// an `Option`), the result compared as its `Debug` text (`Some` unwrapped) or, for a float, within 1e-6.
    func testRust() throws {
        try judge("rust", comment: "    >>> below_zero([1, 2, -4])\n    True\n    >>> words('a b', ' ')\n    ['a', 'b']\n    >>> half(3)\n    1.5\n"
                      + "    >>> first_even([1, 3])\n    None\n    >>> first_even([1, 4])\n    4\n    >>> pair((1, 'x'))\n    (1, 'x')\n",
                  good: "pub fn below_zero(ops: &[i32]) -> bool {\n    let mut b = 0;\n    for o in ops {\n        b += o;\n        if b < 0 {\n            return true;\n        }\n    }\n    false\n}\n\n"
                      + "fn words(s: String, separator: char) -> Vec<String> {\n    s.split(separator).map(|w| w.to_string()).collect()\n}\n\n"
                      + "fn half(x: f64) -> f64 {\n    x / 2.0\n}\n\nfn first_even(xs: Vec<i64>) -> Option<i64> {\n    xs.into_iter().find(|x| x % 2 == 0)\n}\n\n"
                      + "fn pair(p: (u8, String)) -> (u8, String) {\n    p\n}\n",
                  bad: "pub fn below_zero(ops: &[i32]) -> bool {\n    ops.iter().sum::<i32>() < 0\n}\n\n"
                      + "fn words(s: String, separator: char) -> Vec<String> {\n    vec![s]\n}\n\n"
                      + "fn half(x: f64) -> f64 {\n    (x as i64 / 2) as f64\n}\n\nfn first_even(xs: Vec<i64>) -> Option<i64> {\n    xs.into_iter().next()\n}\n\n"
                      + "fn pair(p: (u8, String)) -> (u8, String) {\n    (p.0 + 1, p.1)\n}\n")
    }

    /// A call Rust cannot type (here a list for a `HashSet`, which no literal spells) is reported as not
    /// compiling and the other examples still run; an error in the candidate itself is the candidate's.
    func testARustCallThatDoesNotCompileFailsAlone() throws {
        let rust = try language("rust")
        try Self.requireTool(for: rust)
        let code = "use std::collections::HashSet;\n\nfn size(xs: HashSet<i32>) -> usize {\n    xs.len()\n}\n\nfn twice(x: i32) -> i32 {\n    x * 2\n}\n"
        let examples = [CodeExample(expression: "size([1, 2])", expected: "2"), CodeExample(expression: "twice(2)", expected: "4")]
        let verdict = try XCTUnwrap(runner.check(code: code, examples: examples, language: rust))
        XCTAssertEqual(verdict.held, 1)
        XCTAssertEqual(verdict.total, 2)
        XCTAssertTrue(verdict.failure?.contains("`size([1, 2])` gave `(this call does not compile against the function's signature)`") == true, verdict.failure ?? "")
        let broken = try XCTUnwrap(runner.check(code: "fn twice(x: i32) -> i32 {\n    x * \"2\"\n}\n", examples: [examples[1]], language: rust))
        XCTAssertEqual(broken.held, 0)
        XCTAssertTrue(broken.failure?.hasPrefix("It does not compile:\n`x * \"2\"`: ") == true, broken.failure ?? "")
    }

    /// HumanEval-X's Python tests judge a Rust translation (`infill eval --task translate --from python --to rust`):
    /// the tests of tasks 12 and 107 as the dataset has them, against a right and a wrong translation.
    func testHumanEvalsPythonTestsJudgeARustTranslation() throws {
        let rust = try language("rust")
        try Self.requireTool(for: rust)
        let test12 = "\n\nMETADATA = {\n    'author': 'jt',\n    'dataset': 'test'\n}\n\n\ndef check(longest):\n    assert longest([]) == None\n"
            + "    assert longest(['x', 'y', 'z']) == 'x'\n    assert longest(['x', 'yyy', 'zzzz', 'www', 'kkkk', 'abc']) == 'zzzz'\n\ncheck(longest)"
        let test107 = "def check(even_odd_palindrome):\n\n    # Check some simple cases\n    assert even_odd_palindrome(123) == (8, 13)\n"
            + "    assert even_odd_palindrome(9) == (4, 5), \"This prints if this assert fails 1 (good for debugging!)\"\n\ncheck(even_odd_palindrome)"
        let (examples12, asserts12) = ExampleExtraction.pythonTestAsserts(test12)
        XCTAssertEqual(asserts12, 3)
        XCTAssertEqual(examples12.first, CodeExample(expression: "longest([])", expected: "None"))
        let (examples107, asserts107) = ExampleExtraction.pythonTestAsserts(test107)
        XCTAssertEqual(examples107, [CodeExample(expression: "even_odd_palindrome(123)", expected: "(8, 13)"),
                                     CodeExample(expression: "even_odd_palindrome(9)", expected: "(4, 5)")])
        XCTAssertEqual(asserts107, 2)
        let test52 = "def check(below_threshold):\n    assert below_threshold([1, 2, 4, 10], 100)\n    assert not below_threshold([1, 20, 4, 10], 5)\n"
            + "    assert below_threshold([1, 8, 4, 10], 11) is True\n    assert below_threshold([1, 8, 4, 10], 10) is False\n    assert len(below_threshold([1], 2)) > 0\n"
            + "    assert abs(below_threshold([1], 2) - 0.33) < 1e-6\n\ncheck(below_threshold)"
        XCTAssertEqual(ExampleExtraction.pythonTestAsserts(test52).examples.map(\.expected), ["True", "False", "True", "False", "0.33"],
                       "a bare truth compared with a boolean, a difference within a bound with its number")
        XCTAssertEqual(ExampleExtraction.pythonTestAsserts(test52).asserts, 6)
        let longest = "fn longest(strings: Vec<String>) -> Option<String> {\n    let mut best: Option<String> = None;\n    for s in strings {\n"
            + "        if best.as_ref().map_or(true, |b| s.len() > b.len()) {\n            best = Some(s);\n        }\n    }\n    best\n}\n"
        XCTAssertEqual(runner.passes(code: longest, examples: examples12, language: rust), true)
        XCTAssertEqual(runner.passes(code: longest.replacingOccurrences(of: "s.len() > b.len()", with: "s.len() >= b.len()"), examples: examples12, language: rust), false,
                       "the last of the longest is not the first")
        let palindromes = "fn even_odd_palindrome(n: i32) -> (i32, i32) {\n    let (mut even, mut odd) = (0, 0);\n    for i in 1..=n {\n"
            + "        let s = i.to_string();\n        if s.chars().rev().collect::<String>() == s {\n            if i % 2 == 0 { even += 1 } else { odd += 1 }\n        }\n    }\n    (even, odd)\n}\n"
        XCTAssertEqual(runner.passes(code: palindromes, examples: examples107, language: rust), true)
        XCTAssertEqual(runner.passes(code: palindromes.replacingOccurrences(of: "1..=n", with: "1..n"), examples: examples107, language: rust), false, "n itself counts")
    }

    /// Swift: the docstring's values in Swift's spelling with the candidate's argument labels (none for `_`),
    /// a `Double` parameter given `3`, an `Optional` result unwrapped, a float within 1e-6; a trap (an index out
    /// of range) fails its own example only, since each runs in its own process.
    func testSwift() throws {
        try judge("swift", comment: "    >>> below_zero([1, 2, -4])\n    True\n    >>> words('a b', ' ')\n    ['a', 'b']\n    >>> half(3)\n    1.5\n"
                      + "    >>> first_even([1, 3])\n    None\n    >>> first_even([1, 4])\n    4\n",
                  good: "func below_zero(_ ops: [Int]) -> Bool {\n    var b = 0\n    for o in ops {\n        b += o\n        if b < 0 { return true }\n    }\n    return false\n}\n\n"
                      + "func words(text: String, separator: Character) -> [String] {\n    text.split(separator: separator).map(String.init)\n}\n\n"
                      + "func half(_ x: Double) -> Double {\n    x / 2\n}\n\nfunc first_even(_ xs: [Int]) -> Int? {\n    xs.first { $0 % 2 == 0 }\n}\n\nprint(half(3))\n",
                  bad: "func below_zero(_ ops: [Int]) -> Bool {\n    ops.reduce(0, +) < 0\n}\n\n"
                      + "func words(text: String, separator: Character) -> [String] {\n    [text]\n}\n\n"
                      + "func half(_ x: Double) -> Double {\n    Double(Int(x) / 2)\n}\n\nfunc first_even(_ xs: [Int]) -> Int? {\n    xs.first\n}\n")
        let swift = try language("swift")
        let head = CodeExample(expression: "head([])", expected: "0")
        let verdict = try XCTUnwrap(runner.check(code: "func head(_ xs: [Int]) -> Int {\n    xs[0]\n}\n\nfunc twice(_ x: Int) -> Int {\n    x * 2\n}\n",
                                                 examples: [head, CodeExample(expression: "twice(2)", expected: "4"), CodeExample(expression: "twice('a')", expected: "4")],
                                                 language: swift))
        XCTAssertEqual(verdict.held, 1, "the trap fails head([]) alone; a call that cannot compile is reported, not the build failed")
        XCTAssertEqual(verdict.total, 3)
        XCTAssertTrue(verdict.failure?.contains("Fatal error") == true, "the trap's message is shown: \(verdict.failure ?? "")")
        XCTAssertFalse(verdict.failure?.contains("0x0") == true, "its stack frames are not: \(verdict.failure ?? "")")
        XCTAssertTrue(verdict.failure?.contains("`twice('a')` gave `\(UncompilableChecks.report)`") == true, verdict.failure ?? "")
        XCTAssertEqual(SwiftExampleHarness.argumentLabels(of: "f", in: "func f<T>(_ a: T, to b: Int, c: [String: Int]) -> Int {"), [nil, "to", "c"])
        XCTAssertEqual(SwiftExampleHarness.argumentLabels(of: "f", in: "func fx(a: Int) {}\nfunc f(_ b: Int) {}\n"), [nil], "not the function named fx")
        XCTAssertEqual(SwiftExampleHarness.argumentLabels(of: "f", in: "func f<T: Collection<Array<Int>>>(in t: T, _ k: Int) {}"), ["in", nil],
                       "nested generic parameters skipped")
    }

    /// A present optional printed by Rust (`Some(1)`) or Swift (`Optional(1)`) reads as the docstring writes it,
    /// also inside a tuple or list; an absent one as `None`; a string that says "Some(" is left alone.
    func testPrintedOptionalsReadAsTheirValues() {
        XCTAssertEqual(ExampleLiteral.normalized("(None, Some(1))"), ExampleLiteral.normalized("(None, 1)"))
        XCTAssertEqual(ExampleLiteral.normalized("[Optional(\"a\"), nil]"), ExampleLiteral.normalized("['a', None]"))
        XCTAssertEqual(ExampleLiteral.normalized("Some(Some(2))"), "2")
        XCTAssertNotEqual(ExampleLiteral.normalized("\"Some(x)\""), ExampleLiteral.normalized("\"x\""))
        XCTAssertNotEqual(ExampleLiteral.normalized("Awesome(1)"), ExampleLiteral.normalized("1"), "only the wrappers' own names")
    }

    /// Parentheses around one value group it (HumanEval's `is_nested(('[]'))` passes a string, not a tuple);
    /// a comma makes a tuple, and `()` stays an empty one.
    func testGroupingParenthesesAreNotTuples() {
        XCTAssertEqual(ExampleLiteral.tokens("('[]')"), [.string("[]")])
        XCTAssertEqual(ExampleLiteral.tokens("[((-3)), (1, 2)]"), [.open, .minus, .number("3"), .comma, .open, .number("1"), .comma, .number("2"), .close, .close])
        XCTAssertEqual(ExampleLiteral.tokens("(1,)"), [.open, .number("1"), .comma, .close])
        XCTAssertEqual(ExampleLiteral.tokens("()"), [.open, .close])
        XCTAssertEqual(ExampleLiteral.tokens("[7]"), [.open, .number("7"), .close], "a list of one is a list")
        XCTAssertEqual(RustValueSpelling.spell("('[[]]')", as: "&str"), "\"[[]]\"")
        XCTAssertEqual(ExampleLiteral.spellArguments(ofCall: "is_nested(('[]'))", ExampleLiteral.javaScript), "is_nested(\"[]\")")
    }

    /// Values of an example spelled as Rust for a parameter's type, and the types read from a signature.
    func testRustValuesFollowTheSignature() {
        XCTAssertEqual(RustValueSpelling.spell("[1, -2]", as: "&[f64]"), "&vec![1.0, -2.0]")
        XCTAssertEqual(RustValueSpelling.spell("'it\\'s'", as: "String"), "String::from(\"it\\'s\")")
        XCTAssertEqual(RustValueSpelling.spell("[['a'], []]", as: "Vec<Vec<char>>"), "vec![vec!['a'], vec![]]")
        XCTAssertEqual(RustValueSpelling.spell("['a', \"b\"]", as: "&Vec<String>"), "&vec![String::from(\"a\"), String::from(\"b\")]")
        XCTAssertEqual(RustValueSpelling.spell("None", as: "Option<i32>"), "None")
        XCTAssertEqual(RustValueSpelling.spell("3", as: "Option<i32>"), "Some(3)")
        XCTAssertEqual(RustValueSpelling.spell("(1, 'a')", as: "(i32, String)"), "(1, String::from(\"a\"))")
        XCTAssertEqual(RustValueSpelling.spell("[1, 2]", as: "[u8; 2]"), "[1, 2]")
        XCTAssertEqual(RustValueSpelling.spell("['x', True]", as: ""), "vec![\"x\", true]", "no type known: strings as &str, lists as vec!")
        XCTAssertNil(RustValueSpelling.spell("n + 1", as: "i32"), "not a literal")
        let signature = RustSignature.of("f", in: "fn g() { f(1) }\npub fn f<T: Ord>(xs: &[T], m: HashMap<String, i32>, mut n: usize, k: impl Fn(i32) -> i32) -> Option<(i32, i32)> {\n}\n")
        XCTAssertEqual(signature, RustSignature(parameters: ["&[T]", "HashMap<String, i32>", "usize", "impl Fn(i32) -> i32"], returned: "Option<(i32, i32)>"))
        XCTAssertEqual(RustSignature.of("area", in: "impl Shape {\n    fn area(&self, scale: f64) -> f64 { 0.0 }\n}\n"), RustSignature(parameters: ["f64"], returned: "f64"))
        XCTAssertEqual(RustSignature.of("h", in: "fn h<T: Into<Vec<i32>>, F: Fn(i32) -> bool>(t: T, f: F) -> usize {"),
                       RustSignature(parameters: ["T", "F"], returned: "usize"), "nested generics and an arrow inside them")
    }

    // MARK: What failed, for a repair round

    /// A verdict says what went wrong in words the model can act on: each example's value against the
    /// expected one; the compiler's message with the line of code it points at (the check program's line
    /// numbers and paths left out); what a program that stopped early printed.
    func testAFailureSaysWhatWentWrong() throws {
        let python = try language("python")
        try Self.requireTool(for: python)
        let examples = ExampleExtraction.examples(in: "    >>> half(3)\n    1.5\n    >>> half(4)\n    2\n", language: python)
        let wrong = runner.check(code: "def half(x):\n    return x // 2\n", examples: examples, language: python)
        XCTAssertEqual(wrong?.held, 1)
        XCTAssertEqual(wrong?.failure, "These examples do not hold:\n- `half(3)` gave `1`; expected `1.5`")
        XCTAssertNil(runner.check(code: "def half(x):\n    return x / 2\n", examples: examples, language: python)?.failure, "all hold: nothing to say")

        let go = try language("go")
        try Self.requireTool(for: go)
        let goVerdict = try XCTUnwrap(runner.check(code: "func Twice(x int) int {\n    return x * \"2\"\n}\n",
                                                   examples: [CodeExample(expression: "Twice(2)", expected: "4")], language: go))
        let goFailure = try XCTUnwrap(goVerdict.failure)
        XCTAssertTrue(goFailure.hasPrefix("It does not compile:\n`return x * \"2\"`: "), goFailure)
        XCTAssertFalse(goFailure.contains("main.go") || goFailure.contains("infill-examples-"), goFailure)

        let js = try language("js")
        try Self.requireTool(for: js)
        let jsVerdict = try XCTUnwrap(runner.check(code: "const twice = (x) => { return x * 2;\nconst twice = 3;\n",
                                                   examples: [CodeExample(expression: "twice(2)", expected: "4")], language: js))
        let jsFailure = try XCTUnwrap(jsVerdict.failure)
        XCTAssertTrue(jsFailure.contains("the program stopped before `twice(2)` finished"), jsFailure)
        XCTAssertTrue(jsFailure.contains("SyntaxError"), "what node said is shown: \(jsFailure)")
    }

    /// Compiler lines of the three compiled languages are read for their file, line and message.
    func testCompilerLocationsAreRead() {
        XCTAssertTrue(ExampleReport.located("./main.go:31:8: more than one character in rune literal")!
                      == ("main.go", 31, "more than one character in rune literal"))
        XCTAssertTrue(ExampleReport.located("Main.java:5: error: incompatible types: String cannot be converted to int")!
                      == ("Main.java", 5, "error: incompatible types: String cannot be converted to int"))
        XCTAssertTrue(ExampleReport.located("/tmp/infill-examples-1/candidate.cpp:12:5: error: 'x' was not declared")!
                      == ("candidate.cpp", 12, "error: 'x' was not declared"))
        XCTAssertNil(ExampleReport.located("    return x * 2;"))
        XCTAssertNil(ExampleReport.located("note: in a call: see here"))
        XCTAssertEqual(ExampleReport.buildMessages("# command-line-arguments\n./main.go:2:12: bad\n", files: ["main.go": "package main\n  return x\n"]),
                       ["`return x`: bad"])
    }

    // MARK: Limits

    func testAnEndlessCandidateIsKilledWithEverythingItStarted() throws {
        let python = try language("python")
        try Self.requireTool(for: python)
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("infill-example-child-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        // The candidate starts a child that would outlive it, records the child's pid, then never returns.
        let code = """
            import subprocess
            def add(a, b):
                child = subprocess.Popen(['sleep', '300'])
                open('\(pidFile)', 'w').write(str(child.pid))
                while True:
                    pass
            """
        let result = LocalExampleRunner(timeoutSeconds: 2).passes(code: code, examples: [CodeExample(expression: "add(2, 3)", expected: "5")], language: python)
        XCTAssertEqual(result, false, "a candidate that does not finish in time fails")
        let pid = try XCTUnwrap(Int32(String(contentsOfFile: pidFile, encoding: .utf8)), "the child was started")
        #if os(Linux)
        // Killed with the group: gone, or a zombie until init reaps it, never still sleeping. SIGKILL was sent
        // before `passes` returned; its delivery is asynchronous, so the state is read until it changes (2 s at most).
        func state() -> String? {
            (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.split(separator: ")").last?.split(separator: " ").first.map(String.init)
        }
        var seen = state()
        for _ in 0..<200 where seen != nil && seen != "Z" {
            usleep(10_000)
            seen = state()
        }
        XCTAssertTrue(seen == nil || seen == "Z", "the child was killed with the candidate (state \(seen ?? "gone"))")
        #endif
    }

    /// Kotlin has no harness: its examples are not judged, whatever is installed.
    func testALanguageWithoutAHarnessIsNotJudged() throws {
        XCTAssertNil(runner.passes(code: "fun add(a: Int, b: Int): Int = a + b", examples: [CodeExample(expression: "add(2, 3)", expected: "5")],
                                   language: try language("kotlin")), "nil: no filter, no error")
        XCTAssertNotNil(LocalExampleRunner.missingTool(for: try language("kotlin")))
    }

    /// A task's candidates run side by side: each of these two waits for the other to have started (a file
    /// the other writes), so one after the other the first would give up and fail; side by side both pass.
    /// The order of the verdicts is the candidates'.
    func testCandidatesRunSideBySideAndKeepTheirOrder() throws {
        let python = try language("python")
        try Self.requireTool(for: python)
        guard ProcessInfo.processInfo.activeProcessorCount >= 2 else { throw XCTSkip("one core: candidates run one after another") }
        let meeting = FileManager.default.temporaryDirectory.appendingPathComponent("infill-meet-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: meeting, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: meeting) }
        func candidate(_ me: String, waitsFor other: String) -> String {
            """
            import os, time
            def meet():
                open(os.path.join('\(meeting)', '\(me)'), 'w').close()
                for _ in range(1000):
                    if os.path.exists(os.path.join('\(meeting)', '\(other)')):
                        return True
                    time.sleep(0.01)
                return False
            """
        }
        let wrong = "def meet():\n    return False\n"
        let examples = [CodeExample(expression: "meet()", expected: "True")]
        let verdicts = runner.check(codes: [candidate("a", waitsFor: "b"), candidate("b", waitsFor: "a"), wrong], examples: examples, language: python)
        XCTAssertEqual(verdicts.map { $0?.allHold }, [true, true, false], "both meeting candidates passed, so they ran at the same time; the wrong one failed in its place")
    }
}
