import Evaluation
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

final class PythonTestRunnerTests: XCTestCase {
    func testCanonicalSolutionsPassAndWrongCompletionsFail() throws {
        let runner = PythonTestRunner()
        for kind in EvalDataset.HumanEvalInfilling.allCases {
            let dataset = try EvalDataset.load(contentsOf: ShippedDatasets.path("human-eval-infilling/" + kind.fileName))
            let tasks = try EvalSubset(every: dataset.tasks.count / 5, limit: 5).apply(to: dataset.tasks)
            XCTAssertEqual(tasks.count, 5)
            for task in tasks {
                XCTAssertEqual(try runner.run(task, completion: task.canonicalSolution), .passed, task.taskID)
            }
            // Raising where the hole is must fail the tests (indentation kept so the program still parses).
            let task = tasks[0]
            let indentation = String(task.canonicalSolution.prefix { $0 == " " })
            XCTAssertEqual(try runner.run(task, completion: indentation + "raise ValueError('wrong')\n"), .failed)
        }
    }

    func testExitStatusDecidesPassOrFail() throws {
        let runner = PythonTestRunner()
        XCTAssertEqual(try runner.run(program: "x = 1\nassert x == 1\n"), .passed)
        XCTAssertEqual(try runner.run(program: "assert 1 == 2\n"), .failed)
        XCTAssertEqual(try runner.run(program: "def f(:\n"), .failed, "a syntax error fails")
        XCTAssertEqual(try runner.run(program: "import os\nos.kill(os.getpid(), 9)\n"), .failed, "killed by a signal")
        XCTAssertEqual(try runner.run(program: "print('x' * 1000000)\nimport sys\nsys.exit(3)\n"), .failed)
    }

    func testInfiniteLoopTimesOutAndItsChildrenAreKilled() throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("eval-child-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: marker) }
        let program = """
            import subprocess
            child = subprocess.Popen(['sleep', '30'])
            open(\(pythonLiteral(marker)), 'w').write(str(child.pid))
            while True:
                pass
            """
        let runner = PythonTestRunner(timeoutSeconds: 1)
        let start = Date()
        XCTAssertEqual(try runner.run(program: program), .timedOut)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        let childPID = try XCTUnwrap(pid_t(String(contentsOfFile: marker, encoding: .utf8)))
        var alive = true
        for _ in 0..<50 where alive {             // the orphan is reaped by init shortly after SIGKILL
            alive = kill(childPID, 0) == 0 && !isZombie(childPID)
            if alive { usleep(20_000) }
        }
        XCTAssertFalse(alive, "the program's child process survived the timeout")
    }

    /// When the eval dies in the middle of a test (killed, or Ctrl-C), the test runs in its own process group
    /// and would run on; it must notice that its parent is gone and end itself.
    func testAProgramWhoseParentDiesEndsItself() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eval-orphan-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: directory) }
        let heartbeat = directory.appendingPathComponent("heartbeat").path
        let program = """
            import os, time
            beats = 0
            while True:
                beats += 1
                with open(\(pythonLiteral(heartbeat)), 'w') as f:
                    f.write(str(os.getpid()) + ' ' + str(beats))
                time.sleep(0.02)
            """
        try Data(program.utf8).write(to: directory.appendingPathComponent("candidate.py"))
        // A shell starts the program in the background, naming itself as the parent ($$ in place of the last
        // argument), and exits soon after: the program's parent is gone.
        let command = PythonTestRunner().commandLine(directory: directory.path, parent: 0).dropLast()
        try runShell(["-c", "\"$@\" $$ & sleep 2", "sh"] + command)

        func beat() -> (pid: pid_t, count: Int)? {
            guard let text = try? String(contentsOfFile: heartbeat, encoding: .utf8) else { return nil }
            let parts = text.split(separator: " ")
            guard parts.count == 2, let pid = pid_t(parts[0]), let count = Int(parts[1]) else { return nil }
            return (pid, count)
        }
        var first: (pid: pid_t, count: Int)?
        for _ in 0..<250 where first == nil {     // up to 5 s for the interpreter to start
            first = beat()
            if first == nil { usleep(20_000) }
        }
        let started = try XCTUnwrap(first, "the program never ran")
        defer { kill(started.pid, SIGKILL) }      // if the watch failed, do not leave it running
        usleep(1_500_000)                         // the watch checks four times a second
        let afterWatch = beat()?.count ?? 0
        usleep(500_000)
        let later = beat()?.count ?? 0
        XCTAssertEqual(later, afterWatch, "the orphaned program kept running (\(afterWatch) then \(later) beats)")
    }

    /// The eval tests one task while generating the next, so runs overlap; each must still be timed out
    /// and reaped on its own (Foundation's Process once lost track of a child here).
    func testConcurrentRunsEachEndWithTheirOwnOutcome() {
        let runner = PythonTestRunner(timeoutSeconds: 1)
        let programs = ["while True:\n    pass\n", "assert 1 + 1 == 2\n", "assert 1 + 1 == 3\n",
                        "while True:\n    pass\n", "import sys\nsys.exit(0)\n", "raise SystemExit(4)\n"]
        let expected: [EvalTestOutcome] = [.timedOut, .passed, .failed, .timedOut, .passed, .failed]
        let outcomes = OutcomeBox(count: programs.count)
        let start = Date()
        DispatchQueue.concurrentPerform(iterations: programs.count) { i in
            outcomes.set(i, (try? runner.run(program: programs[i])))
        }
        XCTAssertEqual(outcomes.values, expected)
        XCTAssertLessThan(Date().timeIntervalSince(start), 8, "a timed-out run was not killed at its timeout")
    }

    func testEachRunHasAFreshDirectoryThatIsDeleted() throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("eval-cwd-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: marker) }
        let program = """
            import os
            assert os.listdir('.') == ['candidate.py'], os.listdir('.')
            open(\(pythonLiteral(marker)), 'w').write(os.getcwd())
            open('scratch.txt', 'w').write('left behind')
            """
        XCTAssertEqual(try PythonTestRunner().run(program: program), .passed)
        let directory = try String(contentsOfFile: marker, encoding: .utf8)
        XCTAssertTrue(directory.contains("infill-eval-"), directory)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory), "the temporary directory was not deleted")
    }

    func testMissingInterpreterIsReported() {
        let runner = PythonTestRunner(python: "/nonexistent/python3")
        XCTAssertThrowsError(try runner.run(program: "pass\n")) { error in
            guard case .cannotRunPython? = error as? EvaluationError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try PythonTestRunner(python: "no-such-python-interpreter").checkInterpreter())
    }

    private func pythonLiteral(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    /// Runs /bin/sh with `arguments` and waits for it (posix_spawn and waitpid, not Foundation's Process:
    /// its wait does not return while a background child of the shell still runs).
    private func runShell(_ arguments: [String]) throws {
        var pid: pid_t = 0
        let argv = (["/bin/sh"] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let result = argv.withUnsafeBufferPointer { posix_spawn(&pid, "/bin/sh", nil, nil, $0.baseAddress!, environ) }
        guard result == 0 else { throw XCTSkip("cannot start /bin/sh: \(String(cString: strerror(result)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    private func isZombie(_ pid: pid_t) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        return status.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") ?? false
    }
}

/// Results written from several threads.
private final class OutcomeBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [EvalTestOutcome?]
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: EvalTestOutcome?) { lock.withLock { storage[i] = value } }
    var values: [EvalTestOutcome?] { lock.withLock { storage } }
}
