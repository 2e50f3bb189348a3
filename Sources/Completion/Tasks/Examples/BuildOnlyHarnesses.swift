import Foundation

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
struct SwiftBuildHarness: ExampleHarness {
    var tools: [[String]] { [["swiftc"]] }
    var runsExamples: Bool { false }

    func program(code: String, examples: [CodeExample], tools: [String]) -> ExampleProgram {
        ExampleProgram(files: ["candidate.swift": "import Foundation\n" + code],
                       build: [[tools[0], "-parse-as-library", "-typecheck", "-suppress-warnings", "candidate.swift"]],
                       run: [])
    }
}
