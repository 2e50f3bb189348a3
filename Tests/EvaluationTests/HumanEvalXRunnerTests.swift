import Evaluation
import Foundation
import XCTest

/// The HumanEval-X test runner on the shipped dataset: each language's tests pass the dataset's own solution
/// and fail a wrong one. A language whose tool is not installed is skipped with the reason.
final class HumanEvalXRunnerTests: XCTestCase {
    private let runner = MultiLanguageTestRunner(timeoutSeconds: 60)

    private func task(_ language: String, _ index: Int) throws -> HumanEvalXTask {
        let directory = try XCTUnwrap(HumanEvalX.findDirectory(), "the shipped HumanEval-X files")
        return try HumanEvalX.load(language: language, directory: directory)[index]
    }

    private func requireTools(_ language: String) throws {
        if let missing = runner.missingTool(for: language) { throw XCTSkip(missing) }
    }

    /// Python task 53 (`add`): the canonical body passes, a wrong body fails.
    func testPythonTestsJudgeTheCode() throws {
        try requireTools("python")
        let add = try task("python", 53)
        XCTAssertEqual(runner.run(add, code: add.canonicalSolution, form: .continuesPrompt).result, .passed)
        XCTAssertEqual(runner.run(add, code: "    return x - y\n", form: .continuesPrompt).result, .failed)
    }

    /// Java task 6's tests call `Arrays.asList`, which HumanEval-X's prompt imports (`java.util.*`): a translation
    /// that imports only what it uses itself (`java.util.List`, `java.util.ArrayList`) gets the prompt's imports
    /// too (before, it failed to compile: "cannot find symbol: variable Arrays"), and a wrong one still fails.
    func testJavaTestsGetThePromptsImports() throws {
        try requireTools("java")
        let parse = try task("java", 6)
        let translation = """
        import java.util.ArrayList;
        import java.util.List;

        class Solution {
            public List<Integer> parseNestedParens(String paren_string) {
                List<Integer> depths = new ArrayList<>();
                for (String group : paren_string.split(" ")) {
                    if (group.isEmpty()) continue;
                    int depth = 0, deepest = 0;
                    for (char c : group.toCharArray()) {
                        if (c == '(') { depth++; deepest = Math.max(deepest, depth); } else if (c == ')') { depth--; }
                    }
                    depths.add(deepest);
                }
                return depths;
            }
        }
        """
        let outcome = runner.run(parse, code: translation, form: .standalone)
        XCTAssertEqual(outcome.result, .passed, outcome.diagnostics)
        let wrong = runner.run(parse, code: translation.replacingOccurrences(of: "depths.add(deepest)", with: "depths.add(depth)"), form: .standalone)
        XCTAssertEqual(wrong.result, .failed)
        XCTAssertFalse(wrong.diagnostics.contains("cannot find symbol"), wrong.diagnostics)
    }

    /// Go task 53's tests draw random inputs with math/rand, imported only by the task's test setup: the
    /// runner takes the tests' imports from it (without them every answer failed to build, "undefined: rand").
    func testGoTestsGetTheirOwnImports() throws {
        try requireTools("go")
        let add = try task("go", 53)
        let canonical = runner.run(add, code: add.canonicalSolution, form: .continuesPrompt)
        XCTAssertEqual(canonical.result, .passed, canonical.diagnostics)
        let wrong = runner.run(add, code: "    return x - y\n}\n", form: .continuesPrompt)
        XCTAssertEqual(wrong.result, .failed)
        XCTAssertFalse(wrong.diagnostics.contains("undefined: rand"), wrong.diagnostics)
    }

    /// Of HumanEval-X's 820 tasks only four Go declarations leave out a helper their prompt defines (read off the
    /// dataset's files by hand: Go 10, 32, 38, 50); the C++, Java and JavaScript declarations carry theirs.
    func testOnlyFourGoDeclarationsLeaveOutTheirPromptsHelpers() throws {
        let directory = try XCTUnwrap(HumanEvalX.findDirectory(), "the shipped HumanEval-X files")
        var missing: [String: [String]] = [:]
        for language in HumanEvalX.languages {
            for task in try HumanEvalX.load(language: language, directory: directory) where !task.helpersMissingFromDeclaration.isEmpty {
                missing[task.taskID] = task.helpersMissingFromDeclaration.map(\.name)
            }
        }
        XCTAssertEqual(missing, ["Go/10": ["IsPalindrome"], "Go/32": ["Poly"], "Go/38": ["EncodeCyclic"], "Go/50": ["EncodeShift"]])
    }

    /// Go task 32's tests call `Poly`, which its prompt defines and its declaration leaves out. A translation is
    /// given its first line before `FindZero`'s, and the runner adds its body; the tests pass a right `FindZero`
    /// that uses the given `Poly` (before: `undefined: Poly`) and one that writes its own, and fail a wrong one.
    func testGoTranslationsGetThePromptsHelpers() throws {
        let findZero = try task("go", 32)
        let signature = findZero.translationSignature
        XCTAssertEqual(signature, "func Poly(xs []int, x float64) float64\n\nfunc FindZero(xs []int) float64")
        XCTAssertEqual(try task("go", 33).translationSignature, "func SortThird(l []int) []int")
        try requireTools("go")
        let bisection = """
        func FindZero(xs []int) float64 {
            begin, end := -1.0, 1.0
            for Poly(xs, begin)*Poly(xs, end) > 0 {
                begin *= 2.0
                end *= 2.0
            }
            for end-begin > 1e-10 {
                center := (begin + end) / 2.0
                if Poly(xs, center)*Poly(xs, begin) > 0 {
                    begin = center
                } else {
                    end = center
                }
            }
            return begin
        }
        """
        let alone = runner.run(findZero, code: bisection, form: .standalone)
        XCTAssertEqual(alone.result, .passed, alone.diagnostics)
        let ownPoly = "func Poly(xs []int, x float64) float64 {\n    sum := 0.0\n    for i, c := range xs {\n        sum += float64(c) * math.Pow(x, float64(i))\n    }\n    return sum\n}\n\n" + bisection
        let withOwn = runner.run(findZero, code: ownPoly, form: .standalone)
        XCTAssertEqual(withOwn.result, .passed, withOwn.diagnostics)
        let wrong = runner.run(findZero, code: bisection.replacingOccurrences(of: "return begin", with: "return end + 1"), form: .standalone)
        XCTAssertEqual(wrong.result, .failed)
        XCTAssertFalse(wrong.diagnostics.contains("undefined"), wrong.diagnostics)
    }

    /// A failed JavaScript test says which assertion failed, with the test program's own name for the file
    /// (the temporary directory's path, a new UUID every run, is left out).
    func testAFailedJavaScriptTestSaysWhichAssertionFailed() throws {
        try requireTools("js")
        let sumProduct = try task("js", 8)
        let wrong = runner.run(sumProduct, code: "  return [numbers.length, 0];\n}\n", form: .continuesPrompt)
        XCTAssertEqual(wrong.result, .failed)
        XCTAssertTrue(wrong.diagnostics.contains("Error: Assertion failed"), wrong.diagnostics)
        XCTAssertTrue(wrong.diagnostics.contains("at testSumProduct (prog.js:"), wrong.diagnostics)
        XCTAssertFalse(wrong.diagnostics.contains("infill-eval-x-"), wrong.diagnostics)
    }

    /// A C++ candidate with many errors keeps the compiler's first one (g++ prints it first; the runner used to
    /// keep only the output's last 2,000 bytes, which held the last errors alone).
    func testACppBuildFailureKeepsTheFirstError() throws {
        try requireTools("cpp")
        let add = try task("cpp", 53)
        let statements = (1...40).map { "    undeclared_\($0) += x;" }.joined(separator: "\n")
        let code = "int add(int x, int y) {\n    first_undeclared_name += x;\n\(statements)\n    return x + y;\n}\n"
        let outcome = runner.run(add, code: code, form: .standalone)
        XCTAssertEqual(outcome.result, .failed)
        XCTAssertTrue(outcome.diagnostics.contains("first_undeclared_name"), outcome.diagnostics)
        XCTAssertTrue(outcome.diagnostics.contains("undeclared_40"), outcome.diagnostics)
        XCTAssertTrue(outcome.diagnostics.contains("bytes left out"), outcome.diagnostics)
    }

    /// Long output keeps its first and last bytes and says how many it left out; short output is whole.
    func testLongOutputKeepsBothEnds() {
        let output = Data((String(repeating: "a", count: 1500) + String(repeating: "m", count: 1000) + String(repeating: "z", count: 900)).utf8)
        let excerpt = MultiLanguageTestRunner.excerpt(of: output)
        XCTAssertTrue(excerpt.hasPrefix(String(repeating: "a", count: 1200) + "\n[… 1400 bytes left out …]\n"), excerpt)
        XCTAssertTrue(excerpt.hasSuffix("\n" + String(repeating: "z", count: 800)), excerpt)
        XCTAssertFalse(excerpt.contains("m"))
        XCTAssertEqual(MultiLanguageTestRunner.excerpt(of: Data("short\n".utf8)), "short\n")
    }
}
