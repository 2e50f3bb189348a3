import Foundation
import InfillServer
import TestSupport
import XCTest

/// Code actions and `workspace/executeCommand` (translate, write a function) through the registry with the
/// fake engine: what is offered, the edit applied through `workspace/applyEdit`, stale results dropped,
/// cancellation, what preempts what, and every bad input answered precisely with the document untouched.
final class CodeTaskTests: XCTestCase {
    private let uri = "file:///a.rs"
    /// A Python function pasted into a Rust file (line 1; an emoji before it on line 0).
    private let text = "// 😀 helpers\ndef add(a, b):\n    return a + b\n"

    private func start(applyEdit: Bool = true, documentChanges: Bool = false, literals: Bool = true, options: [String: Any] = [:],
                       backend: FakeBackend = FakeBackend()) throws -> Harness {
        let h = Harness(backend: backend)
        h.peer.answerServerRequest = { request in
            request["method"] as? String == "workspace/applyEdit" ? ["result": ["applied": true]] : ["result": NSNull()]
        }
        var capabilities: [String: Any] = [
            "workspace": ["applyEdit": applyEdit, "workspaceEdit": ["documentChanges": documentChanges]] as [String: Any],
            "window": ["workDoneProgress": true],
        ]
        if literals {
            capabilities["textDocument"] = ["codeAction": ["codeActionLiteralSupport": ["codeActionKind": ["valueSet": ["refactor"]]]]]
        }
        _ = try h.peer.initialize(options: options, capabilities: capabilities)
        try h.open(uri, text, language: "rust")
        return h
    }

    private func range(_ l0: Int, _ c0: Int, _ l1: Int, _ c1: Int) -> [String: Any] {
        ["start": ["line": l0, "character": c0], "end": ["line": l1, "character": c1]]
    }

    private func translate(_ range: [String: Any], to target: String = "rust", uri: String? = nil) -> [String: Any] {
        ["command": "infill.translate", "arguments": [["uri": uri ?? self.uri, "range": range, "targetLanguage": target]]]
    }

    private func applyEdits(_ h: Harness) -> [[String: Any]] {
        h.peer.serverRequests.filter { $0["method"] as? String == "workspace/applyEdit" }
    }

    private func shownMessages(_ h: Harness) -> [String] {
        h.peer.notifications.filter { $0["method"] as? String == "window/showMessage" }
            .compactMap { ($0["params"] as? [String: Any])?["message"] as? String }
    }

    // MARK: Code actions

    func testCodeActionsCarryTheirCommandsAndTheSelectionInUTF8() throws {
        let backend = FakeBackend()
        backend.offeredActions = [
            BackendCodeAction(title: "Translate to Rust", task: .translate(targetLanguage: "rust"), isPreferred: true),
            BackendCodeAction(title: "Write function from comment", task: .writeFunction),
        ]
        let h = try start(backend: backend)
        let response = try h.peer.request("textDocument/codeAction", [
            "textDocument": ["uri": uri], "range": range(0, 3, 2, 16), "context": ["diagnostics": [Any]()],
        ])
        let actions = try XCTUnwrap(response["result"] as? [[String: Any]], "\(response)")
        XCTAssertEqual(actions.map { $0["title"] as? String }, ["Translate to Rust", "Write function from comment"])
        XCTAssertEqual(actions.map { $0["kind"] as? String }, ["refactor.rewrite", "refactor.rewrite"])
        XCTAssertEqual(actions[0]["isPreferred"] as? Bool, true)
        XCTAssertNil(actions[1]["isPreferred"])
        let translate = try XCTUnwrap(actions[0]["command"] as? [String: Any])
        XCTAssertEqual(translate["command"] as? String, "infill.translate")
        let arguments = try XCTUnwrap((translate["arguments"] as? [[String: Any]])?.first)
        XCTAssertEqual(arguments["uri"] as? String, uri)
        XCTAssertEqual(arguments["targetLanguage"] as? String, "rust")
        XCTAssertEqual(((arguments["range"] as? [String: Any])?["end"] as? [String: Any])?["character"] as? Int, 16)
        let write = try XCTUnwrap(actions[1]["command"] as? [String: Any])
        XCTAssertEqual(write["command"] as? String, "infill.writeFunction")
        let position = try XCTUnwrap((write["arguments"] as? [[String: Any]])?.first?["position"] as? [String: Any])
        XCTAssertEqual([position["line"] as? Int, position["character"] as? Int], [0, 3], "the selection's start")
        // UTF-16 character 3 of line 0 is after "// " → byte 3; line 2 character 16 is its end, before the last "\n".
        XCTAssertEqual(backend.actionRequests.first?.selectionUTF8, 3..<(text.utf8.count - 1))
        XCTAssertEqual(backend.actionRequests.first?.languageID, "rust")

        let quickfixOnly = try h.peer.request("textDocument/codeAction", [
            "textDocument": ["uri": uri], "range": range(1, 0, 2, 0), "context": ["diagnostics": [Any](), "only": ["quickfix"]],
        ])
        XCTAssertEqual((quickfixOnly["result"] as? [Any])?.count, 0, "a client asking for quick fixes only gets none of ours")
        let refactor = try h.peer.request("textDocument/codeAction", [
            "textDocument": ["uri": uri], "range": range(1, 0, 2, 0), "context": ["diagnostics": [Any](), "only": ["refactor"]],
        ])
        XCTAssertEqual((refactor["result"] as? [Any])?.count, 2, "refactor includes refactor.rewrite")
        let notOpen = try h.peer.request("textDocument/codeAction", ["textDocument": ["uri": "file:///b.rs"], "range": range(0, 0, 0, 0)])
        XCTAssertEqual(errorCode(notOpen), -32602)
        XCTAssertEqual(try h.finish(), 0)
    }

    /// A client that does not announce code action literals gets bare commands (LSP's rule).
    func testAClientWithoutCodeActionLiteralsGetsCommands() throws {
        let backend = FakeBackend()
        backend.offeredActions = [BackendCodeAction(title: "Translate to Go", task: .translate(targetLanguage: "go"))]
        let h = try start(literals: false, backend: backend)
        let response = try h.peer.request("textDocument/codeAction", ["textDocument": ["uri": uri], "range": range(1, 0, 3, 0)])
        let commands = try XCTUnwrap(response["result"] as? [[String: Any]], "\(response)")
        XCTAssertEqual(commands.count, 1)
        XCTAssertEqual(commands[0]["title"] as? String, "Translate to Go")
        XCTAssertEqual(commands[0]["command"] as? String, "infill.translate", "a Command, not a CodeAction")
        XCTAssertNil(commands[0]["kind"])
        XCTAssertEqual((commands[0]["arguments"] as? [[String: Any]])?.first?["targetLanguage"] as? String, "go")
        XCTAssertEqual(try h.finish(), 0)
    }

    // MARK: Running and applying

    func testTheTranslationIsAppliedWithApplyEditAndTheAnswerSaysSo() throws {
        let h = try start()
        let response = try h.peer.request("workspace/executeCommand", translate(range(1, 0, 3, 0)))
        let result = try XCTUnwrap(response["result"] as? [String: Any], "\(response)")
        XCTAssertEqual(result["applied"] as? Bool, true)
        XCTAssertEqual(result["code"] as? String, "TRANSLATED to rust")
        let edits = applyEdits(h)
        XCTAssertEqual(edits.count, 1)
        let params = try XCTUnwrap(edits.first?["params"] as? [String: Any])
        XCTAssertEqual(params["label"] as? String, "Translating to rust")
        let edit = try XCTUnwrap(((params["edit"] as? [String: Any])?["changes"] as? [String: Any])?[uri] as? [[String: Any]])
        XCTAssertEqual(edit.count, 1)
        XCTAssertEqual(edit[0]["newText"] as? String, "TRANSLATED to rust")
        XCTAssertEqual(NSDictionary(dictionary: edit[0]["range"] as? [String: Any] ?? [:]), NSDictionary(dictionary: range(1, 0, 3, 0)),
                       "the selection, converted back from the engine's UTF-8 range")
        XCTAssertEqual(h.backend.taskRequests.first?.task, .translate(selectionUTF8: 16..<48, targetLanguage: "rust"),
                       "line 1 starts after '// 😀 helpers\\n' (16 bytes: the emoji is 4)")
        // The progress was shown and ended.
        let progress = try h.peer.notifications("$/progress", count: 2)
        XCTAssertEqual((progress[0]["params"] as? [String: Any]).flatMap { ($0["value"] as? [String: Any])?["kind"] as? String }, "begin")
        XCTAssertEqual(try h.finish(), 0)
    }

    /// Code the build check found wrong (no candidate compiled) is applied all the same, the model's best try,
    /// but the user is told why not to trust it, and the answer says it too; with nothing against it, nothing is shown.
    func testCodeThatDoesNotBuildIsAppliedWithAWarning() throws {
        let backend = FakeBackend()
        backend.taskCaveat = "no candidate compiles as Rust; this is the best of them: `a + b`: error[E0308]: mismatched types"
        for applyEdit in [true, false] {
            let h = try start(applyEdit: applyEdit, backend: backend)
            let response = try h.peer.request("workspace/executeCommand", translate(range(1, 0, 3, 0)))
            let result = try XCTUnwrap(response["result"] as? [String: Any], "\(response)")
            XCTAssertEqual(result["applied"] as? Bool, applyEdit)
            XCTAssertEqual(result["caveat"] as? String, backend.taskCaveat)
            let warning = try h.peer.notification("window/showMessage")
            let params = try XCTUnwrap(warning["params"] as? [String: Any])
            XCTAssertEqual(params["type"] as? Int, 2, "a warning")
            XCTAssertEqual(params["message"] as? String, "infill: Translating to rust: " + (backend.taskCaveat ?? ""))
            XCTAssertEqual(applyEdits(h).count, applyEdit ? 1 : 0)
            XCTAssertEqual(try h.finish(), 0)
        }
        let h = try start()
        let response = try h.peer.request("workspace/executeCommand", translate(range(1, 0, 3, 0)))
        XCTAssertNil((response["result"] as? [String: Any])?["caveat"])
        XCTAssertEqual(try h.finish(), 0)
        XCTAssertEqual(shownMessages(h), [], "nothing against the code, nothing shown")
    }

    /// A written function's imports go in the same workspace edit, before the function in document order,
    /// and the answer lists them too.
    func testTheImportsAWrittenFunctionNeedsAreEditsOfTheSameApplyEdit() throws {
        let h = try start(documentChanges: true)
        let response = try h.peer.request("workspace/executeCommand", [
            "command": "infill.writeFunction", "arguments": [["uri": uri, "position": ["line": 1, "character": 2]]],
        ])
        let result = try XCTUnwrap(response["result"] as? [String: Any], "\(response)")
        XCTAssertEqual(result["applied"] as? Bool, true)
        let edit = try XCTUnwrap(applyEdits(h).first?["params"] as? [String: Any])["edit"] as? [String: Any]
        let edits = try XCTUnwrap((edit?["documentChanges"] as? [[String: Any]])?.first?["edits"] as? [[String: Any]])
        XCTAssertEqual(edits.map { $0["newText"] as? String }, ["IMPORT\n", "    BODY\n"])
        XCTAssertEqual(NSDictionary(dictionary: edits[0]["range"] as? [String: Any] ?? [:]), NSDictionary(dictionary: range(0, 0, 0, 0)))
        XCTAssertEqual(NSDictionary(dictionary: edits[1]["range"] as? [String: Any] ?? [:]), NSDictionary(dictionary: range(1, 2, 1, 2)))
        let listed = try XCTUnwrap(result["additionalEdits"] as? [[String: Any]])
        XCTAssertEqual(listed.map { $0["newText"] as? String }, ["IMPORT\n"])
        XCTAssertEqual(listed.first?["uri"] as? String, uri)
        XCTAssertEqual(try h.finish(), 0)
    }

    func testAClientWithVersionedEditsGetsTheDocumentVersion() throws {
        let h = try start(documentChanges: true)
        _ = try h.peer.request("workspace/executeCommand", translate(range(1, 0, 3, 0)))
        let edit = try XCTUnwrap(applyEdits(h).first?["params"] as? [String: Any])["edit"] as? [String: Any]
        let changes = try XCTUnwrap(edit?["documentChanges"] as? [[String: Any]])
        XCTAssertEqual((changes.first?["textDocument"] as? [String: Any])?["version"] as? Int, 1)
        XCTAssertEqual((changes.first?["edits"] as? [[String: Any]])?.first?["newText"] as? String, "TRANSLATED to rust")
        XCTAssertEqual((edit?["changes"] as? [String: Any])?.count ?? 0, 0, "one form only: a client must not apply the edit twice")
        XCTAssertEqual(try h.finish(), 0)
    }

    func testAClientWithoutApplyEditGetsTheTextInTheResult() throws {
        let h = try start(applyEdit: false)
        let response = try h.peer.request("workspace/executeCommand", [
            "command": "infill.writeFunction", "arguments": [["uri": uri, "position": ["line": 1, "character": 2]]],
        ])
        let result = try XCTUnwrap(response["result"] as? [String: Any], "\(response)")
        XCTAssertEqual(result["applied"] as? Bool, false)
        XCTAssertEqual(result["code"] as? String, "def f():\n    BODY")
        let edit = try XCTUnwrap(result["edit"] as? [String: Any])
        XCTAssertEqual(edit["newText"] as? String, "    BODY\n")
        XCTAssertEqual(edit["uri"] as? String, uri)
        XCTAssertEqual(h.backend.taskRequests.first?.task, .writeFunction(positionUTF8: 18))
        XCTAssertTrue(applyEdits(h).isEmpty)
        XCTAssertEqual(try h.finish(), 0)
    }

    func testAnEditTheClientRefusesIsAnError() throws {
        let h = try start()
        h.peer.answerServerRequest = { request in
            request["method"] as? String == "workspace/applyEdit" ? ["result": ["applied": false, "failureReason": "read-only"]] : ["result": NSNull()]
        }
        let response = try h.peer.request("workspace/executeCommand", translate(range(1, 0, 3, 0)))
        XCTAssertEqual(errorCode(response), -32803)
        XCTAssertTrue(errorMessage(response).contains("read-only"), errorMessage(response))
        XCTAssertEqual(try h.finish(), 0)
    }

    // MARK: Stale results, cancellation, preemption

    func testAnEditWhileTheTaskRunsDropsItsResult() throws {
        let backend = FakeBackend()
        backend.taskBlocks = true
        let h = try start(backend: backend)
        let id = try h.peer.sendRequest("workspace/executeCommand", translate(range(1, 0, 3, 0)))
        XCTAssertTrue(backend.waitUntilTasksStarted(1))
        try h.peer.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 2],
                                                     "contentChanges": [["range": range(2, 4, 2, 4), "text": "x"]]])
        let response = try h.peer.response(to: id)
        XCTAssertEqual(errorCode(response), -32801, "ContentModified")
        XCTAssertTrue(errorMessage(response).contains("nothing was applied"), errorMessage(response))
        XCTAssertTrue(applyEdits(h).isEmpty, "a stale result is never applied")
        XCTAssertTrue(shownMessages(h).contains { $0.contains("changed while the task ran") }, "\(shownMessages(h))")
        // The next task works.
        backend.taskBlocks = false
        let next = try h.peer.request("workspace/executeCommand", translate(range(1, 0, 3, 0)))
        XCTAssertEqual((next["result"] as? [String: Any])?["applied"] as? Bool, true, "\(next)")
        XCTAssertEqual(try h.finish(), 0)
    }

    func testCancelRequestStopsTheTask() throws {
        let backend = FakeBackend()
        backend.taskBlocks = true
        let h = try start(backend: backend)
        let id = try h.peer.sendRequest("workspace/executeCommand", translate(range(1, 0, 3, 0)))
        XCTAssertTrue(backend.waitUntilTasksStarted(1))
        try h.peer.notify("$/cancelRequest", ["id": id])
        let response = try h.peer.response(to: id)
        XCTAssertEqual(errorCode(response), -32800, "RequestCancelled")
        XCTAssertTrue(applyEdits(h).isEmpty)
        XCTAssertEqual(try h.finish(), 0)
    }

    func testCancellingTheProgressStopsTheTask() throws {
        let backend = FakeBackend()
        backend.taskBlocks = true
        let h = try start(backend: backend)
        let id = try h.peer.sendRequest("workspace/executeCommand", translate(range(1, 0, 3, 0)))
        // The model load has its own progress: wait for the task's.
        var count = 1
        var params: [String: Any] = [:]
        while true {
            let last = try XCTUnwrap(try h.peer.notifications("$/progress", count: count).last?["params"] as? [String: Any])
            if ((last["value"] as? [String: Any])?["title"] as? String)?.hasPrefix("infill: translating") == true { params = last; break }
            count += 1
        }
        XCTAssertEqual((params["value"] as? [String: Any])?["cancellable"] as? Bool, true)
        XCTAssertEqual((params["value"] as? [String: Any])?["title"] as? String, "infill: translating to rust")
        try h.peer.notify("window/workDoneProgress/cancel", ["token": params["token"] ?? NSNull()])
        let response = try h.peer.response(to: id)
        XCTAssertEqual(errorCode(response), -32800, "RequestCancelled")
        XCTAssertTrue(applyEdits(h).isEmpty)
        XCTAssertFalse(shownMessages(h).contains { $0.contains("cancel") }, "the user cancelled: no error message")
        XCTAssertEqual(try h.finish(), 0)
    }

    /// Each stage the task goes through is reported on its progress as it starts, between the title and the end.
    func testEachStageOfATaskIsReported() throws {
        let backend = FakeBackend()
        backend.taskBlocks = true   // the stage comes once the progress is shown (a report before is held back, the latest only)
        let h = try start(backend: backend)
        let id = try h.peer.sendRequest("workspace/executeCommand", translate(range(1, 0, 3, 0)))
        // The model load has its own progress: wait for the task's.
        var count = 1
        var token = ""
        while true {
            let last = try XCTUnwrap(try h.peer.notifications("$/progress", count: count).last?["params"] as? [String: Any])
            if ((last["value"] as? [String: Any])?["title"] as? String)?.hasPrefix("infill: translating") == true { token = "\(last["token"] ?? "")"; break }
            count += 1
        }
        XCTAssertTrue(backend.waitUntilTasksStarted(1))
        backend.releaseTask()
        XCTAssertEqual((try h.peer.response(to: id)["result"] as? [String: Any])?["applied"] as? Bool, true)
        let progress = h.peer.notifications.filter { $0["method"] as? String == "$/progress" }.compactMap { $0["params"] as? [String: Any] }
            .filter { "\($0["token"] ?? "")" == token }.map { $0["value"] as? [String: Any] }
        XCTAssertEqual(progress.map { $0?["kind"] as? String }, ["begin", "report", "report", "end"])
        XCTAssertEqual(progress.map { $0?["message"] as? String }, [nil, "writing 4 candidates", "applying the edit", "done"])
        XCTAssertEqual(try h.finish(), 0)
    }

    /// A completion in another document is answered while a task is still running: the task gives the
    /// model away at its next token.
    func testACompletionDoesNotWaitForARunningTask() throws {
        let backend = FakeBackend()
        backend.taskBlocks = true
        let h = try start(backend: backend)
        try h.open("file:///b.py", "x = 1\n")
        let id = try h.peer.sendRequest("workspace/executeCommand", translate(range(1, 0, 3, 0)))
        XCTAssertTrue(backend.waitUntilTasksStarted(1))
        let completion = try h.peer.request("textDocument/inlineCompletion", inlineParams("file:///b.py", line: 1, character: 0), timeout: 10)
        XCTAssertEqual(insertTexts(completion), ["done"])
        XCTAssertEqual(backend.tasksRunning, 1, "answered while the task still runs")
        backend.releaseTask()
        let response = try h.peer.response(to: id)
        XCTAssertEqual((response["result"] as? [String: Any])?["applied"] as? Bool, true, "\(response)")
        XCTAssertEqual(try h.finish(), 0)
    }

    func testATypingCompletionOfTheSameDocumentDoesNotCancelTheTask() throws {
        let backend = FakeBackend()
        backend.taskBlocks = true
        let h = try start(backend: backend)
        let id = try h.peer.sendRequest("workspace/executeCommand", translate(range(1, 0, 3, 0)))
        XCTAssertTrue(backend.waitUntilTasksStarted(1))
        _ = try h.peer.request("textDocument/inlineCompletion", inlineParams(uri, line: 3, character: 0), timeout: 10)
        backend.releaseTask()
        let response = try h.peer.response(to: id)
        XCTAssertEqual((response["result"] as? [String: Any])?["applied"] as? Bool, true, "completions supersede completions only: \(response)")
        XCTAssertEqual(try h.finish(), 0)
    }

    // MARK: Bad input

    func testBadInputIsAnsweredPreciselyShownAndTheNextRequestWorks() throws {
        let h = try start()
        let cases: [(params: [String: Any], code: Int, says: String)] = [
            (["command": "infill.frobnicate", "arguments": [[String: Any]()]], -32602, "known: infill.translate, infill.writeFunction"),
            (["command": "infill.translate"], -32602, "takes one argument"),
            (["command": "infill.translate", "arguments": [["uri": uri, "targetLanguage": "go"]]], -32602, "arguments[0].range"),
            (["command": "infill.writeFunction", "arguments": [["uri": uri, "position": ["line": -1, "character": 0]]]], -32602, "arguments[0].position.line"),
            (["command": "infill.translate", "arguments": ["file:///a.rs"]], -32602, "arguments[0]"),
            (translate(range(1, 0, 40, 0)), -32602, "40"),
            (translate(range(2, 0, 1, 0)), -32602, "ends before it starts"),
            (translate(range(1, 0, 3, 0), uri: "file:///closed.rs"), -32602, "is not open"),
            (translate(range(1, 0, 3, 0), to: "klingon"), -32602, "known: python, rust"),
            (translate(range(1, 4, 1, 4)), -32803, "the selection is empty"),
            (["command": "infill.writeFunction", "arguments": [["uri": uri, "position": ["line": 0, "character": 0]]]], -32803, "not a comment"),
        ]
        for (index, c) in cases.enumerated() {
            let response = try h.peer.request("workspace/executeCommand", c.params)
            XCTAssertEqual(errorCode(response), c.code, "case \(index): \(response)")
            XCTAssertTrue(errorMessage(response).contains(c.says), "case \(index): '\(errorMessage(response))' should say '\(c.says)'")
            XCTAssertTrue(shownMessages(h).contains { $0.contains(c.says) }, "case \(index): shown to the user: \(shownMessages(h))")
        }
        XCTAssertTrue(applyEdits(h).isEmpty, "nothing was applied")
        XCTAssertEqual(h.backend.tasksStarted, 0, "no bad request reached the model")
        let good = try h.peer.request("workspace/executeCommand", translate(range(1, 0, 3, 0)))
        XCTAssertEqual((good["result"] as? [String: Any])?["applied"] as? Bool, true, "\(good)")
        XCTAssertEqual(try h.finish(), 0)
    }

    func testAFailedModelLoadIsAPreciseError() throws {
        let h = try start(backend: FakeBackend(load: .fail("no such model")))
        let response = try h.peer.request("workspace/executeCommand", translate(range(1, 0, 3, 0)))
        XCTAssertEqual(errorCode(response), -32803)
        XCTAssertTrue(errorMessage(response).contains("the model is not ready: cannot load model qwen2.5-coder-0.5b: no such model"), errorMessage(response))
        XCTAssertEqual(try h.finish(), 0)
    }

    // MARK: A model of their own (taskModel)

    /// Tasks run on the task model and say so; completions stay on theirs; threads reload both; "" gives
    /// tasks back to the completion model.
    func testTasksRunOnTheTaskModelUntilItIsTakenAway() throws {
        let h = try start(options: ["taskModel": "big", "threads": 2])
        let response = try h.peer.request("workspace/executeCommand", translate(range(1, 0, 3, 0)))
        XCTAssertEqual((response["result"] as? [String: Any])?["model"] as? String, "big", "\(response)")
        XCTAssertEqual(h.backend.loads.map(\.model), ["qwen2.5-coder-0.5b"], "completions keep their model")
        XCTAssertEqual(h.backend.taskModelLoads.map(\.model), ["big"])
        try h.open("file:///b.py", "x = 1\n")
        let completion = try h.peer.request("textDocument/inlineCompletion", inlineParams("file:///b.py", line: 1, character: 0), timeout: 10)
        XCTAssertEqual(insertTexts(completion), ["done"])

        try h.peer.notify("workspace/didChangeConfiguration", ["settings": ["threads": 1]])
        _ = try h.peer.notification("window/logMessage", containing: "task model big ready", count: 2)
        _ = try h.peer.notification("window/logMessage", containing: "model qwen2.5-coder-0.5b ready", count: 2)
        XCTAssertEqual(h.backend.taskModelLoads.map(\.threads), [2, 1], "the task model follows the threads")
        XCTAssertEqual(h.backend.loads.map(\.threads), [2, 1])

        try h.peer.notify("workspace/didChangeConfiguration", ["settings": ["taskModel": ""]])
        let back = try h.peer.request("workspace/executeCommand", translate(range(1, 0, 3, 0)))
        XCTAssertEqual((back["result"] as? [String: Any])?["model"] as? String, "qwen2.5-coder-0.5b", "\(back)")
        XCTAssertEqual(h.backend.taskModelLoads.map(\.model), ["big", "big", nil])
        XCTAssertEqual(try h.finish(), 0)
    }

    /// A task model that cannot be loaded is named in the task's error and shown once; completions go on, and
    /// a good task model afterwards works.
    func testATaskModelThatFailsToLoadIsAPreciseErrorAndCompletionsGoOn() throws {
        let backend = FakeBackend()
        backend.failingTaskModels = ["missing"]
        let h = try start(options: ["taskModel": "missing"], backend: backend)
        let response = try h.peer.request("workspace/executeCommand", translate(range(1, 0, 3, 0)))
        XCTAssertEqual(errorCode(response), -32803)
        XCTAssertTrue(errorMessage(response).contains("cannot load task model missing: no file named missing"), errorMessage(response))
        XCTAssertEqual(backend.tasksStarted, 0)
        XCTAssertTrue(shownMessages(h).contains { $0.contains("cannot load task model missing") }, "\(shownMessages(h))")
        try h.open("file:///b.py", "x = 1\n")
        let completion = try h.peer.request("textDocument/inlineCompletion", inlineParams("file:///b.py", line: 1, character: 0), timeout: 10)
        XCTAssertEqual(insertTexts(completion), ["done"], "completions never needed the task model")

        try h.peer.notify("workspace/didChangeConfiguration", ["settings": ["taskModel": "big"]])
        let good = try h.peer.request("workspace/executeCommand", translate(range(1, 0, 3, 0)))
        XCTAssertEqual((good["result"] as? [String: Any])?["model"] as? String, "big", "\(good)")
        XCTAssertEqual(try h.finish(), 0)
    }

    // MARK: allowRunningCode

    func testAllowRunningCodeIsOffUnlessTurnedOnWithABoolean() throws {
        let h = try start(options: ["taskMaxTokens": 32, "taskCandidates": 1])
        _ = try h.peer.request("workspace/executeCommand", translate(range(1, 0, 3, 0)))
        XCTAssertEqual(h.backend.taskRequests.last?.settings, BackendTaskSettings(allowRunningCode: false, maxTokens: 32, candidates: 1))
        try h.peer.notify("workspace/didChangeConfiguration", ["settings": ["allowRunningCode": "yes"]])
        let refusal = try h.peer.notification("window/showMessage")
        let message = (refusal["params"] as? [String: Any])?["message"] as? String ?? ""
        XCTAssertTrue(message.contains("'allowRunningCode' must be true or false"), message)
        _ = try h.peer.request("workspace/executeCommand", translate(range(1, 0, 3, 0)))
        XCTAssertEqual(h.backend.taskRequests.last?.settings.allowRunningCode, false, "a refused value leaves it off")
        try h.peer.notify("workspace/didChangeConfiguration", ["settings": ["infill": ["allowRunningCode": true]]])
        _ = try h.peer.request("workspace/executeCommand", translate(range(1, 0, 3, 0)))
        XCTAssertEqual(h.backend.taskRequests.last?.settings.allowRunningCode, true)
        XCTAssertEqual(try h.finish(), 0)
    }

    /// The reviewer and the repair round are on unless a boolean turns them off, each on its own.
    func testTheReviewAndTheRepairAreOnUnlessTurnedOff() throws {
        let h = try start(options: ["taskMaxTokens": 32, "taskRepair": false])
        _ = try h.peer.request("workspace/executeCommand", translate(range(1, 0, 3, 0)))
        XCTAssertEqual(h.backend.taskRequests.last?.settings, BackendTaskSettings(maxTokens: 32, review: true, repair: false, buildCheck: true))
        try h.peer.notify("workspace/didChangeConfiguration", ["settings": ["taskRepair": true, "taskReview": false, "taskBuildCheck": false]])
        _ = try h.peer.request("workspace/executeCommand", translate(range(1, 0, 3, 0)))
        XCTAssertEqual(h.backend.taskRequests.last?.settings, BackendTaskSettings(maxTokens: 32, review: false, repair: true, buildCheck: false))
        try h.peer.notify("workspace/didChangeConfiguration", ["settings": ["taskRepair": "no"]])
        let refusal = try h.peer.notification("window/showMessage")
        let message = (refusal["params"] as? [String: Any])?["message"] as? String ?? ""
        XCTAssertTrue(message.contains("'taskRepair' must be true or false"), message)
        XCTAssertEqual(try h.finish(), 0)
    }
}
