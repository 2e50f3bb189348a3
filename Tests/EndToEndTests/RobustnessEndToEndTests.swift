import Foundation
import TestSupport
import XCTest

/// Issue 20 against the real binary over real pipes: a careless client (stderr never read or closed,
/// stdout closed) and model paths that block in open(2). No model is needed.
final class RobustnessEndToEndTests: XCTestCase {
    private let noModel: [String: Any] = ["model": "/nonexistent/model.gguf"]

    /// Many debug log lines (a long unknown method each), far more than a pipe holds.
    private func flood(_ client: LSPClient, lines: Int = 4000) throws {
        let method = "x/" + String(repeating: "m", count: 400)
        for _ in 0..<lines { try client.notify(method, ["n": 1]) }
    }

    /// (5) A client that never reads stderr: logging drops lines instead of blocking the daemon.
    func testAClientThatNeverReadsStderrDoesNotHangTheServer() throws {
        let client = try LSPClient(arguments: ["serve", "--log-level", "debug"], stderr: .neverRead)
        _ = try client.initialize(options: noModel)
        try flood(client)
        let shutdown = try client.request("shutdown", nil, timeout: 30)
        XCTAssertNil(shutdown["error"], "answered after ~1.6 MB of log lines nobody read: \(shutdown)")
        try client.notify("exit")
        XCTAssertEqual(client.waitForExit(), 0)
    }

    /// (5) A client that closed stderr: log lines are lost, the daemon lives (no SIGPIPE).
    func testAClientThatClosedStderrDoesNotKillTheServer() throws {
        let client = try LSPClient(arguments: ["serve", "--log-level", "debug"], stderr: .closed)
        _ = try client.initialize(options: noModel)
        try flood(client, lines: 50)
        let shutdown = try client.request("shutdown", nil, timeout: 30)
        XCTAssertNil(shutdown["error"], "\(shutdown)")
        try client.notify("exit")
        XCTAssertEqual(client.waitForExit(), 0)
        XCTAssertEqual(client.process.terminationReason, .exit)
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
    /// has a thread of its own, so the switch to another model is reported at once.
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
        let shown = try client.notification("window/showMessage", timeout: 30)
        let message = ((shown["params"] as? [String: Any])?["message"] as? String) ?? ""
        XCTAssertTrue(message.contains("after-the-fifos"), "the last switch was reported while 8 loads block: \(message)")
        let shutdown = try client.request("shutdown", nil, timeout: 30)
        XCTAssertNil(shutdown["error"])
        try client.notify("exit")
        XCTAssertEqual(client.waitForExit(), 0, "exits although load threads are still blocked")
    }

    /// (1) One CPU: with Swift's pool held to one thread, the server still reads, loads and answers.
    func testTheServerServesWhenSwiftsPoolHasOneThread() throws {
        let client = try LSPClient(environment: ["LIBDISPATCH_COOPERATIVE_POOL_STRICT": "1", "SWIFT_DISPATCH_COOPERATIVE_POOL_WIDTH": "1"])
        _ = try client.initialize(options: noModel)
        let shown = try client.notification("window/showMessage", timeout: 30)
        XCTAssertTrue((((shown["params"] as? [String: Any])?["message"] as? String) ?? "").contains("cannot load model"), "\(shown)")
        try client.notify("exit")
        XCTAssertEqual(client.waitForExit(), 1)
    }
}
