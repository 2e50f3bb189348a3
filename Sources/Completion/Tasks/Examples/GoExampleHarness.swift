import Foundation

/// Go: `package main` with the checker's own imports under aliases (so they never clash with the
/// candidate's), the candidate without its `package` clause (its `main`, if any, renamed), and a `main`
/// with one check per example: scalars are compared with a generic helper (the expected constant takes the
/// value's type; floats within 1e-6), other values as JSON text. Built with `go build` (GOPATH mode, local
/// toolchain, no network); an import the candidate does not use is removed and the build retried.
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
            if ExampleExtraction.isCall(expression) { expression = ExampleLiteral.spellArguments(ofCall: expression, Self.spelling, scalarsOnly: true) }
            if example.expected.isEmpty {
                text += "\tinfillReport(\(i), \(expression), false)\n"
            } else if let expected = ExampleLiteral.spell(example.expected, Self.spelling), !expected.contains("[") {
                text += "\t{\n\t\tv := \(expression)\n\t\tinfillReport(\(i), infillSame(v, \(expected)), v)\n\t}\n"
            } else {
                text += "\tinfillReport(\(i), false, \(expression))\n"
            }
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

    /// The program without the imports the build output calls unused (nil when there are none to remove).
    func retry(_ program: ExampleProgram, buildOutput: String) -> ExampleProgram? {
        guard var text = program.files["main.go"] else { return nil }
        var removed = false
        for line in text.split(separator: "\n").map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let path = trimmed.hasPrefix("import ") ? String(trimmed.dropFirst(7)).trimmingCharacters(in: .whitespaces) : trimmed
            guard path.hasPrefix("\""), path.hasSuffix("\""), path.count > 2 else { continue }
            // The message's form changed between Go versions.
            if buildOutput.contains("\(path) imported and not used") || buildOutput.contains("imported and not used: \(path)") {
                text = text.replacingOccurrences(of: line + "\n", with: "")
                removed = true
            }
        }
        guard removed else { return nil }
        var corrected = program
        corrected.files["main.go"] = text
        return corrected
    }
}
