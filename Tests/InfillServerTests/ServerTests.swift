import Foundation
import InfillServer
import JSONRPC
import TestSupport
import XCTest

/// The server's own behaviour (supersession, cancellation by edits, model loading and failure, params
/// errors) with a fake engine, in-process over pipes. The same protocol against the real binary and model
/// is in EndToEndTests.
final class ServerTests: XCTestCase {
    func testInlineAndMenuCompletionCarryTheEnginesCandidates() throws {
        let h = Harness(backend: FakeBackend(script: [(false, ["return a + b", "return b + a"]), (false, ["return a + b\n"])]))
        _ = try h.peer.initialize()
        try h.open("file:///add.py", "def add(a, b):\n    \n")
        try h.open("file:///other.py", "import math\n")
        let inline = try h.peer.request("textDocument/inlineCompletion", inlineParams("file:///add.py", line: 1, character: 4))
        XCTAssertEqual(insertTexts(inline), ["return a + b", "return b + a"])
        let request = try XCTUnwrap(h.backend.requests.first)
        XCTAssertEqual(request.cursorUTF8Offset, 19, "the cursor as a UTF-8 offset of the open text")
        XCTAssertTrue(request.invoked)

        let menu = try h.peer.request("textDocument/completion", ["textDocument": ["uri": "file:///add.py"], "position": ["line": 1, "character": 4]])
        let items = try XCTUnwrap((menu["result"] as? [String: Any])?["items"] as? [[String: Any]])
        XCTAssertEqual(items.first?["label"] as? String, "return a + b")
        XCTAssertEqual((items.first?["textEdit"] as? [String: Any])?["newText"] as? String, "return a + b\n")
        XCTAssertEqual(try h.finish(), 0)
    }

    func testANewerCompletionOfTheSameDocumentSupersedesTheRunningOne() throws {
        let h = Harness(backend: FakeBackend(script: [(true, []), (false, ["newer"])]))
        _ = try h.peer.initialize()
        try h.open("file:///a.py", "x = \n")
        let older = try h.peer.sendRequest("textDocument/inlineCompletion", inlineParams("file:///a.py", line: 0, character: 4))
        XCTAssertTrue(h.backend.waitUntilStarted(1))
        let newer = try h.peer.sendRequest("textDocument/inlineCompletion", inlineParams("file:///a.py", line: 0, character: 4))
        XCTAssertEqual(errorCode(try h.peer.response(to: older, timeout: 10)), ErrorCode.requestCancelled)
        XCTAssertEqual(insertTexts(try h.peer.response(to: newer, timeout: 10)), ["newer"])
        XCTAssertEqual(h.backend.stoppedByCancel, 1, "the older token loop saw the cancellation")
        XCTAssertEqual(try h.finish(), 0)
    }

    /// An answer the engine has without the model (the user typed the start of the suggestion on screen) is
    /// sent at once: not debounced, not queued behind a completion that is still running.
    func testAnImmediateAnswerDoesNotWaitForTheRunningCompletion() throws {
        let h = Harness(backend: FakeBackend(script: [(true, [])]))
        _ = try h.peer.initialize()
        try h.open("file:///a.py", "x = \n")
        try h.open("file:///b.py", "y = \n")
        let running = try h.peer.sendRequest("textDocument/inlineCompletion", inlineParams("file:///b.py", line: 0, character: 4))
        XCTAssertTrue(h.backend.waitUntilStarted(1))
        h.backend.immediate = ["1 + 2"]
        let quick = try h.peer.request("textDocument/inlineCompletion", inlineParams("file:///a.py", line: 0, character: 4, invoked: false), timeout: 5)
        XCTAssertEqual(insertTexts(quick), ["1 + 2"])
        XCTAssertEqual(h.backend.started, 1, "the quick answer did not go through the queue")
        XCTAssertEqual(h.backend.stoppedByCancel, 0, "b's completion is still running")
        // An invoked request always goes to the engine.
        try h.peer.notify("$/cancelRequest", ["id": running])
        XCTAssertEqual(errorCode(try h.peer.response(to: running, timeout: 5)), ErrorCode.requestCancelled)
        XCTAssertEqual(insertTexts(try h.peer.request("textDocument/inlineCompletion", inlineParams("file:///a.py", line: 0, character: 4), timeout: 10)), ["done"])
        XCTAssertEqual(try h.finish(), 0)
    }

    func testAnEditCancelsThatDocumentsCompletionWithContentModified() throws {
        let h = Harness(backend: FakeBackend(script: [(true, []), (false, ["other"])]))
        _ = try h.peer.initialize()
        try h.open("file:///a.py", "x = \n")
        try h.open("file:///b.py", "y = \n")
        let pending = try h.peer.sendRequest("textDocument/inlineCompletion", inlineParams("file:///a.py", line: 0, character: 4))
        XCTAssertTrue(h.backend.waitUntilStarted(1))
        // An edit of another document cancels nothing; the answer to b comes after a's request ends.
        let other = try h.peer.sendRequest("textDocument/inlineCompletion", inlineParams("file:///b.py", line: 0, character: 4))
        // An edit away from the cursor (typing at the cursor lets a running completion end: next test).
        try h.peer.notify("textDocument/didChange", ["textDocument": ["uri": "file:///a.py", "version": 2],
                                                    "contentChanges": [["range": ["start": ["line": 0, "character": 0], "end": ["line": 0, "character": 0]], "text": "#"]]])
        XCTAssertEqual(errorCode(try h.peer.response(to: pending, timeout: 10)), ErrorCode.contentModified)
        XCTAssertEqual(h.backend.stoppedByCancel, 1, "the token loop was stopped")
        XCTAssertEqual(insertTexts(try h.peer.response(to: other, timeout: 10)), ["other"])
        XCTAssertEqual(try h.finish(), 0)
    }

    /// Typing at the cursor of a running completion answers it as modified but lets its computation end (the
    /// engine keeps the suggestions for the next keystroke); the newer request runs after it. Anything else
    /// typed meanwhile (here: a character away from the cursor) stops it within a token.
    func testTypingAtTheCursorLetsTheRunningCompletionEndAndAnyOtherEditStopsIt() throws {
        let h = Harness(backend: FakeBackend(script: [(true, ["1 + 2"]), (false, ["+ 2"]), (true, [])]))
        _ = try h.peer.initialize()
        try h.open("file:///a.py", "x = \n")
        func type(_ text: String, line: Int, character: Int, version: Int) throws {
            try h.peer.notify("textDocument/didChange", ["textDocument": ["uri": "file:///a.py", "version": version],
                                                        "contentChanges": [["range": ["start": ["line": line, "character": character], "end": ["line": line, "character": character]], "text": text]]])
        }
        let first = try h.peer.sendRequest("textDocument/inlineCompletion", inlineParams("file:///a.py", line: 0, character: 4, invoked: false))
        XCTAssertTrue(h.backend.waitUntilStarted(1))
        try type("1", line: 0, character: 4, version: 2)
        let second = try h.peer.sendRequest("textDocument/inlineCompletion", inlineParams("file:///a.py", line: 0, character: 5, invoked: false))
        // The server asks for an immediate answer right after registering a request, so the second ask means
        // the edit and the second request were both read.
        let deadline = Date().addingTimeInterval(10)
        while h.backend.immediateThreads.count < 2 && Date() < deadline { usleep(2_000) }
        XCTAssertEqual(h.backend.immediateThreads.count, 2)
        h.backend.releaseCompletion()
        XCTAssertEqual(errorCode(try h.peer.response(to: first, timeout: 10)), ErrorCode.contentModified)
        XCTAssertEqual(h.backend.stoppedByCancel, 0, "the first token loop ran to its end")
        XCTAssertEqual(insertTexts(try h.peer.response(to: second, timeout: 10)), ["+ 2"])

        let third = try h.peer.sendRequest("textDocument/inlineCompletion", inlineParams("file:///a.py", line: 0, character: 5, invoked: false))
        XCTAssertTrue(h.backend.waitUntilStarted(3))
        try type("#", line: 0, character: 0, version: 3)
        XCTAssertEqual(errorCode(try h.peer.response(to: third, timeout: 10)), ErrorCode.contentModified)
        XCTAssertEqual(h.backend.stoppedByCancel, 1, "an edit away from the cursor stopped the loop")
        XCTAssertEqual(try h.finish(), 0)
    }

    func testCancelRequestStopsTheTokenLoop() throws {
        let h = Harness(backend: FakeBackend(script: [(true, [])]))
        _ = try h.peer.initialize()
        try h.open("file:///a.py", "x = \n")
        let id = try h.peer.sendRequest("textDocument/inlineCompletion", inlineParams("file:///a.py", line: 0, character: 4))
        XCTAssertTrue(h.backend.waitUntilStarted(1))
        try h.peer.notify("$/cancelRequest", ["id": id])
        XCTAssertEqual(errorCode(try h.peer.response(to: id, timeout: 5)), ErrorCode.requestCancelled)
        XCTAssertEqual(h.backend.stoppedByCancel, 1)
        // The next request is served normally.
        XCTAssertEqual(insertTexts(try h.peer.request("textDocument/inlineCompletion", inlineParams("file:///a.py", line: 0, character: 4), timeout: 10)), ["done"])
        XCTAssertEqual(try h.finish(), 0)
    }

    func testAModelThatFailsToLoadIsReportedAndCompletionsAnswerEmpty() throws {
        let h = Harness(backend: FakeBackend(load: .fail("no such model: nope")))
        _ = try h.peer.initialize(options: ["model": "nope"])
        let shown = try h.peer.notification("window/showMessage")
        let params = try XCTUnwrap(shown["params"] as? [String: Any])
        XCTAssertEqual(params["type"] as? Int, 1, "an error")
        XCTAssertTrue((params["message"] as? String ?? "").contains("no such model: nope"), "\(params)")
        try h.open("file:///a.py", "x = \n")
        let response = try h.peer.request("textDocument/inlineCompletion", inlineParams("file:///a.py", line: 0, character: 4), timeout: 10)
        XCTAssertNil(response["error"])
        XCTAssertEqual(insertTexts(response), [], "no model: an empty answer, at once")
        XCTAssertEqual(h.backend.started, 0)
        XCTAssertEqual(try h.finish(), 0, "the rest of the protocol keeps working")
    }

    /// Typing-prompt settings from initializationOptions reach the engine; a bad value is shown to the user
    /// by name and the good ones still apply.
    func testSettingsReachTheEngineAndABadValueIsNamed() throws {
        let h = Harness(backend: FakeBackend())
        _ = try h.peer.initialize(options: ["infill": ["suffixTokens": 32, "maxTokens": 40, "candidates": "many"]])
        let shown = try h.peer.notification("window/showMessage")
        let message = ((shown["params"] as? [String: Any])?["message"] as? String) ?? ""
        XCTAssertTrue(message.contains("'candidates'"), message)
        try h.open("file:///a.py", "x = \n")
        _ = try h.peer.request("textDocument/inlineCompletion", inlineParams("file:///a.py", line: 0, character: 4))
        let settings = try XCTUnwrap(h.backend.requests.first?.settings)
        XCTAssertEqual(settings.suffixTokens, 32)
        XCTAssertEqual(settings.maxTokens, 40)
        XCTAssertNil(settings.candidates)
        // A bad value later leaves the setting as it was.
        try h.peer.notify("workspace/didChangeConfiguration", ["settings": ["infill": ["suffixTokens": "few"]]])
        _ = try h.peer.request("textDocument/inlineCompletion", inlineParams("file:///a.py", line: 0, character: 4))
        XCTAssertEqual(h.backend.requests.last?.settings.suffixTokens, 32)
        XCTAssertEqual(h.backend.requests.count, 2)
        XCTAssertEqual(try h.finish(), 0)
    }

    func testACompletionWaitsForAModelStillLoading() throws {
        let h = Harness(backend: FakeBackend(load: .succeed(after: 0.4), script: [(false, ["loaded"])]))
        _ = try h.peer.initialize()
        try h.open("file:///a.py", "x = \n")
        let started = Date()
        let response = try h.peer.request("textDocument/inlineCompletion", inlineParams("file:///a.py", line: 0, character: 4), timeout: 10)
        XCTAssertEqual(insertTexts(response), ["loaded"])
        XCTAssertGreaterThan(Date().timeIntervalSince(started), 0.2, "answered after the load, not before")
        XCTAssertEqual(try h.finish(), 0)
    }

    func testBadParamsAreRefusedNamingTheFieldAndNothingIsLost() throws {
        let h = Harness(backend: FakeBackend())
        _ = try h.peer.initialize()
        try h.open("file:///a.py", "x = \n")
        let bad = try h.peer.request("textDocument/inlineCompletion", ["textDocument": ["uri": "file:///a.py"], "position": ["line": "0", "character": 4]])
        XCTAssertEqual(errorCode(bad), ErrorCode.invalidParams)
        XCTAssertTrue(((bad["error"] as? [String: Any])?["message"] as? String ?? "").contains("position.line"), "\(bad)")
        let notOpen = try h.peer.request("textDocument/inlineCompletion", inlineParams("file:///missing.py", line: 0, character: 0))
        XCTAssertEqual(errorCode(notOpen), ErrorCode.invalidParams)
        // A malformed edit is dropped whole and the document stays as it was.
        try h.peer.notify("textDocument/didChange", ["textDocument": ["uri": "file:///a.py", "version": 2],
                                                    "contentChanges": [["text": "y = \n"], ["range": ["start": ["line": 0]], "text": "z"]]])
        XCTAssertEqual(insertTexts(try h.peer.request("textDocument/inlineCompletion", inlineParams("file:///a.py", line: 0, character: 4))), ["done"])
        XCTAssertEqual(h.backend.requests.last?.text, "x = \n")
        try h.peer.notify("textDocument/didClose", ["textDocument": ["uri": "file:///a.py"]])
        XCTAssertEqual(try h.finish(), 0)
        XCTAssertEqual(h.backend.closed, ["file:///a.py"], "closing a document tells the engine to drop its cache")
    }
}
