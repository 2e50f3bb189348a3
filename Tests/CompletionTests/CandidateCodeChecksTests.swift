import Completion
import Languages
import XCTest

/// The candidate checks the log-probabilities cannot see (`CandidateCodeChecks`), through the public features:
/// locals assigned and never read, the mean log-probability of code tokens only, and the code-only length.
final class CandidateCodeChecksTests: XCTestCase {
    private func language(_ name: String) throws -> CodeLanguage { try XCTUnwrap(CodeLanguage.named(name)) }

    private func unusedLocals(_ code: String, _ name: String) throws -> Int {
        try CodeCandidateExpectation(language: language(name)).features(code: code, tokenLogprobs: [-0.1], closed: true).unusedLocals
    }

    /// HumanEval-X js→python task 110: the sample the ranking once chose counts both lists and tests only one.
    func testALocalAssignedAndNeverReadIsCounted() throws {
        let chosen = """
        def exchange(lst1, lst2):
            even_count1 = sum(1 for num in lst1 if num % 2 == 0)
            even_count2 = sum(1 for num in lst2 if num % 2 == 0)
            return 'YES' if even_count1 >= len(lst1) else 'NO'
        """
        XCTAssertEqual(try unusedLocals(chosen, "python"), 1)
        let right = chosen.replacingOccurrences(of: "if even_count1 >=", with: "if even_count1 + even_count2 >=")
        XCTAssertEqual(try unusedLocals(right, "python"), 0)
        // The unused local costs the candidate its place above one with a slightly lower mean.
        let expectation = try CodeCandidateExpectation(language: language("python"))
        let ignoring = expectation.features(code: chosen, tokenLogprobs: [-0.11], closed: true)
        let using = expectation.features(code: right, tokenLogprobs: [-0.13], closed: true)
        XCTAssertGreaterThan(using.score, ignoring.score)
    }

    private func unchangedZeroLocals(_ code: String, _ name: String = "python") throws -> Int? {
        try CodeCandidateExpectation(language: language(name)).features(code: code, tokenLogprobs: [-0.1], closed: true).unchangedZeroLocals
    }

    /// HumanEval-X C++→Python task 4, the candidate the ranking chose: `sum` stays 0 (the source's loop adding the
    /// numbers is gone), so `avg` is 0 and the answer wrong. The penalty puts the candidate that accumulates
    /// first, though the model found it less likely (the recorded means, −0.058 and −0.074).
    func testAZeroThatNeverAccumulatesIsCounted() throws {
        let lost = """
        def mean_absolute_deviation(numbers: List[float]) -> float:
            sum = 0
            avg = sum / len(numbers)
            msum = 0
            for num in numbers:
                msum += abs(num - avg)
            return msum / len(numbers)
        """
        XCTAssertEqual(try unchangedZeroLocals(lost), 1)
        let kept = lost.replacingOccurrences(of: "    avg = sum / len(numbers)\n",
                                             with: "    for num in numbers:\n        sum += num\n    avg = sum / len(numbers)\n")
        XCTAssertEqual(try unchangedZeroLocals(kept), 0)
        let expectation = try CodeCandidateExpectation(language: language("python"))
        XCTAssertGreaterThan(expectation.features(code: kept, tokenLogprobs: [-0.074], closed: true).score,
                             expectation.features(code: lost, tokenLogprobs: [-0.058], closed: true).score)
    }

    /// Every way Python changes a name counts as a change, so only a zero that is read and nothing else is counted.
    func testEveryWayOfChangingAZeroIsSeen() throws {
        let changes = [
            "total = 1", "total += x", "total //= 2", "total: int = 3", "if (total := x) > 1:\n        pass",
            "for total in xs:\n        pass", "for i, total in enumerate(xs):\n        pass", "total, rest = 1, 2",
            "with open(x) as total:\n        pass", "global total", "del total", "total.append(x)",
            "[y for total in xs for y in total]", "[y for y in xs for total in y]",
        ]
        for change in changes {
            let code = "def f(x, xs):\n    total = 0\n    \(change)\n    return total\n"
            XCTAssertEqual(try unchangedZeroLocals(code), 0, change)
        }
        // Read only: compared, passed, returned, in a comprehension's condition; 0.0 and an annotation too.
        let reads = ["return total", "return total == x", "return total <= x", "print(total)", "return [y for y in xs if y > total]"]
        for read in reads {
            XCTAssertEqual(try unchangedZeroLocals("def f(x, xs):\n    total = 0\n    \(read)\n"), 1, read)
            XCTAssertEqual(try unchangedZeroLocals("def f(x, xs):\n    total: float = 0.0\n    \(read)\n"), 1, read)
        }
        // Set and never read is an unused local, not this; a name that contains it, or an attribute of that name, is another name.
        XCTAssertEqual(try unchangedZeroLocals("def f(x):\n    total = 0\n    return x\n"), 0)
        XCTAssertEqual(try unchangedZeroLocals("def f(x):\n    total = 0\n    subtotal = x\n    x.total += 1\n    return subtotal\n"), 0)
        // A module's constant is named to be read; a string or a comment that names it is not a read; other languages are not checked.
        XCTAssertEqual(try unchangedZeroLocals("LOW = 0\n\ndef f(x):\n    return max(x, LOW)\n"), 0)
        XCTAssertEqual(try unchangedZeroLocals("def f(x):\n    total = 0  # total\n    return 'total'\n"), 0)
        XCTAssertEqual(try unchangedZeroLocals("int f(int x) {\n    int total = 0;\n    return total;\n}", "cpp"), 0)
    }

    private func placeholder(_ code: String, _ name: String) throws -> Bool? {
        try CodeCandidateExpectation(language: language(name)).features(code: code, tokenLogprobs: [-0.1], closed: true).placeholder
    }

    /// A body that does nothing: a comment, a stand-in, or nothing at all (whole functions and fill-in-the-middle
    /// bodies), in the languages' own stand-ins; and bodies that do something, one-liners included.
    func testABodyThatDoesNothingIsAPlaceholder() throws {
        let nothing: [(String, String)] = [
            ("def nth_prime(n)\n  # Your code here\nend", "ruby"),
            ("def f(x):\n    \"\"\"Twice x.\"\"\"\n    pass", "python"),
            ("def f(x):\n    raise NotImplementedError(\"later\")", "python"),
            ("fn f() -> i32 {\n    todo!()\n}", "rust"),
            ("import java.util.*;\n\nclass Solution {\n    public int f(int x) {\n        throw new UnsupportedOperationException(\"later\");\n    }\n}", "java"),
            ("package main\n\nfunc f(x int) int {\n\t// TODO\n}", "go"),
            ("fun f(x: Int): Int {\n    TODO()\n}", "kotlin"),
            ("\n    // write the body here\n}", "cpp"),   // a fill-in-the-middle body
            ("", "js"),
        ]
        for (code, name) in nothing { XCTAssertEqual(try placeholder(code, name), true, "\(name): \(code)") }
        let something: [(String, String)] = [
            ("def f(x): return 2 * x", "python"),
            ("def f(x):\n    pass\n    return x", "python"),
            ("fn f() -> i32 { 42 }", "rust"),
            ("fun f(x: Int) = x * 2", "kotlin"),
            ("const f = x => x * 2;", "js"),
            ("def primes(n)\n  (2...n).to_a\nend", "ruby"),
            ("\n    return a + b;\n}", "cpp"),
        ]
        for (code, name) in something { XCTAssertEqual(try placeholder(code, name), false, "\(name): \(code)") }
        // The placeholder loses to a real body the model was less sure of, even with the reviewer's preference
        // (the written Ruby function where `# Your code here` had won).
        let expectation = try CodeCandidateExpectation(language: language("ruby"))
        // The recorded scores: the stub's code tokens (its comment left out) were surer, and the reviewer liked it.
        var stub = expectation.features(code: "def nth_prime(n)\n  # Your code here\nend", tokenLogprobs: [-0.37], closed: true)
        stub.codeMeanLogprob = -0.046
        stub.reviewLogprob = -1.41
        var real = expectation.features(code: "def nth_prime(n)\n  count = 0\n  (2..).find { |k| (count += 1) == n if (2..Math.sqrt(k)).none? { |d| (k % d).zero? } }\nend",
                                        tokenLogprobs: [-0.08], closed: true)
        real.codeMeanLogprob = -0.076
        real.reviewLogprob = -1.74
        XCTAssertGreaterThan(real.score, stub.score)
        stub.placeholder = nil
        XCTAssertGreaterThan(stub.score, real.score, "without the check the stub wins, as it did")
    }

    func testDeclarationsOfBraceLanguages() throws {
        XCTAssertEqual(try unusedLocals("function f(a) {\n  const t = a * 2;\n  let u = 3;\n  return t;\n}", "js"), 1, "u")
        XCTAssertEqual(try unusedLocals("int f(vector<int> a) {\n    std::vector<int> copy = a;\n    int n = a.size();\n    return n;\n}", "cpp"), 1, "copy")
        XCTAssertEqual(try unusedLocals("public int f(int[] a) {\n    List<Integer> xs = new ArrayList<>();\n    int[] b = a;\n    return b.length;\n}", "java"), 1, "xs")
        XCTAssertEqual(try unusedLocals("func f(a []int) int {\n\tn := len(a)\n\tm := 2\n\treturn m\n}", "go"), 1, "n")
        XCTAssertEqual(try unusedLocals("func f(a []int) int {\n\tvar n = len(a)\n\treturn n\n}", "go"), 0)
        // A name bound to a function expression is a function (here the candidate itself), not an unread local;
        // a local beside it still counts.
        XCTAssertEqual(try unusedLocals("const encrypt = (s) => {\n  let out = '';\n  return s;\n};", "js"), 1, "out only")
        XCTAssertEqual(try unusedLocals("function f(a) {\n  const g = function (x) { return x; };\n  return a;\n}", "js"), 0)
        XCTAssertEqual(try unusedLocals("func f(a int) int {\n\tsq := func(x int) int { return x * x }\n\treturn a\n}", "go"), 0)
    }

    func testWhatIsNotAnUnusedLocal() throws {
        // Reassignments and compound assignments read or keep the name; tuples, members, elements and `_` are not locals.
        XCTAssertEqual(try unusedLocals("def f(a):\n    t = 0\n    t += a\n    return t", "python"), 0)
        XCTAssertEqual(try unusedLocals("def f(a):\n    q, r = divmod(a, 2)\n    return q", "python"), 0)
        XCTAssertEqual(try unusedLocals("def f(self, a):\n    self.total = a\n    a[0] = 1\n    _ignored = 3\n    return a", "python"), 0)
        XCTAssertEqual(try unusedLocals("def f(a):\n    return sorted(\n        a,\n        key=len,\n    )", "python"), 0,
                       "a keyword argument on a line of its own")
        XCTAssertEqual(try unusedLocals("def f(a):\n    # total = 0\n    s = \"x = 1\"\n    return a == s", "python"), 0,
                       "comments and strings are not code")
        XCTAssertEqual(try unusedLocals("bool f(int a) {\n    if (a == 2) return true;\n    return a >= 3;\n}", "cpp"), 0)
        XCTAssertEqual(try unusedLocals("def f(a):\n    n: int = len(a)\n    return n", "python"), 0)
    }

    func testTheCodeMeanLeavesCommentTokensOut() throws {
        let python = try CodeCandidateExpectation(language: language("python"))
        let texts = ["def", " f", "():", "\n", "    #", " cheap", " words", "\n", "    return", " 1"]
        let logprobs = [-1.0, -1.0, -1.0, -1.0, -0.1, -0.1, -0.1, -1.0, -1.0, -1.0]
        let features = python.features(code: texts.joined(), tokenLogprobs: logprobs, tokenTexts: texts, closed: true)
        XCTAssertEqual(features.meanLogprob, -0.73, accuracy: 1e-9)
        XCTAssertEqual(features.codeMeanLogprob, -1.0, accuracy: 1e-9, "the three comment tokens are left out")
        XCTAssertEqual(features.score, -1.0, accuracy: 1e-9, "the score starts from the code mean")
        let cpp = try CodeCandidateExpectation(language: language("cpp"))
        let block = ["int", " x", ";", " /*", " cheap", " */", " return", " x", ";"]
        let blockLogprobs = [-2.0, -2.0, -2.0, -0.1, -0.1, -0.1, -2.0, -2.0, -2.0]
        XCTAssertEqual(cpp.features(code: block.joined(), tokenLogprobs: blockLogprobs, tokenTexts: block, closed: true).codeMeanLogprob,
                       -2.0, accuracy: 1e-9)
        // Without token texts (or misaligned ones) the code mean is the plain mean.
        XCTAssertEqual(python.features(code: "x", tokenLogprobs: [-1, -3], closed: true).codeMeanLogprob, -2, accuracy: 1e-9)
    }

    /// A concise translation of a function with a long docstring is not "too short": lengths count code only.
    func testLengthRatioCountsCodeOnly() throws {
        let js = try language("js")
        let source = "/* A long comment that explains\n   the whole task in many words, with examples: f(2) == 4 */\nconst f = (n) => {\n  return n * 2;\n};\n"
        XCTAssertEqual(CodeCandidateExpectation.codeLength(source, language: js), "constf=(n)=>{returnn*2;};".count)
        let python = try language("python")
        let expectation = CodeCandidateExpectation(language: python, sourceLanguage: js, function: FunctionSignature(name: "f", arity: 1),
                                                   sourceLength: CodeCandidateExpectation.codeLength(source, language: js))
        let features = expectation.features(code: "def f(n):\n    return n * 2", tokenLogprobs: [-0.1], closed: true)
        XCTAssertEqual(features.lengthRatio, Double("deff(n):returnn*2".count) / Double("constf=(n)=>{returnn*2;};".count), accuracy: 1e-9)
        XCTAssertGreaterThan(features.lengthRatio, 0.25)
    }
}
