@testable import Completion
import Foundation
import XCTest

/// What `python3 -I -c program` prints (standard output and error), for tests that check a mended Python
/// candidate by running it: Python itself is the independent judge. Fails the test when python3 is missing.
func runPython(_ program: String) throws -> String {
    let python = try XCTUnwrap(TimedProcess.findTool(["python3"]), "python3 is needed")
    return TimedProcess(arguments: [python, "-I", "-c", program], directory: NSTemporaryDirectory(), timeoutSeconds: 30).run().output
}

/// Skips the test when node is not installed. A test calls it first: `runNode`'s skip, thrown inside an assertion's
/// expression (`XCTAssertEqual(try runNode(...), ...)`), is recorded as a failure, not a skip.
@discardableResult
func requireNode() throws -> String {
    guard let node = TimedProcess.findTool(["node", "nodejs"]) else { throw XCTSkip("node is not installed") }
    return node
}

/// Skips the test when go is not installed (called first, as `requireNode`).
@discardableResult
func requireGo() throws -> String {
    guard let go = TimedProcess.findTool(["go"]) else { throw XCTSkip("go is not installed") }
    return go
}

/// What `node -e program` prints, for tests that run mended JavaScript; skips the test when node is not installed.
func runNode(_ program: String) throws -> String {
    let node = try requireNode()
    return TimedProcess(arguments: [node, "-e", program], directory: NSTemporaryDirectory(), timeoutSeconds: 30).run().output
}

/// What `go run main.go` prints for `program` (a `package main` file, in a directory of its own), for tests that
/// build mended Go; skips the test when go is not installed.
func runGo(_ program: String) throws -> String {
    let go = try requireGo()
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("infill-go-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try Data(program.utf8).write(to: directory.appendingPathComponent("main.go"))
    return TimedProcess(arguments: [go, "run", "main.go"], directory: directory.path, timeoutSeconds: 120).run().output
}
