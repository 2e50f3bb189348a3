@testable import Completion
import XCTest

/// `PythonTupleReturns`: a list returned where the function's own signature says a tuple, on the translation
/// that prompted it and on hand-written code.
final class PythonTupleReturnsTests: XCTestCase {
    /// HumanEval-X C++→Python `find_closest_elements`, the best-scored candidate (the four failed `== (3.9, 4.0)`).
    func testTheTranslationThatReturnedTheSourcesVector() {
        let translation = """
        from typing import List, Tuple

        def find_closest_elements(numbers: List[float]) -> Tuple[float, float]:
            out = []
            for i in range(len(numbers)):
                for j in range(i+1, len(numbers)):
                    if len(out) == 0 or abs(numbers[i] - numbers[j]) < abs(out[0] - out[1]):
                        out = [numbers[i], numbers[j]]
            if out[0] > out[1]:
                out = [out[1], out[0]]
            return out
        """
        XCTAssertEqual(PythonTupleReturns.fixed(translation),
                       translation.replacingOccurrences(of: "    return out", with: "    return tuple(out)"))
    }

    func testListDisplaysBecomeTupleDisplays() {
        let code = """
        def split(s: str) -> tuple[str, int]:
            if not s:
                return []
            if len(s) == 1:
                return [s]
            if s[0] == "[":  # return [s, 1]
                return [s[1:], "]"]
            return [s, len(s)]  # the pair
        """
        let expected = """
        def split(s: str) -> tuple[str, int]:
            if not s:
                return ()
            if len(s) == 1:
                return (s,)
            if s[0] == "[":  # return [s, 1]
                return (s[1:], "]")
            return (s, len(s))  # the pair
        """
        XCTAssertEqual(PythonTupleReturns.fixed(code), expected)
        XCTAssertEqual(PythonTupleReturns.fixed("def f(x) -> Tuple[int, ...]:\n    return [y * 2 for y in x]\n"),
                       "def f(x) -> Tuple[int, ...]:\n    return tuple([y * 2 for y in x])\n")
    }

    /// HumanEval-X Java→Python `find_closest_elements`: a tuple, then the sorted pair (a list) returned.
    func testATupleSortedIntoAList() {
        let code = """
        def find_closest_elements(numbers: List[float]) -> Tuple[float, float]:
            closest_pair = (numbers[0], numbers[1])
            for i in range(len(numbers)):
                for j in range(i + 1, len(numbers)):
                    if abs(numbers[i] - numbers[j]) < abs(closest_pair[0] - closest_pair[1]):
                        closest_pair = numbers[i], numbers[j]
            closest_pair = sorted(closest_pair)
            return closest_pair
        """
        XCTAssertEqual(PythonTupleReturns.fixed(code), code.replacingOccurrences(of: "return closest_pair", with: "return tuple(closest_pair)"))
        // Without the sort it is a tuple already; with an element taken from a list, not a list at all.
        let tuples = code.replacingOccurrences(of: "    closest_pair = sorted(closest_pair)\n", with: "")
        XCTAssertEqual(PythonTupleReturns.fixed(tuples), tuples)
        let element = code.replacingOccurrences(of: "sorted(closest_pair)", with: "[closest_pair, 1][0]")
        XCTAssertEqual(PythonTupleReturns.fixed(element), element)
        let parenthesized = code.replacingOccurrences(of: "sorted(closest_pair)", with: "(closest_pair)")
        XCTAssertEqual(PythonTupleReturns.fixed(parenthesized), parenthesized)
    }

    /// A multi-line signature, and a function defined inside keeps its own list return.
    func testOnlyTheAnnotatedFunctionsOwnReturns() {
        let code = """
        def pairs(
            xs: list[int],
        ) -> typing.Tuple[int, int]:
            def helper(x):
                return [x, x]
            best = sorted(xs)
            return best
        """
        XCTAssertEqual(PythonTupleReturns.fixed(code), code.replacingOccurrences(of: "return best", with: "return tuple(best)"))
    }

    func testWhatIsLeftAlone() {
        let unchanged = [
            "def f(x) -> List[int]:\n    return [x, x]\n",                      // not a tuple
            "def f(x):\n    return [x, x]\n",                                     // no annotation
            "def f(x) -> Optional[Tuple[int, int]]:\n    return [x, x]\n",        // not certain
            "def f(x) -> Tuple[int, int]:\n    return [x,\n            x]\n",     // spread over lines
            "def f(x) -> Tuple[int, int]:\n    return [x][0], x\n",               // not a display alone
            "def f(x) -> Tuple[int, int]:\n    out = [x]\n    out = make(x)\n    return out\n",   // not always a list
            "def f(x) -> Tuple[int, int]:\n    return x\n",                          // a parameter
            "def f(x) -> Tuple[int, int]:\n    s = \"return [x, x]\"\n    return (x, x)\n",
            "def f(x) -> Tuple[int, int]:\n    return (x, x)\ndef g(x):\n    return [x, x]\n",
        ]
        for code in unchanged { XCTAssertEqual(PythonTupleReturns.fixed(code), code, code) }
    }
}
