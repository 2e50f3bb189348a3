import Foundation
import Languages
#if canImport(Glibc)
import Glibc
#endif

/// An example from a comment or docstring: an expression and the value it must print.
public struct CodeExample: Sendable, Equatable {
    /// Source of the call, e.g. `add(2, 3)`.
    public var expression: String
    /// What it must evaluate to, as the docstring writes it (e.g. `5`); empty for an `assert` statement.
    public var expected: String

    public init(expression: String, expected: String) {
        self.expression = expression
        self.expected = expected
    }
}

/// Finds the runnable examples of a comment or docstring.
public enum ExampleExtraction {
    /// Python doctest examples (`>>> f(2)` followed by the expected output line) and `assert` lines; only
    /// Python has them in a form that can be run as they are. Other languages give none (yet).
    public static func examples(in text: String, language: CodeLanguage) -> [CodeExample] {
        guard language.id == "python" else { return [] }
        var examples: [CodeExample] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if line.hasPrefix(">>> ") {
                let expression = String(line.dropFirst(4))
                let next = i + 1 < lines.count ? lines[i + 1] : ""
                if !next.isEmpty && !next.hasPrefix(">>>") && !next.hasPrefix("\"\"\"") {
                    examples.append(CodeExample(expression: expression, expected: next))
                    i += 1
                }
            } else if line.hasPrefix("# assert ") || line.hasPrefix("assert "), let keyword = line.range(of: "assert ") {
                examples.append(CodeExample(expression: String(line[keyword.upperBound...]), expected: ""))
            }
            i += 1
        }
        return examples
    }
}

/// Runs a candidate against examples. Only called when the user turned on `allowRunningCode`.
public protocol ExampleRunner: Sendable {
    /// Whether `code` satisfies every example (false also when it cannot be run in time).
    func passes(code: String, examples: [CodeExample]) -> Bool
}

/// Runs Python candidates with `python3 -I` in a fresh temporary directory (deleted afterwards), killed
/// after `timeoutSeconds`: each example `>>> e` / `v` is checked as `e == v` (or `repr(e) == 'v'`).
public struct PythonExampleRunner: ExampleRunner {
    public var python: String
    public var timeoutSeconds: Double

    public init(python: String = "/usr/bin/env", timeoutSeconds: Double = 5) {
        self.python = python
        self.timeoutSeconds = timeoutSeconds
    }

    /// The program that checks `examples` against `code` (exit status 0 when all hold).
    public static func program(code: String, examples: [CodeExample]) -> String {
        var text = code + "\n\n"
        text += "def __infill_check():\n"
        for example in examples {
            if example.expected.isEmpty {
                text += "    assert \(example.expression)\n"
            } else {
                let expected = example.expected
                text += "    __v = \(example.expression)\n"
                text += "    try:\n        __e = eval(\(pythonLiteral(expected)))\n    except Exception:\n        __e = None\n"
                text += "    assert __v == __e or repr(__v) == \(pythonLiteral(expected)) or str(__v) == \(pythonLiteral(expected))\n"
            }
        }
        text += "__infill_check()\n"
        return text
    }

    static func pythonLiteral(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    public func passes(code: String, examples: [CodeExample]) -> Bool {
        let fileManager = FileManager.default
        let directory = fileManager.temporaryDirectory.appendingPathComponent("infill-examples-\(UUID().uuidString)")
        guard (try? fileManager.createDirectory(at: directory, withIntermediateDirectories: false)) != nil else { return false }
        defer { try? fileManager.removeItem(at: directory) }
        let file = directory.appendingPathComponent("candidate.py")
        guard (try? Data(Self.program(code: code, examples: examples).utf8).write(to: file)) != nil else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = (python.hasSuffix("env") ? ["python3"] : []) + ["-I", "-B", file.path]
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        guard (try? process.run()) != nil else { return false }
        if done.wait(timeout: .now() + timeoutSeconds) == .timedOut {
            process.terminate()
            kill(process.processIdentifier, SIGKILL)
            _ = done.wait(timeout: .now() + 1)
            return false
        }
        return process.terminationStatus == 0
    }
}
