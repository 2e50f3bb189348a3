@testable import Completion
import Foundation
import Languages
import XCTest

/// `GoEmptySlices`: a slice-returning Go function that returns nil where it means an empty list. Go itself judges:
/// `encoding/json` writes the mended function's empty result `[]` and the code as written `null`.
final class GoEmptySlicesTests: XCTestCase {
    private func go() throws -> CodeLanguage { try XCTUnwrap(CodeLanguage.named("go")) }

    /// HumanEval-X Go `AllPrefixes` as the 1.5B wrote it (2026-12-06: the test `assert.Equal([]string{}, AllPrefixes(""))`
    /// failed), and a translation's `return nil` for Python's `return []`.
    func testAnEmptyResultIsAnEmptySlice() throws {
        try requireGo()   // first: a skip thrown inside an assertion would count as a failure
        let written = """
        package main

        import (
        \t"encoding/json"
        \t"fmt"
        )

        // Return list of all prefixes from shortest to longest of the input string
        func AllPrefixes(str string) []string {
        \tvar prefixes []string
        \tfor i := 1; i <= len(str); i++ {
        \t\tprefixes = append(prefixes, str[:i])
        \t}
        \treturn prefixes
        }

        func Evens(numbers []int) [][]int {
        \tif len(numbers) == 0 {
        \t\treturn nil
        \t}
        \tvar pairs [][]int; for i, n := range numbers { if n%2 == 0 { pairs = append(pairs, []int{i, n}) } }; return pairs
        }

        func main() {
        \ta, _ := json.Marshal(AllPrefixes(""))
        \tb, _ := json.Marshal(Evens(nil))
        \tc, _ := json.Marshal(Evens([]int{1, 3}))
        \tfmt.Println(string(a), string(b), string(c), AllPrefixes("ab"))
        }

        """
        let mended = GoEmptySlices.fixed(written, language: try go())
        XCTAssertEqual(mended, written
            .replacingOccurrences(of: "var prefixes []string", with: "prefixes := []string{}")
            .replacingOccurrences(of: "return nil", with: "return [][]int{}")
            .replacingOccurrences(of: "var pairs [][]int;", with: "pairs := [][]int{};"))
        XCTAssertEqual(try runGo(mended), "[] [] [] [a ab]\n")
        XCTAssertEqual(try runGo(written), "null null null [a ab]\n")
    }

    /// Left alone: a slice the function compares with nil or sets to nil (there nil is meant), one returned other than as
    /// it is, a declaration with a value or several names, results that are not one slice (an array, named results,
    /// a slice and an error), a function without a body, other languages.
    func testWhatIsLeftAlone() throws {
        let go = try go()
        let untouched = [
            "func F(x []int) []int {\n\tvar out []int\n\tif out == nil {\n\t\tout = x\n\t}\n\treturn out\n}\n",
            "func F(x []int) []int {\n\tvar out []int\n\tout = append(out, x...)\n\tout = nil\n\treturn out\n}\n",
            "func F(x []int) []int {\n\tvar out []int\n\tout = append(out, x...)\n\treturn out[:1]\n}\n",
            "func F(x []int) []int {\n\tvar out []int = x\n\treturn out\n}\n",
            "func F(x []int) []int {\n\tvar a, b []int\n\ta = append(b, x...)\n\treturn a\n}\n",
            "func F(x []int) [2]int {\n\tvar out [2]int\n\treturn out\n}\n",
            "func F(x []int) (out []int) {\n\treturn nil\n}\n",
            "func F(x []int) ([]int, error) {\n\treturn nil, nil\n}\n",
            "func F(x []int) int {\n\tvar out []int\n\treturn len(out)\n}\n",
            "type Lister interface {\n\tList() []int\n}\n",
            "// return nil\nfunc F() []int {\n\ts := \"return nil\"\n\treturn []int{len(s)}\n}\n",
        ]
        for code in untouched {
            XCTAssertEqual(GoEmptySlices.fixed(code, language: go), code, code)
        }
        let java = try XCTUnwrap(CodeLanguage.named("java"))
        let javaCode = "int[] f() {\n    var out = new int[0];\n    return null;\n}\n"
        XCTAssertEqual(GoEmptySlices.fixed(javaCode, language: java), javaCode)
    }

    /// A function literal keeps its own returns (`return nil` of a `func() error`), and the function's own statements
    /// around it are still read (also after a variable of a function type, which has no body); a literal that returns a
    /// slice is mended as a function.
    func testFunctionLiteralsKeepTheirReturns() throws {
        let go = try go()
        let code = """
        func F(x []int) []int {
        \tcheck := func() error {
        \t\treturn nil
        \t}
        \tvar compare func(a, b int) bool
        \tfor _, v := range x {
        \t\tif len(x) > 9 {
        \t\t\treturn nil
        \t\t}
        \t\t_ = compare
        \t}
        \tvar out []int
        \tfor _, v := range x {
        \t\tout = append(out, v)
        \t}
        \tsort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
        \t_ = check()
        \treturn out
        }

        var empty = func() []string {
        \treturn nil
        }

        """
        XCTAssertEqual(GoEmptySlices.fixed(code, language: go), code
            .replacingOccurrences(of: "var out []int", with: "out := []int{}")
            .replacingOccurrences(of: "\t\t\treturn nil", with: "\t\t\treturn []int{}")
            .replacingOccurrences(of: "func() []string {\n\treturn nil", with: "func() []string {\n\treturn []string{}"))
    }
}
