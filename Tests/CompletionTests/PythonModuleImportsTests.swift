@testable import Completion
import Foundation
import Languages
import XCTest

/// `PythonModuleImports`: a standard module called in a Python translation without its import, on the translation
/// that prompted it and on hand-written code; Python itself runs the mended code.
final class PythonModuleImportsTests: XCTestCase {
    private func language(_ name: String) throws -> CodeLanguage { try XCTUnwrap(CodeLanguage.named(name)) }

    /// HumanEval-X C++→Python `triangle_area` (2026-12-03): `math.sqrt` with no `import math`, a `NameError` on
    /// the first triangle.
    func testTheTriangleThatCouldNotTakeARoot() throws {
        let translation = """
        def triangle_area(a, b, c):
            if a + b <= c or a + c <= b or b + c <= a:
                return -1
            h = (a + b + c) / 2
            area = math.sqrt(h * (h - a) * (h - b) * (h - c))
            return round(area, 2)
        """
        let mended = PythonModuleImports.fixed(translation, translatedFrom: try language("cpp"))
        XCTAssertEqual(mended, "import math\n\n" + translation)
        let calls = "\nprint(triangle_area(3, 4, 5), triangle_area(1, 2, 10))\n"
        XCTAssertEqual(try runPython(mended + calls), "6.0 -1\n")
        XCTAssertTrue(try runPython(translation + calls).contains("NameError: name 'math' is not defined"))
    }

    /// After the code's own imports, each module once, in the order of first use; left alone: a module imported
    /// (`import math`, `from math import …`, `import re as regex`… uses `re` bare), a variable or parameter of a
    /// module's name, an attribute named like one, a name in a string or comment, and a function written, not translated.
    func testWhatIsImportedAndWhatIsNot() throws {
        let code = """
        from typing import List

        def f(xs: List[float]) -> List[int]:
            # math.floor would do too
            parts = re.split(r"[,;]", "a,b;c")
            return [math.ceil(x) + math.floor(x) for x in xs] + [len(parts), self.string.count, "collections.Counter"]
        """
        let mended = PythonModuleImports.fixed(code, translatedFrom: try language("javascript"))
        XCTAssertEqual(mended, code.replacingOccurrences(of: "from typing import List\n", with: "from typing import List\nimport re\nimport math\n"))
        let untouched = [
            "import math\n\ndef f(x):\n    return math.sqrt(x)\n",
            "from math import sqrt\n\ndef f(x):\n    return sqrt(x) + math.pi\n",
            "def f(string):\n    return string.upper()\n",
            "def f(words):\n    for string in words:\n        print(string.upper())\n",
            "def f(x):\n    random = Random()\n    return random.choice(x)\n",
            "def f(x):\n    return x.math.sqrt(2)\n",
            "def f(x):\n    return 'math.sqrt(x)'  # math.sqrt\n",
        ]
        for code in untouched {
            XCTAssertEqual(PythonModuleImports.fixed(code, translatedFrom: try language("cpp")), code, code)
        }
        let call = "def f(x):\n    return math.sqrt(x)\n"
        XCTAssertEqual(PythonModuleImports.fixed(call, translatedFrom: nil), call, "a function written, not translated")
        XCTAssertEqual(CodeTaskEngine.mended(call, language: try language("python"), translatedFrom: try language("java")), "import math\n\n" + call)
        XCTAssertEqual(CodeTaskEngine.mended(call, language: try language("python")), call)
    }
}
