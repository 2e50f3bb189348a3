@testable import Completion
import Foundation
import Languages
import XCTest

/// `PythonSlicesFromTheEnd`: "the last `k`" written `arr[-k:]` in a translation from a language without negative
/// indices, on the translation that prompted it and on hand-written code; Python itself is the independent check.
final class PythonSlicesFromTheEndTests: XCTestCase {
    private func language(_ name: String) throws -> CodeLanguage { try XCTUnwrap(CodeLanguage.named(name)) }

    /// HumanEval-X C++→Python `maximum` (`vector<int> out(arr.end()-k, arr.end())`), the 1.5B's greedy answer:
    /// `arr[-k:]` is the whole list at `k == 0`, where the source returns nothing.
    func testTheTranslationThatTookEverythingForNothing() throws {
        let translation = "from typing import List\n\ndef maximum(arr: List[int], k: int) -> List[int]:\n    arr.sort()\n    return arr[-k:]\n"
        let mended = PythonSlicesFromTheEnd.fixed(translation, translatedFrom: try language("cpp"))
        XCTAssertEqual(mended, translation.replacingOccurrences(of: "arr[-k:]", with: "arr[len(arr) - k:]"))
        let calls = "\nprint(maximum([-3, -4, 5], 3), maximum([4, -4, 4], 2), maximum([1, 2, 3, -23, 243, -400, 0], 0))\n"
        XCTAssertEqual(try runPython(mended + calls), "[-4, -3, 5] [4, 4] []\n")
        XCTAssertTrue(try runPython(translation + calls).hasSuffix("[-400, -23, 0, 1, 2, 3, 243]\n"))
    }

    /// Both slices, an attribute chain, spaces; left alone: a literal, a call's result (or its attribute), an index that is no
    /// slice, a subtraction, a string, and every translation from a language whose `-k` counts from the end.
    func testWhatIsMendedAndWhatIsNot() throws {
        let code = """
        class Ring:
            def rotate(self, shift):
                self.items = self.items[ - shift :] + self.items[:-shift]
                return self.items[-1:], sorted(self.items)[-shift:], self.ring().items[-shift:], self.items[-shift], self.items[n - shift:], "a[-k:]"
        """
        let mended = PythonSlicesFromTheEnd.fixed(code, translatedFrom: try language("java"))
        XCTAssertEqual(mended, code.replacingOccurrences(of: "self.items[ - shift :] + self.items[:-shift]",
                                                         with: "self.items[ len(self.items) - shift :] + self.items[:len(self.items) - shift]"))
        for source in ["javascript", "python", "ruby", "php"] {
            XCTAssertEqual(PythonSlicesFromTheEnd.fixed(code, translatedFrom: try language(source)), code, source)
        }
        XCTAssertEqual(PythonSlicesFromTheEnd.fixed(code, translatedFrom: nil), code, "a function written, not translated")
        // Through the engine's mends: only for Python, and only with the source language.
        XCTAssertEqual(CodeTaskEngine.mended(code, language: try language("python"), translatedFrom: try language("go")), mended)
        XCTAssertEqual(CodeTaskEngine.mended(code, language: try language("python")), code)
    }

    /// For every `k` from 0 to the length the mended slices give what the source's arithmetic gives (computed
    /// here with explicit indices, the way C++, Java and Go count).
    func testTheMendedSlicesAgreeWithTheSourcesArithmetic() throws {
        let mended = PythonSlicesFromTheEnd.fixed("def ends(a, k):\n    return a[-k:], a[:-k]\n", translatedFrom: try language("go"))
        let program = mended + """

        a = list(range(5))
        ok = all(ends(a, k) == ([a[i] for i in range(len(a) - k, len(a))], [a[i] for i in range(0, len(a) - k)]) for k in range(len(a) + 1))
        print(ok)
        """
        XCTAssertEqual(try runPython(program), "True\n")
    }
}
