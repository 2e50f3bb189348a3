import Foundation

/// Writes a harness's program into a fresh temporary directory and builds it there, retrying once or twice
/// with the harness's correction (Go: an unused import removed, a forgotten standard one added). Shared by
/// the example runner, which then runs the program, and the build check, which only builds.
enum ProgramBuild {
    /// How a build ended.
    enum Outcome {
        /// Every command succeeded; the program as finally built.
        case built(ExampleProgram)
        /// A command failed: its output, and the program it failed on.
        case failed(output: String, program: ExampleProgram)
        /// A command ran out of time.
        case timedOut
        /// The directory or a file could not be written.
        case unavailable
    }

    /// Calls `body` with a new temporary directory, deleted afterwards; nil when it cannot be made.
    static func inTemporaryDirectory<T>(_ body: (URL) -> T) -> T? {
        let fileManager = FileManager.default
        let directory = fileManager.temporaryDirectory.appendingPathComponent("infill-examples-\(UUID().uuidString)")
        guard (try? fileManager.createDirectory(at: directory, withIntermediateDirectories: false)) != nil else { return nil }
        defer { try? fileManager.removeItem(at: directory) }
        return body(directory)
    }

    /// Writes `program` into `directory` and runs `commands(program)` in order, each within `timeoutSeconds`.
    static func run(_ program: ExampleProgram, harness: ExampleHarness, in directory: URL, timeoutSeconds: Double,
                    commands: (ExampleProgram) -> [[String]]) -> Outcome {
        var program = program
        for attempt in 0..<3 {
            for (name, text) in program.files {
                guard (try? Data(text.utf8).write(to: directory.appendingPathComponent(name))) != nil else { return .unavailable }
            }
            var failure: String?
            for command in commands(program) {
                let outcome = TimedProcess(arguments: command, directory: directory.path, environment: program.environment,
                                           timeoutSeconds: timeoutSeconds).run()
                if outcome.timedOut { return .timedOut }
                if !outcome.succeeded { failure = outcome.output; break }
            }
            guard let failure else { return .built(program) }
            if attempt < 2, let corrected = harness.retry(program, buildOutput: failure) {
                program = corrected
                continue
            }
            return .failed(output: failure, program: program)
        }
        return .unavailable
    }

    /// The compiler's failure as the model should read it (`ExampleReport.buildMessages`).
    static func failureText(_ output: String, program: ExampleProgram, heading: String = "It does not compile:") -> String {
        ([heading] + ExampleReport.buildMessages(output, files: program.files)).joined(separator: "\n")
    }
}

/// For the harnesses of strictly typed languages (Rust, Swift), which write one line per example: a build that
/// fails on an example's call (its arguments spelled in a way the candidate's signature does not take) would
/// lose every example, so the lines the compiler's errors point at are replaced by a line reporting that the
/// call does not compile, and the build retried (`ExampleHarness.retry`). An error anywhere else is the candidate's.
enum UncompilableChecks {
    /// The value reported for such an example.
    static let report = "(this call does not compile against the function's signature)"

    /// `program` with each erring line of `file` replaced by `replacement(line)`; nil when an error is located
    /// elsewhere (`replacement` returns nil: not a check line) or no error is located at all.
    static func replacing(in program: ExampleProgram, file: String, buildOutput: String, replacement: (String) -> String?) -> ExampleProgram? {
        guard let text = program.files[file] else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let erring = Set(buildOutput.split(whereSeparator: \.isNewline).compactMap { line -> Int? in
            guard line.contains(": error"), let located = ExampleReport.located(String(line)), located.file == file else { return nil }
            return located.line - 1
        })
        guard !erring.isEmpty else { return nil }
        for index in erring {
            guard lines.indices.contains(index), let replaced = replacement(lines[index]) else { return nil }
            lines[index] = replaced
        }
        var corrected = program
        corrected.files[file] = lines.joined(separator: "\n")
        return corrected
    }
}
