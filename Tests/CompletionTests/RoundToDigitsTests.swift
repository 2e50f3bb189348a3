@testable import Completion
import Foundation
import Languages
import XCTest

/// `RoundToDigits`: Python's two-argument `round` kept in a translation to a language whose `round` takes one.
/// The compiler (g++) and node judge the mended code; Python computes what the source means.
final class RoundToDigitsTests: XCTestCase {
    private func language(_ name: String) throws -> CodeLanguage { try XCTUnwrap(CodeLanguage.named(name)) }

    /// HumanEval-X Python→C++ `triangle_area` (2026-12-03 records): `round(area, 2)` does not compile; mended, it
    /// builds and gives Python's areas.
    func testTheAreaThatDidNotCompile() throws {
        let translation = """
        #include<stdio.h>
        #include<math.h>
        using namespace std;
        float triangle_area(float a,float b,float c)
        {
            if (a + b <= c || a + c <= b || b + c <= a)
            {
                return -1;
            }
            float s = (a + b + c) / 2;
            float area = sqrt(s * (s - a) * (s - b) * (s - c));
            area = round(area, 2);
            return area;
        }
        """
        let mended = RoundToDigits.fixed(translation, language: try language("cpp"), translatedFrom: try language("python"))
        XCTAssertEqual(mended, translation.replacingOccurrences(of: "round(area, 2)", with: "round((area) * 1e2) / 1e2"))
        guard let compiler = TimedProcess.findTool(["g++"]) else { throw XCTSkip("g++ is not installed") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("round-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let main = "\n#include<iostream>\nint main(){ std::cout << triangle_area(3, 4, 5) << ' ' << triangle_area(4, 8, 5) << ' ' << triangle_area(1, 1, 1) << ' ' << triangle_area(1, 2, 10) << std::endl; }\n"
        for (name, code) in [("before", translation), ("after", mended)] {
            try (code + main).write(to: directory.appendingPathComponent("\(name).cpp"), atomically: true, encoding: .utf8)
        }
        let before = TimedProcess(arguments: [compiler, "before.cpp", "-o", "before"], directory: directory.path, timeoutSeconds: 60).run()
        XCTAssertFalse(before.succeeded, "round(x, 2) does not compile")
        let after = TimedProcess(arguments: [compiler, "after.cpp", "-o", "after"], directory: directory.path, timeoutSeconds: 60).run()
        XCTAssertTrue(after.succeeded, after.output)
        let printed = TimedProcess(arguments: [directory.appendingPathComponent("after").path], directory: directory.path, timeoutSeconds: 30).run().output
        let expected = try runPython("""
        def area(a, b, c):
            if a + b <= c or a + c <= b or b + c <= a: return -1
            s = (a + b + c) / 2
            return round((s * (s - a) * (s - b) * (s - c)) ** 0.5, 2)
        print(' '.join(format(x, 'g') for x in (area(3, 4, 5), area(4, 8, 5), area(1, 1, 1), area(1, 2, 10))))
        """)
        XCTAssertEqual(printed, expected)
    }

    /// Each language's own round; left alone: one argument, three, digits that are no whole number, a method, another
    /// language's spelling, strings and comments, and translations from other languages.
    func testWhatIsMendedAndWhatIsNot() throws {
        let python = try language("python")
        let cases: [(String, String, String)] = [
            ("javascript", "return Math.round(f(x, y), 3);", "return Math.round((f(x, y)) * 1e3) / 1e3;"),
            ("java", "double r = Math.round(total / n, 1);", "double r = Math.round((total / n) * 1e1) / 1e1;"),
            ("go", "return math.Round(area, 2)", "return math.Round((area) * 1e2) / 1e2"),
            ("cpp", "return std::round(v[i], 0);", "return std::round((v[i]) * 1e0) / 1e0;"),
        ]
        for (target, code, expected) in cases {
            XCTAssertEqual(RoundToDigits.fixed(code, language: try language(target), translatedFrom: python), expected, code)
        }
        let untouched: [(String, String)] = [
            ("javascript", "return Math.round(x);"),
            ("javascript", "return Math.round(x, 2, 3);"),
            ("javascript", "return Math.round(x, n);"),
            ("javascript", "return p.round(x, 2);"),
            ("javascript", "return round(x, 2);"),
            ("go", "return Math.Round(x, 2)"),
            ("cpp", "const char* s = \"round(x, 2)\"; // round(x, 2)"),
            ("rust", "round(x, 2)"),
        ]
        for (target, code) in untouched {
            XCTAssertEqual(RoundToDigits.fixed(code, language: try language(target), translatedFrom: python), code, code)
        }
        XCTAssertEqual(RoundToDigits.fixed("round(x, 2)", language: try language("cpp"), translatedFrom: try language("java")), "round(x, 2)")
        XCTAssertEqual(CodeTaskEngine.mended("round(x, 2)", language: try language("cpp")), "round(x, 2)", "a function written, not translated")
        XCTAssertEqual(CodeTaskEngine.mended("round(x, 2)", language: try language("cpp"), translatedFrom: python), "round((x) * 1e2) / 1e2")
    }
}
