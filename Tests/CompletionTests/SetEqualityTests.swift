@testable import Completion
import Foundation
import Languages
import XCTest

/// `SetEquality`: two new sets compared with `===` in JavaScript. Python's `set(a) == set(b)` says what the source
/// means and node runs the mended code: both independent of the mend.
final class SetEqualityTests: XCTestCase {
    private func language(_ name: String) throws -> CodeLanguage { try XCTUnwrap(CodeLanguage.named(name)) }


    /// HumanEval-X Python→JavaScript `same_chars`, the 1.5B's ranked answer (2026-12-05): always `false`.
    func testTheCharactersThatWereNeverTheSame() throws {
        try requireNode()   // first: a skip thrown inside an assertion would count as a failure
        let translation = "const sameChars = (s0, s1) => {\n    return new Set(s0) === new Set(s1);\n};\n"
        let mended = SetEquality.fixed(translation, language: try language("javascript"))
        XCTAssertEqual(mended, translation.replacingOccurrences(of: "new Set(s0) === new Set(s1)",
            with: "((a, b) => a.size === b.size && [...a].every((x) => b.has(x)))(new Set(s0), new Set(s1))"))
        let pairs = "[('eabcdzzzz', 'dddzzzzzzzddeddabc'), ('abcd', 'dddddddabc'), ('eabcd', 'dddddddabc'), ('aabb', 'aaccc'), ('', '')]"
        let expected = try runPython("print(' '.join(str(set(a) == set(b)).lower() for a, b in \(pairs)))")
        let calls = "\nconsole.log(\(pairs.replacingOccurrences(of: "(", with: "[").replacingOccurrences(of: ")", with: "]")).map(([a, b]) => sameChars(a, b)).join(' '))\n"
        XCTAssertEqual(try runNode(mended + calls), expected)
        XCTAssertEqual(try runNode(translation + calls), "false false false false false\n")
    }

    /// `!==`, `==`, inside a condition, TypeScript, more than one; left alone: a side that is no whole `new Set(…)`,
    /// something binding tighter after it, strings and comments, and other languages.
    func testWhatIsMendedAndWhatIsNot() throws {
        let typescript = try language("typescript")
        let same = "((a, b) => a.size === b.size && [...a].every((x) => b.has(x)))"
        let cases: [(String, String)] = [
            ("if (new Set(xs) !== new Set(ys)) return 1", "if (!\(same)(new Set(xs), new Set(ys))) return 1"),
            ("const ok = done && new Set([...w]) == new Set(v.map((c) => c.toLowerCase()))",
             "const ok = done && \(same)(new Set([...w]), new Set(v.map((c) => c.toLowerCase())))"),
            ("f(new Set(a) === new Set(b), new Set(c) != new Set(d))", "f(\(same)(new Set(a), new Set(b)), !\(same)(new Set(c), new Set(d)))"),
        ]
        for (code, expected) in cases {
            XCTAssertEqual(SetEquality.fixed(code, language: typescript), expected, code)
        }
        let untouched = [
            "return s === new Set(b)",
            "return new Set(a) === new Set(b).size",
            "return x + new Set(a) === new Set(b)",
            "const s = 'new Set(a) === new Set(b)' // new Set(a) === new Set(b)",
        ]
        for code in untouched {
            XCTAssertEqual(SetEquality.fixed(code, language: typescript), code, code)
        }
        XCTAssertEqual(SetEquality.fixed("return new Set(a) === new Set(b)", language: try language("java")), "return new Set(a) === new Set(b)")
        XCTAssertEqual(CodeTaskEngine.mended("return new Set(a) === new Set(b)", language: try language("javascript")),
                       "return \(same)(new Set(a), new Set(b))", "written functions too")
    }
}
