@testable import Completion
import Foundation
import Languages
import XCTest

/// `PythonValueCopies`: a list appended and then changed in place, where the source (C++, Swift) appended a copy;
/// on the translation that prompted it and on hand-written code. Python itself is the independent check: each
/// mended program must print what the source's copying semantics give, computed here by hand.
final class PythonValueCopiesTests: XCTestCase {
    private func language(_ name: String) throws -> CodeLanguage { try XCTUnwrap(CodeLanguage.named(name)) }

    /// HumanEval-X C++→Python `get_max_triples`, the 1.5B's best beam: `sum.append(sum[-1])` shares one row among
    /// all, and `get_max_triples(5)` is not 1; the source's `push_back` copies, and the answer is 1 (the dataset's test).
    func testTheRunningCountsThatSharedOneRow() throws {
        let translation = """
        def get_max_triples(n):
            a = []
            sum = [[0, 0, 0]]
            sum2 = [[0, 0, 0]]

            for i in range(1, n + 1):
                a.append((i * i - i + 1) % 3)
                sum.append(sum[-1])
                sum[i][a[i - 1]] += 1

            for times in range(1, 3):
                for i in range(1, n + 1):
                    sum2.append(sum2[-1])
                    if i >= 1:
                        for j in range(3):
                            sum2[i][(a[i - 1] + j) % 3] += sum[i - 1][j]

                sum = sum2
                sum2 = [[0, 0, 0]]

            return sum[n][0]

        """
        let mended = PythonValueCopies.fixed(translation, translatedFrom: try language("cpp"))
        XCTAssertEqual(mended, translation.replacingOccurrences(of: "sum.append(sum[-1])", with: "sum.append(sum[-1].copy())")
                                          .replacingOccurrences(of: "sum2.append(sum2[-1])", with: "sum2.append(sum2[-1].copy())"))
        let calls = "print(get_max_triples(5), get_max_triples(6), get_max_triples(10))\n"
        XCTAssertEqual(try runPython(mended + calls), "1 4 36\n")
        XCTAssertNotEqual(try runPython(translation + calls), "1 4 36\n", "shared rows count every triple in each")
        // Through the engine's mends, from C++ and Swift only: Java's, JavaScript's and Go's appends share too.
        XCTAssertEqual(CodeTaskEngine.mended(translation, language: try language("python"), translatedFrom: try language("swift")), mended)
        for source in ["java", "javascript", "go", "python"] {
            XCTAssertEqual(CodeTaskEngine.mended(translation, language: try language("python"), translatedFrom: try language(source)), translation, source)
        }
        XCTAssertEqual(CodeTaskEngine.mended(translation, language: try language("python")), translation, "a function written, not translated")
    }

    /// A list built up and appended at each turn: C++ stores each prefix, Python one list at its last state.
    func testAPrefixAppendedWhileItGrows() throws {
        let translation = """
        def prefixes(xs):
            out = []
            current = []
            for x in xs:
                current.append(x)
                out.append(current)
            return out

        """
        let mended = PythonValueCopies.fixed(translation, translatedFrom: try language("cpp"))
        XCTAssertEqual(mended, translation.replacingOccurrences(of: "out.append(current)", with: "out.append(current.copy())"))
        XCTAssertEqual(try runPython(mended + "print(prefixes([1, 2, 3]))\n"), "[[1], [1, 2], [1, 2, 3]]\n")
    }

    /// Left alone: the fresh list of each turn, a list bound anew right after it is appended, numbers and strings
    /// (never changed in place), an element appended whose list's elements never change, a parameter sorted before
    /// it is appended and not changed after, and an attribute; mended: a list changed after it is appended.
    func testWhatIsMendedAndWhatIsNot() throws {
        let code = """
        def groups(words, grid):
            out = []
            for word in words:
                row = []
                row.append(word)
                out.append(row)
            parts = []
            current = []
            for word in words:
                if word == "|":
                    parts.append(current)
                    current = []
                else:
                    current.append(word)
            total = 0
            text = ""
            sums = []
            for value in grid[0]:
                total += value
                text += str(value)
                sums.append(total)
                sums.append(text)
            firsts = []
            firsts.append(grid[0])
            words.sort()
            out.append(words)
            last = []
            out.append(last)
            last.append(0)
            return out, parts, sums, firsts

        """
        let mended = PythonValueCopies.fixed(code, translatedFrom: try language("cpp"))
        XCTAssertEqual(mended, code.replacingOccurrences(of: "out.append(last)", with: "out.append(last.copy())"))
        let program = mended + "print(groups(['a', 'b', '|', 'c'], [[1, 2]]))\n"
        XCTAssertEqual(try runPython(program), "([['a'], ['b'], ['|'], ['c'], ['a', 'b', 'c', '|'], []], [['a', 'b']], [1, '1', 3, '12'], [[1, 2]])\n")
        let method = "class Table:\n    def keep(self, out):\n        out.append(self.rows)\n        self.rows.append(1)\n"
        XCTAssertEqual(PythonValueCopies.fixed(method, translatedFrom: try language("cpp")), method, "an attribute")
    }

    /// A row appended to another list whose rows are then changed: the grid the row came from keeps its values,
    /// as a C++ `vector<vector<int>>` would.
    func testARowChangedThroughTheListItWasAppendedTo() throws {
        let translation = """
        def doubled_rows(grid):
            out = []
            for i in range(len(grid)):
                out.append(grid[i])
                for j in range(len(out[i])):
                    out[i][j] *= 2
            return out, grid

        """
        let mended = PythonValueCopies.fixed(translation, translatedFrom: try language("cpp"))
        XCTAssertEqual(mended, translation.replacingOccurrences(of: "out.append(grid[i])", with: "out.append(grid[i].copy())"))
        XCTAssertEqual(try runPython(mended + "print(doubled_rows([[1, 2], [3]]))\n"), "([[2, 4], [6]], [[1, 2], [3]])\n")
    }
}
