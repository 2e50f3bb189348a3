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
/// the program and everything it started. Because the group is its own, a Ctrl-C in the terminal or a kill
/// of the eval does not reach it; so the child also watches its parent and kills its group when the parent
/// is gone (an eval killed in the middle of an endless-loop test leaves nothing running). Its output is discarded. The program is run with `-I` (isolated
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

        let pid = try spawn(commandLine(directory: directory.path, parent: getpid()))
        // Our own wait loop rather than Foundation's Process: its termination monitoring, with several
        // children started from different threads (tests overlap the next generation), once lost a
        // child, which then ran unkilled for minutes. waitpid on our own pid cannot miss.
        let deadline = DispatchTime.now() + timeoutSeconds
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            if reaped < 0 && errno != EINTR { return .failed }
            if DispatchTime.now() >= deadline {
                kill(-pid, SIGKILL)   // the group the child leads (see `launcherArguments`)
                kill(pid, SIGKILL)    // in case it had not got that far
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                return .timedOut
            }
            usleep(2_000)
        }
        kill(-pid, SIGKILL)           // anything the program left running in the background
        return Self.exitedCleanly(status) ? .passed : .failed
    }

    /// Starts `arguments[0]` (looked up on PATH unless it has a slash) with the rest as arguments.
    private func spawn(_ arguments: [String]) throws -> pid_t {
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let result = argv.withUnsafeBufferPointer { buffer in
            python.contains("/")
                ? posix_spawn(&pid, arguments[0], nil, nil, buffer.baseAddress!, environ)
                : posix_spawnp(&pid, arguments[0], nil, nil, buffer.baseAddress!, environ)
        }
        guard result == 0 else {
            throw EvaluationError.cannotRunPython(executable: python, reason: String(cString: strerror(result)))
        }
        return pid
    }

    /// Exit status 0 (not killed by a signal), from a `waitpid` status word.
    static func exitedCleanly(_ status: Int32) -> Bool {
        (status & 0x7F) == 0 && ((status >> 8) & 0xFF) == 0
    }

    /// Checks once that the interpreter starts (a missing `python3` would otherwise make every task fail).
    /// - Throws: `EvaluationError.cannotRunPython`.
    public func checkInterpreter() throws {
        let pid = try spawn([python, "-I", "-c", "import sys; sys.exit(0)"])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard Self.exitedCleanly(status) else {
            throw EvaluationError.cannotRunPython(
                executable: python, reason: "it exited with status \((status >> 8) & 0xFF) (is it installed?)")
        }
    }

    /// The command line (interpreter first) that makes the interpreter lead a new process group, send its
    /// standard streams to /dev/null, limit its memory, watch its parent, move into `directory`, then run
    /// `candidate.py` there as `__main__` in the same process (one interpreter start per test).
    ///
    /// The watch is a daemon thread that checks four times a second whether `parent` (the last argument)
    /// still is the interpreter's parent; when it is not (the eval exited or was killed, even by SIGKILL), it
    /// kills the whole group. The pid is passed in rather than read at start, when the parent may already
    /// be gone. Python switches threads every few milliseconds even inside `while True: pass`,
    /// so an endless loop does not starve it.
    public func commandLine(directory: String, parent: pid_t) -> [String] {
        let launcher = """
            import os, sys, threading, time
            os.setpgrp()
            null = os.open(os.devnull, os.O_RDWR)
            for stream in (0, 1, 2):
                os.dup2(null, stream)
            try:
                import resource
                resource.setrlimit(resource.RLIMIT_AS, (\(memoryLimitBytes), \(memoryLimitBytes)))
            except Exception:
                pass
            def _watch_parent(parent=int(sys.argv[2])):
                while os.getppid() == parent:
                    time.sleep(0.25)
                os.killpg(0, 9)
            threading.Thread(target=_watch_parent, daemon=True).start()
            os.chdir(sys.argv[1])
            sys.argv = ['candidate.py']
            with open('candidate.py', encoding='utf-8') as source:
                code = compile(source.read(), 'candidate.py', 'exec')
            exec(code, {'__name__': '__main__', '__builtins__': __builtins__})
            """
        return [python, "-I", "-B", "-c", launcher, directory, String(parent)]
    }
}
