import Foundation

/// Go: `package main` with the checker's own imports under aliases (so they never clash with the
/// candidate's), the candidate without its `package` clause (its `main`, if any, renamed), and a `main`
/// with one check per example, each in its own function (a panic fails that example only): scalars are compared with a generic helper (the expected constant takes the
/// value's type; floats within 1e-6), other values as JSON text. Built with `go build` (GOPATH mode, local
/// toolchain, no network); an import the candidate does not use is removed, a standard package it uses
/// without importing it is imported, and the build retried.
struct GoExampleHarness: ExampleHarness {
    var tools: [[String]] { [["go"]] }

    static let header = """
        package main

        import infillJSON "encoding/json"
        import infillFmt "fmt"
        import infillMath "math"
        import infillReflect "reflect"

        """

    static let helpers = """
        func infillSame[T any](a T, b T) bool {
            x, y := infillReflect.ValueOf(a), infillReflect.ValueOf(b)
            if x.Kind() == infillReflect.Float64 || x.Kind() == infillReflect.Float32 {
                return infillMath.Abs(x.Float()-y.Float()) <= 1e-6*infillMath.Max(1, infillMath.Abs(y.Float()))
            }
            return infillReflect.DeepEqual(a, b)
        }

        func infillShow(v any) string {
            b, err := infillJSON.Marshal(v)
            if err != nil {
                return infillFmt.Sprint(v)
            }
            return string(b)
        }

        func infillReport(i int, ok bool, v any) {
            if ok {
                infillFmt.Println("\(ExampleReport.marker)", i, "PASS")
            } else {
                infillFmt.Println("\(ExampleReport.marker)", i, "VALUE "+infillShow(v))
            }
        }

        """

    /// Go has no untyped list literal: only scalars are compared in Go, lists as text.
    static let spelling = ExampleLiteral.Spelling(listOpen: "[", listClose: "]", null: "nil")

    func program(code: String, examples: [CodeExample], tools: [String]) -> ExampleProgram {
        let candidate = code.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("package ") }
            .joined(separator: "\n")
            .replacingOccurrences(of: "func main(", with: "func infillCandidateMain(")
        var text = Self.header + "\n" + candidate + "\n\n" + Self.helpers + "\nfunc main() {\n"
        for (i, example) in examples.enumerated() {
            // Docstrings often write Python's strings (`'abc'`): scalar arguments are spelled for Go, lists stay.
            var expression = example.expression
            if ExampleExtraction.isCall(expression) { expression = Self.spellArguments(ofCall: expression, in: candidate) }
            // Each check in its own function: a panic fails that example only.
            text += "\tfunc() {\n\t\tdefer func() {\n\t\t\tif r := recover(); r != nil {\n\t\t\t\tinfillReport(\(i), false, infillFmt.Sprint(r))\n\t\t\t}\n\t\t}()\n"
            if example.expected.isEmpty {
                text += "\t\tinfillReport(\(i), \(expression), false)\n"
            } else if let expected = ExampleLiteral.spell(example.expected, Self.spelling), !expected.contains("[") {
                text += "\t\tv := \(expression)\n\t\tinfillReport(\(i), infillSame(v, \(expected)), v)\n"
            } else {
                text += "\t\tinfillReport(\(i), false, \(expression))\n"
            }
            text += "\t}()\n"
        }
        text += "}\n"
        var environment = ["GO111MODULE": "off", "GOTOOLCHAIN": "local", "GOPROXY": "off", "GOFLAGS": ""]
        let env = ProcessInfo.processInfo.environment
        if env["GOCACHE"] == nil && env["HOME"] == nil && env["XDG_CACHE_HOME"] == nil {
            environment["GOCACHE"] = FileManager.default.temporaryDirectory.appendingPathComponent("infill-examples-go-cache").path
        }
        return ExampleProgram(files: ["main.go": text], build: [[tools[0], "build", "-o", "candidate", "main.go"]],
                              run: ["./candidate"], environment: environment)
    }

    /// A call's arguments spelled for Go: scalars as Go writes them; a list (`[1, 2]`) as a composite literal
    /// of the parameter's type read from the candidate's signature (`[]int{1, 2}`, `[][]string{{"a"}}`),
    /// left as written when the type is unknown.
    static func spellArguments(ofCall call: String, in code: String) -> String {
        guard let open = call.firstIndex(of: "("), call.hasSuffix(")") else { return call }
        let name = String(call[..<open])
        let inner = String(call[call.index(after: open)..<call.index(before: call.endIndex)])
        guard !inner.trimmingCharacters(in: .whitespaces).isEmpty else { return call }
        let types = parameterTypes(of: name, in: code)
        let arguments = ExampleExtraction.topLevelSplit(inner, separator: ",").enumerated().map { index, argument -> String in
            guard let tokens = ExampleLiteral.tokens(argument) else { return argument }
            guard tokens.contains(.open) else { return ExampleLiteral.spell(argument, spelling) ?? argument }
            guard index < types.count, types[index].hasPrefix("[]"), let braced = ExampleLiteral.spell(argument, bracedSpelling) else { return argument }
            return types[index] + braced
        }
        return name + "(" + arguments.joined(separator: ", ") + ")"
    }

    /// Lists as the braces of a Go composite literal (the element type is implied inside the outer one).
    static let bracedSpelling = ExampleLiteral.Spelling(listOpen: "{", listClose: "}", null: "nil")

    /// The parameter types of `func name(…)` in `code`, one per parameter (`a, b int` gives two), or [].
    static func parameterTypes(of name: String, in code: String) -> [String] {
        guard let range = code.range(of: "func \(name)("),
              let close = ExampleExtraction.closingParenthesis(of: code, openingAt: code.index(before: range.upperBound)) else { return [] }
        let list = String(code[range.upperBound..<close])
        var types: [String] = []
        var pending = 0   // names waiting for the type that follows them (`a, b int`)
        for parameter in ExampleExtraction.topLevelSplit(list, separator: ",") where !parameter.isEmpty {
            let parts = parameter.split(separator: " ", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 {
                types += Array(repeating: parts[1], count: pending + 1)
                pending = 0
            } else {
                pending += 1
            }
        }
        return types
    }

    /// Standard packages by the name code calls them with, for imports a candidate uses but forgot (a
    /// translation often writes `strings.Fields` into a file that already imports "strings").
    static let standardPackages = ["bytes": "bytes", "errors": "errors", "fmt": "fmt", "heap": "container/heap", "math": "math",
                                   "bits": "math/bits", "big": "math/big", "rand": "math/rand", "regexp": "regexp", "sort": "sort",
                                   "strconv": "strconv", "strings": "strings", "time": "time", "unicode": "unicode", "utf8": "unicode/utf8"]

    /// The program corrected after a failed build, or nil when there is nothing to correct: the imports the
    /// build output calls unused removed, and the standard packages it calls undefined imported.
    func retry(_ program: ExampleProgram, buildOutput: String) -> ExampleProgram? {
        guard var text = program.files["main.go"] else { return nil }
        var changed = false
        for line in text.split(separator: "\n").map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let path = trimmed.hasPrefix("import ") ? String(trimmed.dropFirst(7)).trimmingCharacters(in: .whitespaces) : trimmed
            guard path.hasPrefix("\""), path.hasSuffix("\""), path.count > 2 else { continue }
            // The message's form changed between Go versions.
            if buildOutput.contains("\(path) imported and not used") || buildOutput.contains("imported and not used: \(path)") {
                text = text.replacingOccurrences(of: line + "\n", with: "")
                changed = true
            }
        }
        var missing: [String] = []
        for line in buildOutput.split(whereSeparator: \.isNewline) {
            guard let range = line.range(of: "undefined: ") else { continue }
            let name = String(line[range.upperBound...].prefix { $0.isLetter || $0.isNumber })
            if let path = Self.standardPackages[name], !missing.contains(path), !text.contains("\"\(path)\"\n") { missing.append(path) }
        }
        if !missing.isEmpty, let header = text.range(of: Self.header) {
            text.insert(contentsOf: missing.map { "import \"\($0)\"\n" }.joined(), at: header.upperBound)
            changed = true
        }
        guard changed else { return nil }
        var corrected = program
        corrected.files["main.go"] = text
        return corrected
    }
}
