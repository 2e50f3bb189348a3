@testable import Completion
import Foundation
import Languages
import XCTest

/// `FloorRemainders`: Python's `(a - b) % n` kept word for word in a language whose `%` keeps the dividend's sign,
/// on translations that prompted it and on hand-written code. Python computes what the source means and node runs
/// the mended JavaScript: both are independent of the mend.
final class FloorRemaindersTests: XCTestCase {
    private func language(_ name: String) throws -> CodeLanguage { try XCTUnwrap(CodeLanguage.named(name)) }


    /// HumanEval-X Python→JavaScript `decode_shift`, the 1.5B's ranked answer (2026-12-05): `%` of a negative
    /// difference is negative in JavaScript, so `decodeShift` gave characters before `a` for `a`–`e`.
    func testTheShiftThatWentBelowA() throws {
        try requireNode()   // first: a skip thrown inside an assertion would count as a failure
        let translation = """
        const encodeShift = (s) => {
          return s.split("").map(ch => String.fromCharCode(
            ((ch.charCodeAt(0) + 5 - "a".charCodeAt(0)) % 26) + "a".charCodeAt(0)
          )).join("");
        }

        const decodeShift = (s) => {
          return s.split("").map(ch => String.fromCharCode(
            ((ch.charCodeAt(0) - 5 - "a".charCodeAt(0)) % 26) + "a".charCodeAt(0)
          )).join("");
        }
        """
        let mended = FloorRemainders.fixed(translation, language: try language("javascript"), translatedFrom: try language("python"))
        XCTAssertEqual(mended, translation
            .replacingOccurrences(of: "((ch.charCodeAt(0) + 5 - \"a\".charCodeAt(0)) % 26)", with: "(((ch.charCodeAt(0) + 5 - \"a\".charCodeAt(0)) % 26 + 26) % 26)")
            .replacingOccurrences(of: "((ch.charCodeAt(0) - 5 - \"a\".charCodeAt(0)) % 26)", with: "(((ch.charCodeAt(0) - 5 - \"a\".charCodeAt(0)) % 26 + 26) % 26)"))
        let calls = "\nconsole.log(decodeShift('fghij'), decodeShift(encodeShift('abcdexyz')))\n"
        XCTAssertEqual(try runNode(mended + calls), "abcde abcdexyz\n")
        XCTAssertNotEqual(try runNode(translation + calls), "abcde abcdexyz\n", "the translation as written goes wrong")
    }

    /// The C++ answer recorded for the same task (Python→C++, 2026-12-03), casts inside the difference.
    func testCastsInsideTheDifference() throws {
        let line = "        int w=((int)s[i]-5-(int)'a')%26+(int)'a';   "
        let mended = FloorRemainders.fixed(line, language: try language("cpp"), translatedFrom: try language("python"))
        XCTAssertEqual(mended, "        int w=(((int)s[i]-5-(int)'a')%26 + 26) % 26+(int)'a';   ")
    }

    /// What is mended, and what is left as written: the operand is not the parenthesis alone, the minus is not at
    /// its level, the divisor is already added, the divisor goes on or would be computed again, strings, comments.
    func testWhatIsMendedAndWhatIsNot() throws {
        let (python, go) = (try language("python"), try language("go"))
        let cases: [(String, String)] = [
            ("return (i - 1) % n", "return ((i - 1) % n + n) % n"),
            ("x := (-k) % len(s)", "x := ((-k) % len(s) + len(s)) % len(s)"),
            ("y = a - (b - c) % m.size", "y = a - ((b - c) % m.size + m.size) % m.size"),
            ("if (j - i) % 2 != 0 {", "if ((j - i) % 2 + 2) % 2 != 0 {"),
            ("z = ((a - b) % n - c) % m", "z = ((((a - b) % n + n) % n - c) % m + m) % m"),   // both differences
            ("r = (a - b) % 2 * 3", "r = ((a - b) % 2 + 2) % 2 * 3"),
        ]
        for (code, expected) in cases {
            XCTAssertEqual(FloorRemainders.fixed(code, language: go, translatedFrom: python), expected, code)
        }
        let untouched = [
            "return (i + 1) % n",                  // no minus
            "return abs(a - b) % n",               // a call's result
            "return f(a - b) % n",
            "return x * (a - b) % n",              // `(x * (a - b)) % n`
            "return -(a - b) % n",                 // `(-(a - b)) % n`
            "return (int)(a - b) % n",             // a cast
            "return (a[i - 1]) % n",               // the minus is inside an index
            "return (i - 1 + n) % n",              // already not negative
            "return (n + i - 1) % n",
            "return ((i - 1) % n + n) % n",        // already mended
            "return (a - b) % 2.5",                // the divisor goes on
            "return (a - b) % n as i64",
            "return (a - b) % n ** 2",
            "s = \"(a - b) % n\" // (a - b) % n",  // a string and a comment
            "x %= (a - b)",
        ]
        for code in untouched {
            XCTAssertEqual(FloorRemainders.fixed(code, language: go, translatedFrom: python), code, code)
        }
        // A call of plain arguments is taken to be read again at no cost (`size()`, `len(s)`): mended.
        XCTAssertEqual(FloorRemainders.fixed("return (a - b) % v.size()", language: go, translatedFrom: python),
                       "return ((a - b) % v.size() + v.size()) % v.size()")
    }

    /// Only translations from Python into a language whose `%` keeps the dividend's sign, through the engine's mends.
    func testOnlyTranslationsFromPythonIntoTruncatingLanguages() throws {
        let code = "return (i - 1) % n"
        let mended = "return ((i - 1) % n + n) % n"
        for target in ["javascript", "typescript", "c", "cpp", "java", "go", "rust", "swift", "kotlin", "csharp", "php"] {
            XCTAssertEqual(CodeTaskEngine.mended(code, language: try language(target), translatedFrom: try language("python")), mended, target)
        }
        XCTAssertEqual(CodeTaskEngine.mended(code, language: try language("ruby"), translatedFrom: try language("python")), code, "Ruby's % is Python's")
        XCTAssertEqual(CodeTaskEngine.mended(code, language: try language("python"), translatedFrom: try language("cpp")), code)
        for source in ["cpp", "java", "javascript"] {
            XCTAssertEqual(CodeTaskEngine.mended(code, language: try language("go"), translatedFrom: try language(source)), code, source)
        }
        XCTAssertEqual(CodeTaskEngine.mended(code, language: try language("go")), code, "a function written, not translated")
    }

    /// For differences from −30 to 30 and divisors of both signs, the mended JavaScript (run by node) gives what
    /// Python's `%` gives (run by python3), where the unmended one does not.
    func testTheMendedRemainderIsPythons() throws {
        try requireNode()   // first: a skip thrown inside an assertion would count as a failure
        let (python, javascript) = (try language("python"), try language("javascript"))
        let function = FloorRemainders.fixed("const rem = (a, b, n) => (a - b) % n;", language: javascript, translatedFrom: python)
        XCTAssertEqual(function, "const rem = (a, b, n) => ((a - b) % n + n) % n;")
        let pairs = "[[a, n] for a in range(-30, 31) for n in (1, 2, 3, 7, 26, -3, -26)]"
        let expected = try runPython("print(' '.join(str(a % n) for a, n in \(pairs)))")
        let listing = "const pairs = []; for (let a = -30; a <= 30; a++) for (const n of [1, 2, 3, 7, 26, -3, -26]) pairs.push([a, n]);\n"
        let print = "console.log(pairs.map(([a, n]) => String(rem(a, 0, n) + 0)).join(' '))"
        XCTAssertEqual(try runNode(function + "\n" + listing + print), expected)
        XCTAssertNotEqual(try runNode("const rem = (a, b, n) => (a - b) % n;\n" + listing + print), expected)
    }
}
