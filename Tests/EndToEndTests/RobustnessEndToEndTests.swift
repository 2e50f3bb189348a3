import Foundation
import TestSupport
import XCTest

/// Issue 20 against the real binary over real pipes: a careless client (stderr never read or closed,
/// stdout closed) and model paths that block in open(2). No model is needed.
final class RobustnessEndToEndTests: XCTestCase {
    private let noModel: [String: Any] = ["model": "/nonexistent/model.gguf"]

    /// Many debug log lines (a long unknown method each), far more than a pipe holds.
    private static func flood(_ client: LSPClient, lines: Int = 4000) throws {
        let method = "x/" + String(repeating: "m", count: 400)
        for _ in 0..<lines { try client.notify(method, ["n": 1]) }
    }

    /// (5) A client that never reads stderr: logging drops lines instead of blocking the daemon.
    func testAClientThatNeverReadsStderrDoesNotHangTheServer() throws {
        let client = try LSPClient(arguments: ["serve", "--log-level", "debug"], stderr: .neverRead)
        _ = try client.initialize(options: noModel)
        // Written from a thread of its own: a server that stops reading must fail the test, not block it.
        let body = Array(#"{"jsonrpc":"2.0","id":7777,"method":"shutdown"}"#.utf8)
        Thread { [client] in
            try? Self.flood(client)
            client.sendRaw(Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
        }.start()
        let shutdown = try client.response(to: 7777, timeout: 30)
        XCTAssertNil(shutdown["error"], "answered after ~1.6 MB of log lines nobody read: \(shutdown)")
        try client.notify("exit")
        XCTAssertEqual(client.waitForExit(), 0)
    }

    /// (5) A client that closed stderr: log lines are lost, the daemon lives (no SIGPIPE).
    func testAClientThatClosedStderrDoesNotKillTheServer() throws {
        let client = try LSPClient(arguments: ["serve", "--log-level", "debug"], stderr: .closed)
        _ = try client.initialize(options: noModel)
        try Self.flood(client, lines: 50)
        let shutdown = try client.request("shutdown", nil, timeout: 30)
        XCTAssertNil(shutdown["error"], "\(shutdown)")
        try client.notify("exit")
        XCTAssertEqual(client.waitForExit(), 0)
        XCTAssertEqual(client.process.terminationReason, .exit)
    }

    /// (5) A command run with stderr closed (`2>&-`) still exits with its own status: its message is lost, not its
    /// life (Foundation's `FileHandle.write` traps on a failed write; it died of an illegal instruction, status 132).
    func testACommandWithStderrClosedExitsWithItsOwnStatus() throws {
        let cases: [([String], Int32)] = [
            (["translate", "--to", "klingon", "x.py"], 64),   // a usage error: an unknown language
            (["translate", "--to", "go", "/nonexistent/snippet.py"], 1),   // an error: no such file
        ]
        for (arguments, expected) in cases {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "exec \"$0\" \"$@\" 2>&-", LSPClient.binaryPath] + arguments
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            XCTAssertEqual(process.terminationReason, .exit, "not killed by a signal: \(arguments)")
            XCTAssertEqual(process.terminationStatus, expected, "\(arguments)")
        }
    }

    /// (5) A client that closed stdout: the server's next answer fails with EPIPE and it takes the "client
    /// gone" path (a log line, exit code 1) instead of dying of SIGPIPE.
    func testAClientThatClosedStdoutTakesThePeerGonePath() throws {
        let client = try LSPClient()
        _ = try client.initialize(options: noModel)
        try client.closeServerOutput()
        _ = try client.sendRequest("shutdown")
        XCTAssertEqual(client.waitForExit(), 1, "exit code 1: ended without the shutdown/exit handshake. Log:\n\(client.serverLog)")
        XCTAssertEqual(client.process.terminationReason, .exit, "not killed by a signal")
        XCTAssertTrue(client.serverLog.contains("client is gone"), client.serverLog)
    }

    /// (1) Model paths that block in open(2) (FIFOs nobody writes) do not hold up a later switch: each load
    /// has a thread of its own, so the switch to another model is reported at once. (The GGUF reader now also
    /// refuses a path that is not a regular file before opening it; `ThreadingTests` holds the threads on
    /// their own with loads that really block.)
    func testModelPathsThatBlockDoNotHoldUpALaterSwitch() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("infill-fifo-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var fifos: [String] = []
        for i in 0..<8 {
            let path = directory.appendingPathComponent("model-\(i).gguf").path
            XCTAssertEqual(mkfifo(path, 0o600), 0)
            fifos.append(path)
        }
        let client = try LSPClient()
        _ = try client.initialize(options: ["model": fifos[0]])
        for fifo in fifos.dropFirst() { try client.notify("workspace/didChangeConfiguration", ["settings": ["model": fifo]]) }
        try client.notify("workspace/didChangeConfiguration", ["settings": ["model": "/nonexistent/after-the-fifos.gguf"]])
        // Loads a later one superseded report nothing; a FIFO refused at once (not a regular file) may report
        // before the next switch arrives. The last switch must be reported, within the deadline.
        var messages: [String] = []
        let deadline = Date().addingTimeInterval(30)
        while !messages.contains(where: { $0.contains("after-the-fifos") }) && Date() < deadline {
            let shown = try client.notifications("window/showMessage", count: messages.count + 1, timeout: max(0.1, deadline.timeIntervalSinceNow))
            messages = shown.map { (($0["params"] as? [String: Any])?["message"] as? String) ?? "" }
        }
        XCTAssertTrue(messages.contains(where: { $0.contains("after-the-fifos") }), "the last switch was reported while loads of FIFOs were pending: \(messages)")
        let shutdown = try client.request("shutdown", nil, timeout: 30)
        XCTAssertNil(shutdown["error"])
        try client.notify("exit")
        XCTAssertEqual(client.waitForExit(), 0, "exits although load threads are still blocked")
    }
}
