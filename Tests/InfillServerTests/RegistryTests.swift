import Foundation
import InfillServer
import JSONRPC
import TestSupport
import XCTest

/// Requests through the handler registry with the fake engine: capabilities, reply shaping with the
/// engine's ranges, lifecycle rules, request ids, settings validated once, work done progress.
final class RegistryTests: XCTestCase {
    func testCapabilitiesNameWhatIsRegistered() throws {
        let h = Harness(backend: FakeBackend())
        let response = try h.peer.initialize(capabilities: ["general": ["positionEncodings": ["utf-8", "utf-16"]]])
        let capabilities = try XCTUnwrap((response["result"] as? [String: Any])?["capabilities"] as? [String: Any])
        XCTAssertEqual(capabilities["positionEncoding"] as? String, "utf-8")
        XCTAssertEqual((capabilities["textDocumentSync"] as? [String: Any])?["change"] as? Int, 2, "incremental sync")
        XCTAssertNotNil(capabilities["inlineCompletionProvider"])
        XCTAssertEqual((capabilities["completionProvider"] as? [String: Any])?["resolveProvider"] as? Bool, false)
        XCTAssertEqual((capabilities["codeActionProvider"] as? [String: Any])?["codeActionKinds"] as? [String], ["refactor.rewrite"])
        XCTAssertEqual((capabilities["executeCommandProvider"] as? [String: Any])?["commands"] as? [String], ["infill.translate", "infill.writeFunction"])
        XCTAssertEqual(((response["result"] as? [String: Any])?["serverInfo"] as? [String: Any])?["name"] as? String, "infill")
        XCTAssertEqual(try h.finish(), 0)
    }

    func testMenuItemsKeepOrderAndFullTextAndClassicCompletionIsInvoked() throws {
        let h = Harness(backend: FakeBackend(script: [(false, ["return total\n    }", "\n    pass"]), (false, ["x"])]))
        _ = try h.peer.initialize()
        try h.open("file:///a.py", "def f():\n    total = 1\n    \n")
        let menu = try h.peer.request("textDocument/completion", ["textDocument": ["uri": "file:///a.py"], "position": ["line": 2, "character": 4],
                                                                  "context": ["triggerKind": 2]])
        let result = try XCTUnwrap(menu["result"] as? [String: Any])
        XCTAssertEqual(result["isIncomplete"] as? Bool, true)
        let items = try XCTUnwrap(result["items"] as? [[String: Any]])
        XCTAssertEqual(items.map { $0["label"] as? String }, ["return total", "\n    pass"], "first line, or the whole text when the first line is blank")
        XCTAssertEqual(items.map { $0["sortText"] as? String }, ["0000", "0001"])
        XCTAssertEqual(items[0]["filterText"] as? String, "return total\n    }")
        XCTAssertEqual((items[0]["textEdit"] as? [String: Any])?["newText"] as? String, "return total\n    }")
        XCTAssertEqual(h.backend.requests.first?.invoked, true, "classic completion is answered in full whatever its trigger")
        let inline = try h.peer.request("textDocument/inlineCompletion", inlineParams("file:///a.py", line: 2, character: 4))
        let first = try XCTUnwrap(((inline["result"] as? [String: Any])?["items"] as? [[String: Any]])?.first)
        XCTAssertEqual(first["insertText"] as? String, "x")
        XCTAssertEqual(((first["range"] as? [String: Any])?["start"] as? [String: Any])?["character"] as? Int, 4)
        XCTAssertEqual(try h.finish(), 0)
    }

    private func range(_ response: [String: Any]) -> [Int]? {
        guard let item = ((response["result"] as? [String: Any])?["items"] as? [[String: Any]])?.first,
              let range = item["range"] as? [String: Any], let start = range["start"] as? [String: Any], let end = range["end"] as? [String: Any] else { return nil }
        return [start["line"], start["character"], end["line"], end["character"]].compactMap { $0 as? Int }
    }

    /// The item's range is the range the engine replaced, converted back to UTF-16 positions (an emoji is
    /// two units), not the cursor rebuilt.
    func testTheItemRangeIsTheRangeTheEngineComputed() throws {
        let backend = FakeBackend(script: [(false, ["😀abc"])])
        backend.replacesBytesBeforeCursor = 6                           // "😀ab": 4 + 2 bytes
        let h = Harness(backend: backend)
        _ = try h.peer.initialize()
        try h.open("file:///a.py", "s = '😀ab'\n")
        let response = try h.peer.request("textDocument/inlineCompletion", inlineParams("file:///a.py", line: 0, character: 9))
        XCTAssertEqual(h.backend.requests.first?.cursorUTF8Offset, 11)
        XCTAssertEqual(range(response), [0, 5, 0, 9], "from before the emoji (UTF-16 5) to the cursor (UTF-16 9)")
        XCTAssertEqual(try h.finish(), 0)
    }

    /// A position past the end of its line, or past the last line, is clamped; the reply's range is the
    /// clamped position, never the one sent.
    func testOutOfRangePositionsAreClampedAndNotEchoed() throws {
        let h = Harness(backend: FakeBackend(script: [(false, ["1"]), (false, ["2"])]))
        _ = try h.peer.initialize()
        try h.open("file:///a.py", "x = \n")
        let pastLine = try h.peer.request("textDocument/inlineCompletion", inlineParams("file:///a.py", line: 0, character: 500))
        XCTAssertEqual(range(pastLine), [0, 4, 0, 4])
        let pastText = try h.peer.request("textDocument/inlineCompletion", inlineParams("file:///a.py", line: 99, character: 7))
        XCTAssertEqual(range(pastText), [1, 0, 1, 0], "the end of the text")
        XCTAssertEqual(h.backend.requests.map(\.cursorUTF8Offset), [4, 5])
        XCTAssertEqual(try h.finish(), 0)
    }

    /// `true` and `1.0` are no ids: answered InvalidRequest with a null id and a message saying what came,
    /// never run as request 1.
    func testBooleanAndFractionalIDsAreRefusedPrecisely() throws {
        let h = Harness(backend: FakeBackend())
        _ = try h.peer.initialize()
        for (id, shown) in [("true", "true"), ("1.0", "1.0"), ("2.5", "2.5"), ("1e0", "1.0")] {
            let body = Array(#"{"jsonrpc":"2.0","id":\#(id),"method":"shutdown"}"#.utf8)
            h.peer.sendRaw(Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
            var answer = try h.peer.readMessage(deadline: Date().addingTimeInterval(10))
            while answer["method"] != nil { answer = try h.peer.readMessage(deadline: Date().addingTimeInterval(10)) }
            XCTAssertTrue(answer["id"] is NSNull, "\(answer)")
            XCTAssertEqual(errorCode(answer), ErrorCode.invalidRequest)
            XCTAssertTrue(errorMessage(answer).contains("got \(shown)"), errorMessage(answer))
        }
        XCTAssertEqual(try h.finish(), 0, "none of them shut the server down")
    }

    /// Before `initialize`, notifications are dropped (the spec's rule; only `exit` is heard).
    func testADocumentOpenedBeforeInitializeIsDropped() throws {
        let h = Harness(backend: FakeBackend())
        try h.open("file:///early.py", "x = \n")
        _ = try h.peer.initialize()
        let response = try h.peer.request("textDocument/inlineCompletion", inlineParams("file:///early.py", line: 0, character: 4))
        XCTAssertEqual(errorCode(response), ErrorCode.invalidParams)
        XCTAssertTrue(errorMessage(response).contains("not open"), errorMessage(response))
        XCTAssertEqual(try h.finish(), 0)
    }

    /// A second request with the id of one still running is refused; the first keeps its tracking (it can
    /// still be cancelled) and gets its own answer.
    func testTwoRequestsWithTheSameIDInFlight() throws {
        let h = Harness(backend: FakeBackend(script: [(true, [])]))
        _ = try h.peer.initialize()
        try h.open("file:///a.py", "x = \n")
        try h.open("file:///b.py", "y = \n")
        try h.peer.send(["jsonrpc": "2.0", "id": 500, "method": "textDocument/inlineCompletion", "params": inlineParams("file:///a.py", line: 0, character: 4)])
        XCTAssertTrue(h.backend.waitUntilStarted(1))
        try h.peer.send(["jsonrpc": "2.0", "id": 500, "method": "textDocument/inlineCompletion", "params": inlineParams("file:///b.py", line: 0, character: 4)])
        let duplicate = try h.peer.response(to: 500, timeout: 10)
        XCTAssertEqual(errorCode(duplicate), ErrorCode.invalidRequest)
        XCTAssertTrue(errorMessage(duplicate).contains("already in use"), errorMessage(duplicate))
        try h.peer.notify("$/cancelRequest", ["id": 500])
        XCTAssertEqual(errorCode(try h.peer.response(to: 500, timeout: 10)), ErrorCode.requestCancelled, "the cancel reached the first request")
        XCTAssertEqual(h.backend.stoppedByCancel, 1)
        XCTAssertEqual(h.backend.started, 1, "the duplicate never ran")
        XCTAssertEqual(try h.finish(), 0)
    }

    /// Issue 20 (4): a thousand queued automatic requests, each superseded by the next, drain without a
    /// single debounce pause running its length (a pause of a minute would time the test out).
    func testSupersededRequestsDrainWithoutPausing() throws {
        let h = Harness(backend: FakeBackend(), debounceMilliseconds: 60_000)
        _ = try h.peer.initialize()
        try h.open("file:///a.py", "x = \n")
        var ids: [Int] = []
        for _ in 0..<1000 {
            ids.append(try h.peer.sendRequest("textDocument/inlineCompletion", inlineParams("file:///a.py", line: 0, character: 4, invoked: false)))
        }
        let last = try h.peer.sendRequest("textDocument/inlineCompletion", inlineParams("file:///a.py", line: 0, character: 4))
        for id in ids { XCTAssertEqual(errorCode(try h.peer.response(to: id, timeout: 30)), ErrorCode.requestCancelled) }
        XCTAssertEqual(insertTexts(try h.peer.response(to: last, timeout: 30)), ["done"])
        XCTAssertEqual(h.server.completedDebouncePauses, 0, "no superseded request paused")
        XCTAssertEqual(h.backend.started, 1, "only the newest reached the engine")
        XCTAssertEqual(try h.finish(), 0)
    }
}
