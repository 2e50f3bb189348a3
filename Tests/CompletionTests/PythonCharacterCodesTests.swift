@testable import Completion
import Foundation
import XCTest

/// `PythonCharacterCodes`: a character compared with (or less) a character code, kept from C, C++ or Java, on the
/// translation that prompted it and on hand-written code; Python itself is the independent check.
final class PythonCharacterCodesTests: XCTestCase {
    /// HumanEval-X C++→Python `file_name_check`, the 1.5B's greedy answer: `file_name[i] >= 48` raises TypeError
    /// on the first character; `file_name[i] == '.'` says `file_name` is a string.
    func testTheTranslationThatComparedCharactersWithCodes() throws {
        let loop = """
            for i in range(len(file_name)):
                if file_name[i] >= 48 and file_name[i] <= 57:
                    numdigit += 1
                if file_name[i] == '.':
                    numdot += 1
        """
        let translation = "def file_name_check(file_name):\n    numdigit = 0\n    numdot = 0\n" + loop
            + "\n    if numdigit > 3 or numdot != 1:\n        return \"No\"\n    return \"Yes\"\n"
        let mended = PythonCharacterCodes.fixed(translation)
        XCTAssertEqual(mended, translation.replacingOccurrences(of: "if file_name[i] >= 48 and file_name[i] <= 57:",
                                                                with: "if ord(file_name[i]) >= 48 and ord(file_name[i]) <= 57:"))
        let calls = "\nprint(file_name_check('a1.txt'), file_name_check('a1234.txt'), file_name_check('a.b.txt'))\n"
        XCTAssertEqual(try runPython(mended + calls), "Yes No No\n")
        XCTAssertTrue(try runPython(translation + calls).contains("TypeError"))
    }

    /// Chained comparisons, a code on the left, a digit's value by subtraction, a loop variable over a string,
    /// an annotated parameter.
    func testTheFormsOfACharacterCode() throws {
        let code = """
        def digits(s: str):
            total = 0
            for c in s:
                if 48 <= c <= 57:
                    total = total * 10 + (c - '0')
            return total


        def shift(word, k):
            out = []
            for i in range(len(word)):
                if word[i].isupper():
                    out.append(chr((word[i] - 65 + k) % 26 + 65))
            return ''.join(out)
        """
        let mended = PythonCharacterCodes.fixed(code)
        XCTAssertTrue(mended.contains("if 48 <= ord(c) <= 57:"), mended)
        XCTAssertTrue(mended.contains("(ord(c) - ord('0'))"), mended)
        XCTAssertTrue(mended.contains("chr((ord(word[i]) - 65 + k) % 26 + 65)"), mended)
        XCTAssertEqual(try runPython(mended + "\nprint(digits('a12b3'), shift('HAL', 1))\n"), "123 IBM\n")
    }

    /// HumanEval-X C++→Python `digits` (`prod=prod*(s[i]-48)`), the candidate the ranking chose: `int(s[i]) - 48`
    /// converts the digit twice; `s = str(n)` says `s` is a string.
    func testTheTranslationThatConvertedADigitTwice() throws {
        let translation = """
        def digits(n):
            prod = 1
            has = 0
            s = str(n)
            for i in range(len(s)):
                if int(s[i]) % 2 == 1:
                    has = 1
                    prod *= int(s[i]) - 48
            if has == 0:
                return 0
            return prod
        """
        let mended = PythonCharacterCodes.fixed(translation)
        XCTAssertEqual(mended, translation.replacingOccurrences(of: "prod *= int(s[i]) - 48", with: "prod *= int(s[i])"))
        let calls = "\nprint(digits(1), digits(4), digits(235), digits(2468))\n"
        XCTAssertEqual(try runPython(mended + calls), "1 0 15 0\n")
        XCTAssertEqual(try runPython(translation + calls), "-47 0 1935 0\n")
    }

    /// `- ord('0')` after `int` of a loop variable over a string is dropped as `- 48` is; not where the argument
    /// is not known to be a character, nor where the difference is not a whole term.
    func testOnlyACharactersSecondConversionIsDropped() {
        let code = "def f(word: str):\n    out = []\n    for c in word:\n        out.append(int(c) - ord('0'))\n    return out\n"
        XCTAssertEqual(PythonCharacterCodes.fixed(code), code.replacingOccurrences(of: "int(c) - ord('0')", with: "int(c)"))
        let unchanged = [
            "def f(codes):\n    return int(codes[0]) - 48\n",
            "def f(s):\n    s = str(s)\n    return int(s[0]) - 48 * 2\n",
            "def f(s):\n    s = str(s)\n    return int(s[0:2]) - 48\n",
            "def f(s):\n    s = str(s)\n    return int(s[0]) - 48.5\n",
        ]
        for code in unchanged { XCTAssertEqual(PythonCharacterCodes.fixed(code), code) }
    }

    /// Nothing says the value is a character (a list of numbers), a slice, code already written with `ord`,
    /// a character compared with a character, strings and comments: unchanged.
    func testWhatIsNotACharacterCodeIsLeftAlone() {
        let unchanged = [
            "def f(arr):\n    return [x for i, x in enumerate(arr) if arr[i] >= 48]\n",
            "def f(s):\n    if s[0] == 'a':\n        return s[1:3] >= 48\n",
            "def f(s):\n    if s[0] == 'a':\n        return ord(s[1]) >= 48\n",
            "def f(s):\n    if s[0] == 'a':\n        return s[1] >= '0'\n",
            "def f(s):\n    # s[1] >= 48 when s[0] == 'a'\n    return \"s[1] >= 48\"\n",
        ]
        for code in unchanged { XCTAssertEqual(PythonCharacterCodes.fixed(code), code) }
    }
}
