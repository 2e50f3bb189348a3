import Foundation
import InfillServer
import TestSupport
import XCTest

/// Issue 20 (1): the server's loop and every model load run on threads of their own, never on Swift's
/// cooperative pool, so a load that blocks (a FIFO, a slow disk) or a pool with one thread (one CPU) cannot
/// starve the server or a later load.
final class ThreadingTests: XCTestCase {
    func testTheLoopAndEachLoadHaveThreadsOfTheirOwn() throws {
        let backend = FakeBackend()
        backend.immediate = ["now"]
        let h = Harness(backend: backend, serving: true)
        _ = try h.peer.initialize()
        try h.open("file:///a.py", "x = \n")
        XCTAssertEqual(insertTexts(try h.peer.request("textDocument/inlineCompletion", inlineParams("file:///a.py", line: 0, character: 4, invoked: false))), ["now"])
        try h.peer.notify("workspace/didChangeConfiguration", ["settings": ["model": "other"]])
        let deadline = Date().addingTimeInterval(10)
        while backend.loads.count < 2 && Date() < deadline { usleep(2_000) }
        XCTAssertEqual(try h.finish(), 0)
        XCTAssertEqual(backend.immediateThreads, ["infill.server"], "messages are read and dispatched on the server's own thread")
        // The two loads run at the same time on their own threads, so they may be recorded in either order.
        XCTAssertEqual(backend.loadThreads.sorted(), ["infill.load-1", "infill.load-2"], "each load on a thread of its own")
    }

    /// More blocked loads than Swift's pool has threads, then a switch to a model that loads: completions
    /// are answered by the new model.
    func testBlockedLoadsDoNotHoldUpALaterSwitch() throws {
        let backend = FakeBackend(script: [(false, ["from the good model"])])
        let blocked = (0..<(2 * ProcessInfo.processInfo.activeProcessorCount + 2)).map { "fifo-\($0)" }
        backend.blockingModels = Set(blocked)
        defer { backend.releaseBlockedLoads() }
        let h = Harness(backend: backend, readyWaitSeconds: 20, serving: true)
        _ = try h.peer.initialize(options: ["model": blocked[0]])
        for model in blocked.dropFirst() { try h.peer.notify("workspace/didChangeConfiguration", ["settings": ["model": model]]) }
        try h.peer.notify("workspace/didChangeConfiguration", ["settings": ["model": "good"]])
        try h.open("file:///a.py", "x = \n")
        let response = try h.peer.request("textDocument/inlineCompletion", inlineParams("file:///a.py", line: 0, character: 4), timeout: 30)
        XCTAssertEqual(insertTexts(response), ["from the good model"])
        XCTAssertTrue(backend.loads.contains { $0.model == "good" }, "the switch was loaded (loads start in any order: each has its thread)")
        XCTAssertEqual(try h.finish(), 0)
    }
}
