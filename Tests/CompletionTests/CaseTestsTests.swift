@testable import Completion
import Foundation
import Languages
import XCTest

/// `CaseTests`: Python's `isupper()`/`islower()` translated to JavaScript as `c === c.toUpperCase()`. Python says
/// what the source means and node runs the mended code: both independent of the mend.
final class CaseTestsTests: XCTestCase {
    private func language(_ name: String) throws -> CodeLanguage { try XCTUnwrap(CodeLanguage.named(name)) }


    /// HumanEval-X Python→JavaScript `digitSum`, the 1.5B's ranked answer (2026-12-05): spaces and `?` counted as
    /// upper-case letters.
    func testTheSumThatCountedTheSpaces() throws {
        try requireNode()   // first: a skip thrown inside an assertion would count as a failure
        let source = "def digitSum(s):\n    if s == \"\": return 0\n    return sum(ord(char) if char.isupper() else 0 for char in s)\n"
        let translation = """
        const digitSum = (s) => {
            if (s === "") return 0;
            return s.split('').reduce((acc, char) => acc + (char === char.toUpperCase() ? char.charCodeAt(0) : 0), 0);
        }
        """
        let (python, javascript) = (try language("python"), try language("javascript"))
        let mended = CaseTests.fixed(translation, language: javascript, translatedFrom: python, sourceText: source)
        XCTAssertEqual(mended, translation.replacingOccurrences(of: "(char === char.toUpperCase() ?",
                                                                with: "((char === char.toUpperCase() && char !== char.toLowerCase()) ?"))
        let words = "['', 'abAB', 'abcCd', 'helloE', 'woArBld', 'aAaaaXa', ' How are yOu?', 'You arE Very Smart', 'x9Z!']"
        let expected = try runPython(source + "print(' '.join(str(digitSum(w)) for w in \(words)))")
        XCTAssertEqual(try runNode(mended + "\nconsole.log(\(words).map(digitSum).join(' '))"), expected)
        XCTAssertNotEqual(try runNode(translation + "\nconsole.log(\(words).map(digitSum).join(' '))"), expected)
        XCTAssertEqual(CodeTaskEngine.mended(translation, language: javascript, translatedFrom: python, sourceText: source), mended, "through the engine")
    }

    /// Lower case, the call first, `!==`, an index; left alone: a source that compares `c.upper() == c`, a source
    /// without the test, two different operands, an operand that is part of a larger one, other languages.
    func testWhatIsMendedAndWhatIsNot() throws {
        let (python, typescript) = (try language("python"), try language("typescript"))
        let both = "if c.islower() or c.isupper(): pass"
        let cases: [(String, String)] = [
            ("if (s[i].toLowerCase() === s[i]) n++;", "if ((s[i] === s[i].toLowerCase() && s[i] !== s[i].toUpperCase())) n++;"),
            ("const upper = c !== c.toUpperCase() ? 0 : 1;", "const upper = !(c === c.toUpperCase() && c !== c.toLowerCase()) ? 0 : 1;"),
        ]
        for (code, expected) in cases {
            XCTAssertEqual(CaseTests.fixed(code, language: typescript, translatedFrom: python, sourceText: both), expected, code)
        }
        let untouched = [
            "if (c === d.toUpperCase()) n++;",
            "if (a + c === c.toUpperCase()) n++;",
            "if (c === c.toUpperCase() + x) n++;",
            "if (w.c === c.toUpperCase()) n++;",
            "const s = 'c === c.toUpperCase()'; // c === c.toUpperCase()",
        ]
        for code in untouched {
            XCTAssertEqual(CaseTests.fixed(code, language: typescript, translatedFrom: python, sourceText: both), code, code)
        }
        let code = "if (c === c.toUpperCase()) n++;"
        XCTAssertEqual(CaseTests.fixed(code, language: typescript, translatedFrom: python, sourceText: "if c.upper() == c: n += 1"), code)
        XCTAssertEqual(CaseTests.fixed(code, language: typescript, translatedFrom: python, sourceText: "if c.islower(): n += 1"), code,
                       "islower() says nothing of toUpperCase")
        XCTAssertEqual(CaseTests.fixed(code, language: typescript, translatedFrom: python, sourceText: "# isupper() is not called\nn += 1"), code)
        XCTAssertEqual(CaseTests.fixed(code, language: typescript, translatedFrom: python, sourceText: nil), code)
        XCTAssertEqual(CaseTests.fixed(code, language: typescript, translatedFrom: try language("java"), sourceText: both), code)
        XCTAssertEqual(CaseTests.fixed(code, language: try language("java"), translatedFrom: python, sourceText: both), code)
    }
}
