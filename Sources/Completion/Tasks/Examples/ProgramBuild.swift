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
