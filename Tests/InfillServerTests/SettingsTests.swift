import Foundation
import InfillServer
import JSONRPC
import TestSupport
import XCTest

/// Settings are validated once, when they arrive: a bad value is refused by name and the previous value
/// stays; strategies are parsed by the engine's grammar then, not at each completion.
final class SettingsTests: XCTestCase {
    private func shownMessages(_ h: Harness, count: Int) throws -> [String] {
        try h.peer.notifications("window/showMessage", count: count).map { (($0["params"] as? [String: Any])?["message"] as? String) ?? "" }
    }

    func testABadStrategyIsRefusedWhenItArrivesAndThePreviousOneStays() throws {
        let h = Harness(backend: FakeBackend())
        _ = try h.peer.initialize(options: ["strategy": ["automatic": "greedy", "invoked": "beam:4"]])
        try h.open("file:///a.py", "x = \n")
        try h.peer.notify("workspace/didChangeConfiguration", ["settings": ["infill": ["strategy": "beam:100000"]]])
        try h.peer.notify("workspace/didChangeConfiguration", ["settings": ["strategy": ["automatic": "beam:2", "invoked": "sample:0:-5"]]])
        let messages = try shownMessages(h, count: 2)
        XCTAssertTrue(messages[0].contains("'strategy'") && messages[0].contains("beam:100000"), messages[0])
        XCTAssertTrue(messages[1].contains("'strategy.invoked'") && messages[1].contains("sample:0:-5"), messages[1])
        XCTAssertEqual(insertTexts(try h.peer.request("textDocument/inlineCompletion", inlineParams("file:///a.py", line: 0, character: 4))), ["done"],
                       "completions keep working with the previous strategies")
        let settings = try XCTUnwrap(h.backend.requests.last?.settings)
        XCTAssertEqual(settings.automaticStrategy?.text, "greedy", "a refused pair changes neither")
        XCTAssertEqual(settings.invokedStrategy?.text, "beam:4")
        XCTAssertEqual(settings.invokedStrategy?.parsed as? Int, 4, "parsed once, by the engine's grammar, when it arrived")
        XCTAssertEqual(try h.finish(), 0)
    }

    /// A task model is a name or path; anything else is refused by name and nothing is loaded for it.
    func testATaskModelMustBeAString() throws {
        let h = Harness(backend: FakeBackend())
        _ = try h.peer.initialize(options: ["taskModel": 15])
        let message = try XCTUnwrap(try shownMessages(h, count: 1).first)
        XCTAssertTrue(message.contains("'taskModel' must be a string") && message.contains("got 15"), message)
        try h.peer.notify("workspace/didChangeConfiguration", ["settings": ["taskModel": NSNull()]])
        _ = try h.peer.request("shutdown")
        XCTAssertTrue(h.backend.taskModelLoads.isEmpty, "null leaves tasks on the completion model, where they were: \(h.backend.taskModelLoads)")
        try h.peer.notify("exit")
    }

    func testThreadsMustBeAWholeNumberNotABoolean() throws {
        let h = Harness(backend: FakeBackend())
        _ = try h.peer.initialize()
        try h.peer.notify("workspace/didChangeConfiguration", ["settings": ["threads": true]])
        let message = try XCTUnwrap(try shownMessages(h, count: 1).first)
        XCTAssertTrue(message.contains("'threads'") && message.contains("got true"), message)
        try h.peer.notify("workspace/didChangeConfiguration", ["settings": ["threads": 3]])
        _ = try h.peer.request("shutdown")
        let deadline = Date().addingTimeInterval(10)
        while h.backend.loads.count < 2 && Date() < deadline { usleep(2_000) }     // loads run on threads of their own
        let loads = h.backend.loads
        // The two loads run at once on threads of their own, so they are recorded in either order.
        XCTAssertEqual(loads.map(\.threads).sorted { ($0 ?? 0) < ($1 ?? 0) }, [nil, 3], "one load with the backend's default, a reload for 3, none for true")
        try h.peer.notify("exit")
    }
}
