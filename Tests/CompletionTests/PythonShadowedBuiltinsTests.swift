@testable import Completion
import XCTest

/// `PythonShadowedBuiltins`: a variable named after a built-in the same function calls, on the translation that
/// prompted it and on hand-written code.
final class PythonShadowedBuiltinsTests: XCTestCase {
    /// HumanEval-X C++→Python `solve` (all four candidates): `str = str(N)` then `str(sum % 2)`, an UnboundLocalError.
    func testTheTranslationThatKeptTheSourcesStringName() throws {
        let translation = """
        def solve(N):
            str = str(N)  # Convert the integer N to a string
            sum = 0
            for i in range(len(str)):
                sum += int(str[i])
            bi = ""
            while sum > 0:
                bi = str(sum % 2) + bi
                sum = sum // 2
            return bi
        """
        let expected = """
        def solve(N):
            str_ = str(N)  # Convert the integer N to a string
            sum = 0
            for i in range(len(str_)):
                sum += int(str_[i])
            bi = ""
            while sum > 0:
                bi = str(sum % 2) + bi
                sum = sum // 2
            return bi
        """
        XCTAssertEqual(PythonShadowedBuiltins.fixed(translation), expected)
        // The mended code runs: the independent check is Python itself.
        XCTAssertEqual(try runPython(expected + "\nprint(solve(147))\n"), "1100\n")
        XCTAssertNotEqual(try runPython(translation + "\nprint(solve(147))\n"), "1100\n")
    }

    /// `let len = arr.length` kept in JavaScript→Python, a loop variable, an augmented assignment; each function alone.
    func testEachFunctionsOwnNames() {
        let code = """
        def f(arr):
            len = len(arr)
            for max in arr:
                if max > len:
                    return max(arr)
            return len

        def g(xs):
            return max(xs) + len(xs)
        """
        let expected = """
        def f(arr):
            len_ = len(arr)
            for max_ in arr:
                if max_ > len_:
                    return max(arr)
            return len_

        def g(xs):
            return max(xs) + len(xs)
        """
        XCTAssertEqual(PythonShadowedBuiltins.fixed(code), expected)
        // A keyword argument's name is not the variable.
        XCTAssertEqual(PythonShadowedBuiltins.fixed("def f(x):\n    sum = sum(x)\n    return g(sum=sum)\n"),
                       "def f(x):\n    sum_ = sum(x)\n    return g(sum=sum_)\n")
    }

    func testWhatIsLeftAlone() {
        let unchanged = [
            "def f(x):\n    sum = 0\n    for v in x:\n        sum += v\n    return sum\n",            // never called
            "def f(str):\n    str = str.strip()\n    return str(1)\n",                                   // a parameter
            "def f(x):\n    max = lambda a, b: a\n    return max(x, 1)\n",                            // a local function
            "def f(x):\n    str = 'str = str(x)'\n    return x.str(1)\n",                            // a string, an attribute
            "def f(x):\n    sum = 1\n    str_ = str(x)\n    return str(sum)\n",                        // `str` never assigned
            "def f(x):\n    str = str(x)\n    str_ = 1\n    return str(str_)\n",                      // the new name is taken
            "def f(x):\n    def sum(v):\n        return 0\n    return sum(x)\n",                     // a nested function
        ]
        for code in unchanged { XCTAssertEqual(PythonShadowedBuiltins.fixed(code), code, code) }
    }
}
