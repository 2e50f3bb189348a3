import Foundation
import Languages

/// Rust: the candidate compiled alone as a library crate with `rustc --emit=metadata`, which type- and
/// borrow-checks it without generating code, so nothing is made to run. For the build check only
/// (`runsExamples` is false): a docstring's values are not spelled as Rust (owned `String`s, `Vec`s, integer
/// widths), so `allowRunningCode` runs nothing for Rust. Warnings (a function no one calls in a library,
/// an unused variable) are not failures; errors come one per line (`--error-format=short`), as the repair
/// prompt quotes them.
struct RustBuildHarness: ExampleHarness {
    var tools: [[String]] { [["rustc"]] }
    var runsExamples: Bool { false }

    func program(code: String, examples: [CodeExample], tools: [String]) -> ExampleProgram {
        ExampleProgram(files: ["candidate.rs": code],
                       build: [[tools[0], "--edition", "2021", "--crate-type", "lib", "--emit=metadata", "-o", "candidate.rmeta",
                                "--error-format=short", "-A", "warnings", "candidate.rs"]],
                       run: [])
    }
}

/// Swift: the candidate type-checked alone as a library file (`swiftc -parse-as-library -typecheck`): no
/// object file, nothing to run. For the build check only (`runsExamples` is false), as Rust's. Foundation is
/// imported first, as the files the code goes into nearly always do (`components(separatedBy:)`, `sqrt`): a
/// candidate that leaves the import out is not wrong for it. That costs about 1.5 s of CPU a candidate (the
/// module is loaded), against 0.2 s without it; a second `import Foundation` in the candidate is harmless.
/// Calls at the top level (`print(size([1, 2]))` after the function, as answers often show it used) are left
/// out, as another language's demo `main` is (`LocalBuildChecker.withoutEntryPoint`): a library file refuses
/// them, and they are not the function.
struct SwiftBuildHarness: ExampleHarness {
    var tools: [[String]] { [["swiftc"]] }
    var runsExamples: Bool { false }

    func program(code: String, examples: [CodeExample], tools: [String]) -> ExampleProgram {
        ExampleProgram(files: ["candidate.swift": "import Foundation\n" + Self.withoutTopLevelCalls(code)],
                       build: [[tools[0], "-parse-as-library", "-typecheck", "-suppress-warnings", "candidate.swift"]],
                       run: [])
    }

    /// `code` without its top-level statements other than declarations (`let`, `var`, `typealias` and their modifiers).
    static func withoutTopLevelCalls(_ code: String) -> String {
        guard let swift = CodeLanguage.named("swift") else { return code }
        let items = TopLevelItem.split(code, language: swift)
        let declarations = ["let ", "var ", "typealias ", "private ", "fileprivate ", "public ", "internal ", "static ", "@"]
        let kept = items.filter { item in
            guard item.kind == .statement, let first = item.codeLines.first?.trimmingCharacters(in: .whitespaces) else { return true }
            return declarations.contains { first.hasPrefix($0) }
        }
        guard kept.count < items.count else { return code }
        return kept.map(\.text).joined(separator: "\n\n") + "\n"
    }
}
