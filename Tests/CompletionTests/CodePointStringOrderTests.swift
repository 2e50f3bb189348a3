@testable import Completion
import Foundation
import Languages
import XCTest

/// `CodePointStringOrder`: `localeCompare` in a JavaScript translation from a language that orders strings by code
/// point. Python sorts the strings (the source's meaning) and node runs the mended JavaScript: both independent of
/// the mend.
final class CodePointStringOrderTests: XCTestCase {
    private func language(_ name: String) throws -> CodeLanguage { try XCTUnwrap(CodeLanguage.named(name)) }


    /// HumanEval-X Python→JavaScript `sorted_list_sum` (2026-12-02 records): the strings of one length in
    /// `localeCompare`'s order, `"ai"` before `"AI"`, where Python's `sorted` puts `"AI"` first.
    func testTheSortThatPutLowerCaseFirst() throws {
        try requireNode()   // first: a skip thrown inside an assertion would count as a failure
        let translation = """
        function sortedListSum(lst) {
          // Remove strings with odd lengths
          let filteredList = lst.filter(str => str.length % 2 === 0);

          // Sort the remaining strings by length
          let sortedList = filteredList.sort((a, b) => {
            if (a.length === b.length) {
              return a.localeCompare(b); // Sort alphabetically for strings of the same length
            }
            return a.length - b.length; // Sort by length
          });

          return sortedList;
        }
        """
        let mended = CodePointStringOrder.fixed(translation, language: try language("javascript"), translatedFrom: try language("python"))
        XCTAssertEqual(mended, translation.replacingOccurrences(of: "return a.localeCompare(b);", with: "return (a < b ? -1 : a > b ? 1 : 0);"))
        let words = "['AI', 'ai', 'au', 'Zz', 'zZ', 'bb', 'BB', 'école', 'ecole']"
        let expected = try runPython("import json\nprint(json.dumps(sorted(sorted(w for w in \(words) if len(w) % 2 == 0), key=len)))")
        XCTAssertEqual(try runNode(mended + "\nconsole.log(JSON.stringify(sortedListSum(\(words))).replace(/,/g, ', '))"), expected)
        XCTAssertNotEqual(try runNode(translation + "\nconsole.log(JSON.stringify(sortedListSum(\(words))).replace(/,/g, ', '))"), expected)
    }

    /// Member chains and indices on both sides, descending order, TypeScript; left alone: a call's result, a literal
    /// receiver, a locale argument, a string or comment, and translations from JavaScript or C#, and written functions.
    func testWhatIsMendedAndWhatIsNot() throws {
        let (python, typescript) = (try language("python"), try language("typescript"))
        let cases: [(String, String)] = [
            ("xs.sort((p, q) => q.name.localeCompare(p.name))", "xs.sort((p, q) => (q.name < p.name ? -1 : q.name > p.name ? 1 : 0))"),
            ("pairs.sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1])", "pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0) || a[1] - b[1])"),
        ]
        for (code, expected) in cases {
            XCTAssertEqual(CodePointStringOrder.fixed(code, language: typescript, translatedFrom: python), expected, code)
        }
        let untouched = [
            "xs.sort((a, b) => a.trim().localeCompare(b))",
            "xs.sort((a, b) => 'x'.localeCompare(b))",
            "xs.sort((a, b) => a.localeCompare(b, 'en'))",
            "xs.sort((a, b) => a.localeCompare(b.trim()))",
            "const s = 'a.localeCompare(b)' // a.localeCompare(b)",
        ]
        for code in untouched {
            XCTAssertEqual(CodePointStringOrder.fixed(code, language: typescript, translatedFrom: python), code, code)
        }
        let call = "xs.sort((a, b) => a.localeCompare(b))"
        for source in ["javascript", "typescript", "csharp"] {
            XCTAssertEqual(CodePointStringOrder.fixed(call, language: typescript, translatedFrom: try language(source)), call, source)
        }
        XCTAssertEqual(CodeTaskEngine.mended(call, language: try language("javascript")), call, "a function written, not translated")
        XCTAssertEqual(CodeTaskEngine.mended(call, language: try language("javascript"), translatedFrom: try language("java")),
                       "xs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))")
        XCTAssertEqual(CodeTaskEngine.mended(call, language: try language("python"), translatedFrom: try language("java")), call)
    }
}
