import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a candidate program's test run ended.
public enum EvalTestOutcome: String, Sendable, Codable, Equatable {
    /// The program exited with status 0: every assertion held.
    case passed
    /// The program exited with another status or was killed by a signal (syntax error, assertion, exception).
    case failed
    /// The program ran longer than the timeout and was killed.
    case timedOut
}

/// Runs untrusted Python programs (model output plus a dataset's tests), each in a fresh `python3` process
/// in a fresh temporary directory that is deleted afterwards, with a timeout.
///
/// The child makes itself the leader of a new process group before running the program, so a timeout kills
/// the program and everything it started. Its output is discarded. The program is run with `-I` (isolated
/// mode: no user site-packages, no PYTHON* variables) and an address-space limit where the system allows it.
public struct PythonTestRunner: Sendable {
    /// The interpreter, looked up on PATH unless it contains a slash.
    public let python: String
    /// Seconds a program may run before it counts as timed out.
    public let timeoutSeconds: Double
    /// Address-space limit for the child, in bytes (best effort; ignored where unsupported).
    public let memoryLimitBytes: Int

    /// - Parameters:
    ///   - python: the interpreter, `python3` by default.
    ///   - timeoutSeconds: 10 s by default.
    ///   - memoryLimitBytes: 2 GiB by default.
    public init(python: String = "python3", timeoutSeconds: Double = 10, memoryLimitBytes: Int = 2 << 30) {
        self.python = python
        self.timeoutSeconds = timeoutSeconds
        self.memoryLimitBytes = memoryLimitBytes
    }

    /// Runs `task.program(completion:)` and reports whether the tests passed. Blocks until the program
    /// exits or is killed.
    /// - Throws: `EvaluationError` when the interpreter cannot be started or the directory not prepared.
    public func run(_ task: EvalTask, completion: String) throws -> EvalTestOutcome {
        try run(program: task.program(completion: completion))
    }

    /// Runs the Python source `program` and reports how it ended. Blocks until it exits or is killed.
    /// - Throws: `EvaluationError` when the interpreter cannot be started or the directory not prepared.
    public func run(program: String) throws -> EvalTestOutcome {
        let fileManager = FileManager.default
        let directory = fileManager.temporaryDirectory.appendingPathComponent("infill-eval-\(UUID().uuidString)")
        do {
            try fileManager.createDirectory(at: directory, withIntermediateDirectories: false)
            try Data(program.utf8).write(to: directory.appendingPathComponent("candidate.py"))
        } catch {
            try? fileManager.removeItem(at: directory)
            throw EvaluationError.cannotPrepareTestDirectory(reason: error.localizedDescription)
        }
        defer { try? fileManager.removeItem(at: directory) }

        let process = Process()
        if python.contains("/") {
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = launcherArguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [python] + launcherArguments
        }
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            throw EvaluationError.cannotRunPython(executable: python, reason: error.localizedDescription)
        }
        let pid = process.processIdentifier
        let timedOut = exited.wait(timeout: .now() + timeoutSeconds) == .timedOut
        if timedOut {
            kill(-pid, SIGKILL)   // the group the child leads (see `launcher`)
            kill(pid, SIGKILL)    // in case it had not got that far
            exited.wait()
        } else {
            kill(-pid, SIGKILL)   // anything the program left running in the background
        }
        if timedOut { return .timedOut }
        return process.terminationReason == .exit && process.terminationStatus == 0 ? .passed : .failed
    }

    /// Checks once that the interpreter starts (a missing `python3` would otherwise make every task fail).
    /// - Throws: `EvaluationError.cannotRunPython`.
    public func checkInterpreter() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python.contains("/") ? python : "/usr/bin/env")
        process.arguments = (python.contains("/") ? [] : [python]) + ["-I", "-c", "import sys; sys.exit(0)"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw EvaluationError.cannotRunPython(executable: python, reason: error.localizedDescription)
        }
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw EvaluationError.cannotRunPython(
                executable: python, reason: "it exited with status \(process.terminationStatus) (is it installed?)")
        }
    }

    /// Arguments that make the interpreter lead a new process group and limit its memory, then run
    /// `candidate.py` as `__main__` in the same process (one interpreter start per test).
    private var launcherArguments: [String] {
        let launcher = """
            import os, sys
            os.setpgrp()
            try:
                import resource
                resource.setrlimit(resource.RLIMIT_AS, (\(memoryLimitBytes), \(memoryLimitBytes)))
            except Exception:
                pass
            sys.argv = ['candidate.py']
            with open('candidate.py', encoding='utf-8') as source:
                code = compile(source.read(), 'candidate.py', 'exec')
            exec(code, {'__name__': '__main__', '__builtins__': __builtins__})
            """
        return ["-I", "-B", "-c", launcher]
    }
}
