import Foundation
import Languages

/// Swift: the candidate after `import Foundation` (the files code goes into nearly always import it:
/// `components(separatedBy:)`, `sqrt`; a second import is harmless), its calls at the top level left out
/// (`LocalBuildChecker.withoutDemoCode`: a library file refuses them and they are not the function), and an
/// `@main` type that runs the example its argument names. Built with `swiftc -Onone`; each example runs in its
/// own process (`./candidate 0`, `./candidate 1`, …), since a Swift trap (an index out of range, an overflow)
/// cannot be caught and would stop the others.
///
/// Swift's literals take the parameter's type (`3` is a `Double` for a `Double`, `[1, 2]` a `[Double]`), so the
/// docstring's values need only Swift's spelling (`"a"` for `'a'`, `nil` for `None`); what Swift needs besides
/// are the argument labels, read from the candidate's signature (`add(a: 2, b: 3)` for `func add(a: Int, b: Int)`,
/// none for `_ a: Int`). The value is compared as its `String(reflecting:)` text read like the expected one
/// (`ExampleLiteral.normalized`: `Optional(4)` reads as `4`), a floating-point result within 1e-6 of a number.
///
/// The build check (`checkOnly`) only type-checks (`-typecheck`: no object file, nothing to run), about 1.5 s
/// of CPU a candidate with Foundation loaded.
struct SwiftExampleHarness: ExampleHarness {
    var tools: [[String]] { [["swiftc"]] }

    static let file = "candidate.swift"

    static let helpers = """
        func infillShown(_ value: Any) -> String {
            String(reflecting: value).replacingOccurrences(of: "\\n", with: " ")
        }

        func infillReport(_ i: Int, _ value: Any, closeTo expected: Double? = nil) {
            var number: Double? = nil
            if let d = value as? Double { number = d } else if let f = value as? Float { number = Double(f) }
            if let expected, let number, abs(number - expected) <= 1e-6 * max(1, abs(expected)) {
                print("\(ExampleReport.marker) \\(i) PASS")
            } else {
                print("\(ExampleReport.marker) \\(i) VALUE \\(infillShown(value))")
            }
        }

        """

    /// How examples' values are written in Swift: arrays in brackets, double-quoted strings, `nil`.
    static let spelling = ExampleLiteral.Spelling(listOpen: "[", listClose: "]", null: "nil")

    func program(code: String, examples: [CodeExample], tools: [String]) -> ExampleProgram {
        let candidate = CodeLanguage.named("swift").map { LocalBuildChecker.withoutDemoCode(code, language: $0) } ?? code
        var text = "import Foundation\n" + candidate + "\n\n" + Self.helpers + "\n@main\nenum InfillChecks {\n"
        text += "    static func main() {\n        switch Int(CommandLine.arguments.dropFirst().first ?? \"\") ?? -1 {\n"
        for (i, example) in examples.enumerated() {
            text += "        case \(i): " + Self.check(i, example, in: candidate) + "\n"
        }
        text += "        default: break\n        }\n    }\n}\n"
        let runs = examples.indices.map { "./candidate \($0)" }.joined(separator: "; ")
        return ExampleProgram(files: [Self.file: text],
                              build: [[tools[0], "-parse-as-library", "-Onone", "-suppress-warnings", "-o", "candidate", Self.file]],
                              run: ["/bin/sh", "-c", runs.isEmpty ? "true" : runs],
                              environment: ["SWIFT_BACKTRACE": "enable=no"])   // a trap's backtrace would bury what the model should read
    }

    /// One example's case of the `switch`: the call with Swift's spelling and the candidate's argument labels.
    static func check(_ index: Int, _ example: CodeExample, in code: String) -> String {
        guard ExampleExtraction.isCall(example.expression), !example.expected.isEmpty,
              let open = example.expression.firstIndex(of: "(") else { return Self.notCallable(index) }
        let name = String(example.expression[..<open])
        let inner = String(example.expression[example.expression.index(after: open)...].dropLast())
        let arguments = inner.allSatisfy(\.isWhitespace) ? [] : ExampleExtraction.topLevelSplit(inner, separator: ",")
        let labels = argumentLabels(of: name, in: code)
        let spelled = arguments.enumerated().map { i, argument -> String in
            let value = ExampleLiteral.spell(argument, spelling) ?? argument
            guard i < labels.count, let label = labels[i] else { return value }
            return label + ": " + value
        }
        let call = name + "(" + spelled.joined(separator: ", ") + ")"
        if let tokens = ExampleLiteral.tokens(example.expected), tokens.allSatisfy({ if case .number = $0 { return true }; return $0 == .minus }),
           let number = ExampleLiteral.spell(example.expected, spelling), number.contains(".") {
            return "infillReport(\(index), \(call), closeTo: \(number))"
        }
        return "infillReport(\(index), \(call))"
    }

    /// The external label of each parameter of `func name(…)` in `code` (nil for `_`), or [] when it is not found.
    static func argumentLabels(of name: String, in code: String) -> [String?] {
        guard let declaration = ExampleExtraction.declaredParameters(of: name, introducedBy: "func", in: code) else { return [] }
        return ExampleExtraction.parameterList(declaration.list).map { parameter -> String? in
            let names = parameter.prefix { $0 != ":" }.split(separator: " ").map(String.init)
            guard let label = names.first, label != "_" else { return nil }
            return label
        }
    }

    /// The line of a check that does not compile (see `retry`).
    static func notCallable(_ index: Int) -> String {
        "print(\"\(ExampleReport.marker) \(index) VALUE \(UncompilableChecks.report)\")"
    }

    /// After a failed build: the example cases the compiler points at replaced by a report that they do not
    /// compile (a label the spelling got wrong must not sink the other examples); nil when an error is in the
    /// candidate itself.
    func retry(_ program: ExampleProgram, buildOutput: String) -> ExampleProgram? {
        UncompilableChecks.replacing(in: program, file: Self.file, buildOutput: buildOutput) { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("case "), let index = Int(trimmed.dropFirst(5).prefix { $0.isNumber }) else { return nil }
            return "        case \(index): " + Self.notCallable(index)
        }
    }

    /// A script's translation as the main file (`main.swift`, after `import Foundation`), its top-level statements
    /// kept: `build` type-checks it (`-typecheck`: no object file, nothing to run). For the build check of a
    /// whole program (`BuildScope.wholeProgram`); it runs no examples.
    static func scriptProgram(code: String, tools: [String]) -> ExampleProgram {
        ExampleProgram(files: ["main.swift": "import Foundation\n" + code + "\n"],
                       build: [[tools.first ?? "swiftc", "-typecheck", "-suppress-warnings", "main.swift"]], run: [])
    }

    /// `-typecheck`: types checked, no object file, nothing to run.
    func checkOnly(_ program: ExampleProgram) -> [[String]] {
        [[program.build.first?.first ?? "swiftc", "-parse-as-library", "-typecheck", "-suppress-warnings", Self.file]]
    }
}
