@testable import Completion
import Languages
import TestSupport
import XCTest

/// The control flow a translation keeps from its source (`ControlFlowShape`), counted by hand on small programs,
/// and the tie-break it makes among beams (`CodeCandidateFeatures.controlFlowDrift`).
final class ControlFlowShapeTests: XCTestCase {
    private func language(_ name: String) throws -> CodeLanguage { try XCTUnwrap(CodeLanguage.named(name)) }

    func testTheSameLogicInCppAndPythonHasTheSameShape() throws {
        let cpp = """
            int grade(vector<int> xs) {
                int total = 0;
                for (int i = 0; i < xs.size(); i++) {
                    if (xs[i] > 10) total += 2;
                    else if (xs[i] > 5) total += 1;
                    else total -= 1;
                }
                while (total > 100) total /= 2;
                return total;
            }
            """
        let python = """
            def grade(xs):
                total = 0
                for x in xs:
                    if x > 10:
                        total += 2
                    elif x > 5:
                        total += 1
                    else:
                        total -= 1
                while total > 100:
                    total //= 2
                return total
            """
        let expected = ControlFlowShape(conditions: 2, alternatives: 1, loops: 2)
        XCTAssertEqual(ControlFlowShape(of: cpp, language: try language("cpp")), expected, "`else if` is one condition")
        XCTAssertEqual(ControlFlowShape(of: python, language: try language("python")), expected, "`elif` is one condition")
        let comprehension = "def evens(xs):\n    return [x for x in xs if x % 2 == 0]\n"
        XCTAssertEqual(ControlFlowShape(of: comprehension, language: try language("python")), ControlFlowShape(conditions: 1, loops: 1))
    }

    func testTernariesCountAndTheirLookalikesDoNot() throws {
        let ternary = ControlFlowShape(conditions: 1, alternatives: 1)
        XCTAssertEqual(ControlFlowShape(of: "int m = a > b ? a : b;", language: try language("cpp")), ternary)
        XCTAssertEqual(ControlFlowShape(of: "m = a if a > b else b", language: try language("python")), ternary)
        XCTAssertEqual(ControlFlowShape(of: "const v = a?.b ?? c;", language: try language("javascript")), ControlFlowShape(),
                       "optional chaining and `??` are no conditions")
        XCTAssertEqual(ControlFlowShape(of: "function f(x?: number): number { return x ?? 0; }", language: try language("typescript")),
                       ControlFlowShape(), "an optional parameter is no condition")
        XCTAssertEqual(ControlFlowShape(of: "int? count = null; var m = a > b ? a : b;", language: try language("c#")), ternary,
                       "C#'s nullable type is no condition, its ternary is")
        XCTAssertEqual(ControlFlowShape(of: "List<?> xs = f(); int m = a>b?a:b;", language: try language("java")), ternary)
        XCTAssertEqual(ControlFlowShape(of: "let n = s.parse::<i32>()?;", language: try language("rust")), ControlFlowShape(),
                       "Rust's `?` propagates an error")
        XCTAssertEqual(ControlFlowShape(of: "loop { if done { break; } }", language: try language("rust")), ControlFlowShape(conditions: 1, loops: 1))
    }

    func testStringsAndCommentsDoNotCount() throws {
        let code = """
            // for each item, if it is odd, else skip
            string s = "while (x) { if (y) } else";
            """
        XCTAssertEqual(ControlFlowShape(of: code, language: try language("cpp")), ControlFlowShape())
        XCTAssertEqual(ControlFlowShape(of: "def f():\n    \"\"\"Loop: for x in xs if x else y.\"\"\"\n    return 1  # if not\n",
                                        language: try language("python")), ControlFlowShape())
    }

    /// HumanEval-X C++→Python `do_algebra`: the source makes three passes over the operators (powers, products,
    /// sums); the beam that merged them into one loop with an `elif` per operator scored 0.003 above the one
    /// that kept them, and ignores precedence. The drift ranks the faithful one first; unscored, the merged one wins.
    func testABeamThatMergesTheSourcesLoopsRanksBelowOneThatKeepsThem() throws {
        let source = """
            int do_algebra(vector<string> ops, vector<int> xs) {
                for (int i = 0; i < ops.size(); i++)
                    if (ops[i] == "**") xs[i + 1] = pow(xs[i], xs[i + 1]);
                for (int i = 0; i < ops.size(); i++)
                    if (ops[i] == "*") xs[i + 1] = xs[i] * xs[i + 1];
                for (int i = 0; i < ops.size(); i++)
                    if (ops[i] == "+") xs[i + 1] = xs[i] + xs[i + 1];
                return xs.back();
            }
            """
        let (merged, kept) = (DoAlgebraTranslations.merged, DoAlgebraTranslations.kept)
        let request = TranslateRequest(source: source, from: try language("cpp"), to: try language("python"))
        let beam = CodeTaskEngine.expectation(for: request, from: try language("cpp"), strategy: .beam)
        let (mergedFeatures, keptFeatures) = (beam.features(code: merged, tokenLogprobs: [-0.013], closed: true),
                                              beam.features(code: kept, tokenLogprobs: [-0.016], closed: true))
        XCTAssertEqual(mergedFeatures.controlFlowDrift, 2, "two loops fewer")
        XCTAssertEqual(keptFeatures.controlFlowDrift, 0)
        XCTAssertGreaterThan(keptFeatures.score, mergedFeatures.score)

        let sampled = CodeTaskEngine.expectation(for: request, from: try language("cpp"), strategy: .ranked)
        let (mergedSampled, keptSampled) = (sampled.features(code: merged, tokenLogprobs: [-0.013], closed: true),
                                            sampled.features(code: kept, tokenLogprobs: [-0.016], closed: true))
        XCTAssertNil(mergedSampled.controlFlowDrift, "sampled translations are not compared")
        XCTAssertGreaterThan(mergedSampled.score, keptSampled.score)
    }

    func testTheDefaultIntoPythonIsTheStrategyThatComparesControlFlow() throws {
        XCTAssertEqual(CodeTaskStrategy.translationDefault(into: try language("python")), .beam)
        XCTAssertNotEqual(CodeTaskStrategy.translationDefault(into: try language("go")), .beam)
        let request = TranslateRequest(source: "def f(x):\n    return x\n", from: try language("python"), to: try language("go"))
        XCTAssertNil(CodeTaskEngine.expectation(for: request, from: try language("python")).sourceShape, "no strategy given, nothing compared")
    }
}
