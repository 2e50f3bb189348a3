import Foundation

/// Swift: the candidate type-checked alone as a library file (`swiftc -parse-as-library -typecheck`): no
/// object file, nothing to run. For the build check only (`runsExamples` is false): no example harness speaks Swift yet. Foundation is
/// imported first, as the files the code goes into nearly always do (`components(separatedBy:)`, `sqrt`): a
/// candidate that leaves the import out is not wrong for it. That costs about 1.5 s of CPU a candidate (the
/// module is loaded), against 0.2 s without it; a second `import Foundation` in the candidate is harmless.
/// Calls at the top level (`print(size([1, 2]))` after the function, as answers often show it used) are left
/// out before, as another language's demo `main` is (`LocalBuildChecker.withoutDemoCode`).
struct SwiftBuildHarness: ExampleHarness {
    var tools: [[String]] { [["swiftc"]] }
    var runsExamples: Bool { false }

    func program(code: String, examples: [CodeExample], tools: [String]) -> ExampleProgram {
        ExampleProgram(files: ["candidate.swift": "import Foundation\n" + code],
                       build: [[tools[0], "-parse-as-library", "-typecheck", "-suppress-warnings", "candidate.swift"]],
                       run: [])
    }
}
