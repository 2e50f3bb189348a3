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
