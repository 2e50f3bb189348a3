@testable import Completion
import Foundation
import Languages
import XCTest

/// `GoShadowedPackages`: a Go parameter named after a package its function uses. go builds and runs the mended
/// code (and refuses the code as written): the judge is Go itself.
final class GoShadowedPackagesTests: XCTestCase {
    private func go() throws -> CodeLanguage { try XCTUnwrap(CodeLanguage.named("go")) }

    /// HumanEval-X Go `Concatenate` and `FilterByPrefix`: their declarations name the parameter `strings`, and the
    /// 1.5B's answers, translated from Python (2026-12-06) or written, call `strings.Join` / `strings.HasPrefix`.
    func testTheStringsParameterLetsThePackageThrough() throws {
        try requireGo()   // first: a skip thrown inside an assertion would count as a failure
        let written = """
        package main

        import (
        \t"fmt"
        \t"strings"
        )

        func Concatenate(strings []string) string {
        \treturn strings.Join(strings, "")
        }

        func FilterByPrefix(strings []string, prefix string) []string {
        \tvar result []string
        \tfor _, s := range strings {
        \t\tif strings.HasPrefix(s, prefix) {
        \t\t\tresult = append(result, s)
        \t\t}
        \t}
        \treturn result
        }

        func main() {
        \tfmt.Println(Concatenate([]string{"x", "y", "z"}), FilterByPrefix([]string{"abc", "bcd", "array"}, "a"))
        }

        """
        let mended = GoShadowedPackages.fixed(written, language: try go())
        XCTAssertEqual(mended, written
            .replacingOccurrences(of: "(strings []string", with: "(strings_ []string")
            .replacingOccurrences(of: "Join(strings, \"\")", with: "Join(strings_, \"\")")
            .replacingOccurrences(of: "range strings {", with: "range strings_ {"))
        XCTAssertEqual(try runGo(mended), "xyz [abc array]\n")
        XCTAssertTrue(try runGo(written).contains("strings.Join undefined"))
    }

    /// Left alone: a parameter of a type with fields or methods (a struct, a pointer, a named type), a name only
    /// used as a value, a lower-case selector, `strings_` already in the code, a function without a body, other
    /// languages.
    func testWhatIsLeftAlone() throws {
        let go = try go()
        let untouched = [
            "func F(strings Words) string {\n\treturn strings.Join()\n}\n",
            "func F(sort *Sorter) {\n\tsort.Run()\n}\n",
            "func F(strings []string) int {\n\treturn len(strings)\n}\n",
            "func F(m map[string]int) int {\n\treturn m.x\n}\n",
            "func F(strings []string) string {\n\tstrings_ := 1\n\treturn strings.Join(strings, \"\")\n}\n",
            "type Joiner interface {\n\tJoin(strings []string) string\n}\n",
        ]
        for code in untouched {
            XCTAssertEqual(GoShadowedPackages.fixed(code, language: go), code, code)
        }
        let java = try XCTUnwrap(CodeLanguage.named("java"))
        let javaCode = "String f(String[] strings) { return String.join(\"\", strings); }\n"
        XCTAssertEqual(GoShadowedPackages.fixed(javaCode, language: java), javaCode)
    }

    /// A method's receiver is not a parameter list; names grouped under one type (`a, strings []string`) and a
    /// variadic list (`...string`) are read; an `interface{}` result does not end the signature early.
    func testSignaturesInTheirForms() throws {
        let go = try go()
        let cases: [(String, String)] = [
            ("func (j Joiner) Join(sep string, strings ...string) string {\n\treturn strings.Join(strings, sep)\n}\n",
             "func (j Joiner) Join(sep string, strings_ ...string) string {\n\treturn strings.Join(strings_, sep)\n}\n"),
            ("func F(a, strings []string) interface{} {\n\treturn strings.Join(append(a, strings...), \"\")\n}\n",
             "func F(a, strings_ []string) interface{} {\n\treturn strings.Join(append(a, strings_...), \"\")\n}\n"),
        ]
        for (code, expected) in cases {
            XCTAssertEqual(GoShadowedPackages.fixed(code, language: go), expected, code)
        }
    }
}
