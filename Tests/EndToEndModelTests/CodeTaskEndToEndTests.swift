import Foundation
import TestSupport
import XCTest

/// Translate and write-a-function through the real binary on qwen2.5-coder-0.5b, as an editor does it:
/// code action → `workspace/executeCommand` → the server's `workspace/applyEdit` → the client applies it.
/// Few tokens per task (`taskMaxTokens`, one greedy candidate) so that the suite stays short on 2 cores.
final class CodeTaskEndToEndTests: XCTestCase {
    private func startServer(applyEdit: Bool = true, options: [String: Any] = [:]) throws -> LSPClient {
        let model = try TestModels.path("qwen2.5-coder-0.5b")
        let client = try LSPClient()
        client.answerServerRequest = { request in
            request["method"] as? String == "workspace/applyEdit" ? ["result": ["applied": true]] : ["result": NSNull()]
        }
        let base: [String: Any] = ["model": model, "threads": 2, "taskMaxTokens": 64, "taskCandidates": 1]
        _ = try client.initialize(options: base.merging(options) { $1 },
                                  capabilities: ["workspace": ["applyEdit": applyEdit], "window": ["workDoneProgress": true],
                                                 "textDocument": ["codeAction": ["codeActionLiteralSupport": ["codeActionKind": ["valueSet": ["refactor"]]]]]])
        return client
    }

    /// Waits for the server's "model … ready" log message.
    private func waitUntilReady(_ client: LSPClient) throws {
        var count = 1
        while try !client.notifications("window/logMessage", count: count, timeout: 120).contains(where: {
            (($0["params"] as? [String: Any])?["message"] as? String)?.hasSuffix(" ready") == true
        }) { count += 1 }
    }

    /// The `$/progress` "begin" notifications the client has received so far.
    private func progressBegins(_ client: LSPClient) -> [[String: Any]] {
        client.notifications.filter {
            $0["method"] as? String == "$/progress"
                && (($0["params"] as? [String: Any])?["value"] as? [String: Any])?["kind"] as? String == "begin"
        }
    }

    /// Waits for the `number`-th progress "begin" (a task has started) and returns its token. Waiting for any
    /// new `$/progress` instead raced: the previous task's "end" can arrive after its answer, and the test then
    /// cancelled the finished task's token while the new task ran on (a clean-clone CI failed so, 2026-12-03).
    private func progressToken(_ client: LSPClient, begin number: Int) throws -> Any {
        while progressBegins(client).count < number {
            let seen = client.notifications.filter { $0["method"] as? String == "$/progress" }.count
            _ = try client.notifications("$/progress", count: seen + 1, timeout: 60)
        }
        return try XCTUnwrap(progressBegins(client)[number - 1]["params"] as? [String: Any])["token"] ?? NSNull()
    }

    private func open(_ client: LSPClient, _ uri: String, _ language: String, _ text: String) throws {
        try client.notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": language, "version": 1, "text": text]])
    }

    private func range(_ l0: Int, _ c0: Int, _ l1: Int, _ c1: Int) -> [String: Any] {
        ["start": ["line": l0, "character": c0], "end": ["line": l1, "character": c1]]
    }

    /// `text` with `edit` ({range, newText}, UTF-16 positions) applied, as a client applies it.
    private func apply(_ edit: [String: Any], to text: String) throws -> String {
        let range = try XCTUnwrap(edit["range"] as? [String: Any])
        func offset(_ position: Any?) throws -> String.Index {
            let p = try XCTUnwrap(position as? [String: Any])
            let line = try XCTUnwrap(p["line"] as? Int), character = try XCTUnwrap(p["character"] as? Int)
            var index = text.utf16.startIndex
            for _ in 0..<line { index = text.utf16.index(after: try XCTUnwrap(text.utf16[index...].firstIndex(of: 10))) }
            return text.utf16.index(index, offsetBy: character)
        }
        return text.replacingCharacters(in: try offset(range["start"])..<offset(range["end"]), with: try XCTUnwrap(edit["newText"] as? String))
    }

    /// The one edit of the server's `workspace/applyEdit` for `uri`.
    private func appliedEdit(_ client: LSPClient, uri: String) throws -> [String: Any] {
        let requests = client.serverRequests.filter { $0["method"] as? String == "workspace/applyEdit" }
        XCTAssertEqual(requests.count, 1)
        let changes = try XCTUnwrap(((requests.first?["params"] as? [String: Any])?["edit"] as? [String: Any])?["changes"] as? [String: Any])
        let edits = try XCTUnwrap(changes[uri] as? [[String: Any]])
        XCTAssertEqual(edits.count, 1)
        return edits[0]
    }

    func testPythonPastedIntoJavaScriptIsTranslatedInPlace() throws {
        let client = try startServer()
        let uri = "file:///tmp/math.js"
        let text = "const PI = 3.14;\n\ndef add(a, b):\n    return a + b\n\nconsole.log(PI);\n"
        try open(client, uri, "javascript", text)
        let actions = try XCTUnwrap(try client.request("textDocument/codeAction", [
            "textDocument": ["uri": uri], "range": range(2, 0, 4, 0), "context": ["diagnostics": [Any]()],
        ])["result"] as? [[String: Any]])
        XCTAssertEqual(actions.first?["title"] as? String, "Translate to JavaScript")
        let command = try XCTUnwrap(actions.first?["command"] as? [String: Any])
        let response = try client.request("workspace/executeCommand", ["command": command["command"] ?? "", "arguments": command["arguments"] ?? []],
                                          timeout: 300)
        let result = try XCTUnwrap(response["result"] as? [String: Any], "\(response)\n\(client.serverLog.suffix(2000))")
        XCTAssertEqual(result["applied"] as? Bool, true)
        let edit = try appliedEdit(client, uri: uri)
        let newText = try XCTUnwrap(edit["newText"] as? String)
        XCTAssertEqual(result["code"] as? String, newText.trimmingCharacters(in: .newlines), "the answer carries the code that was applied")
        let after = try apply(edit, to: text)
        XCTAssertEqual(after, "const PI = 3.14;\n\n" + newText + "\nconsole.log(PI);\n", "the selection, and only it, was replaced")
        XCTAssertTrue(newText.hasSuffix("\n"), "whole lines stay whole lines")
        XCTAssertTrue(newText.contains("add") && (newText.contains("function") || newText.contains("=>")), "a JavaScript function: \(newText)")
        XCTAssertFalse(newText.contains("def ") || newText.contains("```"), "no Python and no fence left: \(newText)")
        // The client applied it (its didChange follows); the server goes on with the new text.
        try client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 2], "contentChanges": [["text": after]]])
        let again = try client.request("textDocument/codeAction", ["textDocument": ["uri": uri], "range": range(0, 0, 0, 0)])
        XCTAssertNil(again["error"])
    }

    func testAFunctionIsWrittenUnderItsDocstringWithTheFilesIndentation() throws {
        let client = try startServer()
        let uri = "file:///tmp/shapes.py"
        let text = "class Square:\n    def __init__(self, side):\n        self.side = side\n\n    def area(self):\n        \"\"\"Return the area of the square.\"\"\"\n        pass\n\n\nprint(Square(2).area())\n"
        try open(client, uri, "python", text)
        let response = try client.request("workspace/executeCommand", [
            "command": "infill.writeFunction", "arguments": [["uri": uri, "position": ["line": 5, "character": 12]]],
        ], timeout: 300)
        let result = try XCTUnwrap(response["result"] as? [String: Any], "\(response)\n\(client.serverLog.suffix(2000))")
        XCTAssertEqual(result["applied"] as? Bool, true)
        let edit = try appliedEdit(client, uri: uri)
        let body = try XCTUnwrap(edit["newText"] as? String)
        let after = try apply(edit, to: text)
        XCTAssertFalse(after.contains("pass"), "the stub was replaced: \(after)")
        XCTAssertTrue(after.hasPrefix("class Square:\n    def __init__(self, side):\n        self.side = side\n\n    def area(self):\n        \"\"\"Return the area of the square.\"\"\"\n"))
        XCTAssertTrue(after.hasSuffix("\nprint(Square(2).area())\n"), after)
        XCTAssertTrue(body.contains("self.side"), "a body about the square: \(body)")
        for line in body.split(separator: "\n") where !line.allSatisfy(\.isWhitespace) {
            XCTAssertTrue(line.hasPrefix("        "), "the method's body indentation: '\(line)'")
        }
        XCTAssertTrue((result["code"] as? String ?? "").hasPrefix("    def area(self):\n"), "the whole function, signature included")
    }

    func testAClientWithoutApplyEditGetsTheCodeInTheAnswer() throws {
        let client = try startServer(applyEdit: false)
        let uri = "file:///tmp/twice.go"
        let text = "package main\n\n// Twice returns 2 * x.\nfunc Twice(x int) int {\n}\n"
        try open(client, uri, "go", text)
        let response = try client.request("workspace/executeCommand", [
            "command": "infill.writeFunction", "arguments": [["uri": uri, "position": ["line": 2, "character": 0]]],
        ], timeout: 300)
        let result = try XCTUnwrap(response["result"] as? [String: Any], "\(response)")
        XCTAssertEqual(result["applied"] as? Bool, false)
        let code = try XCTUnwrap(result["code"] as? String)
        XCTAssertTrue(code.hasPrefix("func Twice(x int) int {") && code.contains("return"), code)
        // Written by the chat template (a function alone in its file), whose answer is a whole program: only
        // the function goes into the file.
        XCTAssertFalse(code.contains("package ") || code.contains("func main"), code)
        let edit = try XCTUnwrap(result["edit"] as? [String: Any])
        XCTAssertEqual(edit["uri"] as? String, uri)
        let after = try apply(edit, to: text)
        XCTAssertTrue(after.hasPrefix("package main\n\n// Twice returns 2 * x.\nfunc Twice(x int) int {\n"), after)
        XCTAssertEqual(after.components(separatedBy: "package main").count, 2, "one package clause: \(after)")
        XCTAssertTrue(client.serverRequests.filter { $0["method"] as? String == "workspace/applyEdit" }.isEmpty)
    }

    private static let shoutGoURI = "file:///tmp/shout.go"
    /// A Go program with a Python function pasted below it (lines 8-9).
    private static let shoutGoFile = "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(shout(\"hi\"))\n}\n\ndef shout(s):\n    return s.upper() + \"!\"\n"

    /// Opens `shoutGoFile`, translates its Python function to Go, and returns the command's result.
    private func translateShout(_ client: LSPClient) throws -> [String: Any] {
        try open(client, Self.shoutGoURI, "go", Self.shoutGoFile)
        let response = try client.request("workspace/executeCommand", [
            "command": "infill.translate", "arguments": [["uri": Self.shoutGoURI, "range": range(8, 0, 10, 0), "targetLanguage": "go"]],
        ], timeout: 300)
        return try XCTUnwrap(response["result"] as? [String: Any], "\(response)\n\(client.serverLog.suffix(2000))")
    }

    /// Python pasted into a Go file and translated: what goes into the file is the function, never a second
    /// package clause or a `main` (the 0.5B answers with a whole program), and the file keeps one of each.
    func testATranslationIntoAGoFileAddsNoPackageClauseOrMain() throws {
        let client = try startServer(applyEdit: false, options: ["taskCandidates": 1])
        let result = try translateShout(client)
        let text = Self.shoutGoFile
        let code = try XCTUnwrap(result["code"] as? String)
        XCTAssertTrue(code.contains("func shout("), code)
        XCTAssertFalse(code.contains("package ") || code.contains("func main"), code)
        var after = try apply(try XCTUnwrap(result["edit"] as? [String: Any]), to: text)
        for other in result["additionalEdits"] as? [[String: Any]] ?? [] { after = try apply(other, to: after) }   // imports: above the edit
        XCTAssertEqual(after.components(separatedBy: "package main").count, 2, "one package clause: \(after)")
        XCTAssertEqual(after.components(separatedBy: "func main").count, 2, "one main: \(after)")
    }

    /// With a task model of their own (`taskModel`), tasks run on it while completions stay on the
    /// completion model: here SmolLM2 (no fill-in-the-middle) completes, the 0.5B translates, and the answer
    /// names the model that wrote the code.
    func testATaskModelOfTheirOwnTranslatesWhileCompletionsStayOnTheirs() throws {
        let client = try startServer(applyEdit: false, options: ["model": try TestModels.path("smollm2-135m"),
                                                                 "taskModel": try TestModels.path("qwen2.5-coder-0.5b")])
        let result = try translateShout(client)
        XCTAssertEqual(result["model"] as? String, "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf")
        XCTAssertTrue((result["code"] as? String ?? "").contains("func shout("), "\(result)")
        let completion = try client.request("textDocument/inlineCompletion", [
            "textDocument": ["uri": Self.shoutGoURI], "position": ["line": 5, "character": 1],
            "context": ["triggerKind": 1],
        ], timeout: 120)
        XCTAssertNil(completion["error"], "\(completion)")
        XCTAssertTrue(client.serverLog.contains("SmolLM2-135M-Instruct.Q4_1.gguf: llama"), "completions run on SmolLM2: \(client.serverLog.suffix(2000))")
    }

    /// The same file named for completions and for tasks, both loading at start-up: it is mapped once (one
    /// "loaded" line; before 2026-12-05 each role mapped it, with a thread pool each), and tasks run on it.
    func testOneFileForBothRolesIsMappedOnce() throws {
        let smol = try TestModels.path("smollm2-135m")
        let client = try startServer(applyEdit: false, options: ["model": smol, "taskModel": smol])
        var count = 1
        while try client.notifications("window/logMessage", count: count, timeout: 120).filter({
            (($0["params"] as? [String: Any])?["message"] as? String)?.hasSuffix(" ready") == true
        }).count < 2 { count += 1 }
        let log = client.serverLog
        XCTAssertEqual(log.components(separatedBy: "SmolLM2-135M-Instruct.Q4_1.gguf: llama").count - 1, 1, log)
        XCTAssertTrue(log.contains("its model is shared") || log.contains("its model will be shared"), log)
        let result = try translateShout(client)
        XCTAssertEqual(result["model"] as? String, "SmolLM2-135M-Instruct.Q4_1.gguf")
    }

    /// An edit of the document while the task runs (sent once its progress has begun): the result is
    /// dropped, never applied. Then `window/workDoneProgress/cancel` and `$/cancelRequest` each stop a task.
    ///
    /// The source is long (six functions, hundreds of tokens to write): with one short function the second
    /// and third translations, whose prompt was already in the cache, finished on a fast CI machine before
    /// the cancellation arrived (a clean-clone CI failed so, 2026-12-03). An edit or a cancellation stops a
    /// task at its next token, so a long answer costs this test nothing.
    func testStaleResultsAreDroppedAndTasksCanBeCancelled() throws {
        let client = try startServer(options: ["taskMaxTokens": 512])
        try waitUntilReady(client)      // so that the tasks are stopped while they run, not while they wait for the model
        let uri = "file:///tmp/stats.rs"
        try open(client, uri, "rust", "fn main() {}\n\n" + Self.sixPythonFunctions)
        let translate: [String: Any] = ["command": "infill.translate", "arguments": [["uri": uri, "range": range(2, 0, 43, 0), "targetLanguage": "rust"]]]

        var begun = progressBegins(client).count
        let stale = try client.sendRequest("workspace/executeCommand", translate)
        _ = try progressToken(client, begin: begun + 1)
        try client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 2],
                                                     "contentChanges": [["range": range(0, 12, 0, 12), "text": " // typing"]]])
        let staleResponse = try client.response(to: stale, timeout: 300)
        XCTAssertEqual((staleResponse["error"] as? [String: Any])?["code"] as? Int, -32801, "ContentModified: \(staleResponse)")

        begun = progressBegins(client).count
        let byProgress = try client.sendRequest("workspace/executeCommand", translate)
        let token = try progressToken(client, begin: begun + 1)
        try client.notify("window/workDoneProgress/cancel", ["token": token])
        let progressResponse = try client.response(to: byProgress, timeout: 300)
        XCTAssertEqual((progressResponse["error"] as? [String: Any])?["code"] as? Int, -32800, "RequestCancelled: \(progressResponse)")

        begun = progressBegins(client).count
        let byRequest = try client.sendRequest("workspace/executeCommand", translate)
        _ = try progressToken(client, begin: begun + 1)
        try client.notify("$/cancelRequest", ["id": byRequest])
        let cancelResponse = try client.response(to: byRequest, timeout: 300)
        XCTAssertEqual((cancelResponse["error"] as? [String: Any])?["code"] as? Int, -32800, "RequestCancelled: \(cancelResponse)")

        XCTAssertTrue(client.serverRequests.filter { $0["method"] as? String == "workspace/applyEdit" }.isEmpty, "nothing was applied")
    }

    /// Six small Python functions (lines 0–40 of the text, 41 lines in all): a translation long enough to be
    /// stopped while it runs on any machine.
    static let sixPythonFunctions = (0..<6).map {
        "def stat_\($0)(xs):\n    total = 0\n    for x in xs:\n        if x % \($0 + 2) == 0:\n            total += x * x\n    return total\n"
    }.joined(separator: "\n")

    /// A completion in another document while a long translation runs is answered while the translation
    /// is still running (the task gives the model away at its next token): cancelling the translation
    /// afterwards finds it still running.
    func testACompletionIsAnsweredWhileATranslationRuns() throws {
        let client = try startServer(options: ["taskMaxTokens": 512])
        try waitUntilReady(client)
        let uri = "file:///tmp/stats.go"
        try open(client, uri, "go", "package main\n\n" + Self.sixPythonFunctions)
        try open(client, "file:///tmp/add.py", "python", "def add(a, b):\n    return \n")
        let begun = progressBegins(client).count
        let translation = try client.sendRequest("workspace/executeCommand", [
            "command": "infill.translate", "arguments": [["uri": uri, "range": range(2, 0, 43, 0), "targetLanguage": "go"]],
        ])
        _ = try progressToken(client, begin: begun + 1)
        let completion = try client.request("textDocument/inlineCompletion", [
            "textDocument": ["uri": "file:///tmp/add.py"], "position": ["line": 1, "character": 11], "context": ["triggerKind": 1],
        ], timeout: 120)
        XCTAssertNil(completion["error"], "\(completion)")
        try client.notify("$/cancelRequest", ["id": translation])
        let response = try client.response(to: translation, timeout: 120)
        XCTAssertEqual((response["error"] as? [String: Any])?["code"] as? Int, -32800,
                       "the translation was still running when the completion was answered: \(response)")
    }

    /// An editor that quits (ends the server's input without `exit`) while a long translation runs: the
    /// server stops the translation and exits at once, with 1 (no `shutdown`), instead of running it to
    /// the end for nobody (199 s for one translation of the 0.5B on a loaded Zen 5 core, 2026-12-03).
    func testEndOfInputStopsARunningTaskAndTheServerExits() throws {
        let client = try startServer(options: ["taskMaxTokens": 1500, "taskCandidates": 4])
        try waitUntilReady(client)
        let uri = "file:///tmp/stats.go"
        try open(client, uri, "go", "package main\n\n" + Self.sixPythonFunctions)
        let begun = progressBegins(client).count
        _ = try client.sendRequest("workspace/executeCommand", [
            "command": "infill.translate", "arguments": [["uri": uri, "range": range(2, 0, 43, 0), "targetLanguage": "go"]],
        ])
        _ = try progressToken(client, begin: begun + 1)
        try client.closeServerInput()
        XCTAssertEqual(client.waitForExit(timeout: 15), 1, "the server still runs the task: \(client.serverLog.suffix(1500))")
    }

    /// A megabyte of minified code on one line (some 300,000 tokens, far past the model's context): its
    /// translation is refused at once with the reason (a JSON-RPC error with the sizes), nothing is edited,
    /// and the next request on the document works. (Before, the daemon evaluated it for over ten minutes.)
    func testAMegabyteLineIsRefusedWithItsReasonAndTheNextRequestWorks() throws {
        let client = try startServer()
        let uri = "file:///tmp/bundle.min.js"
        let line = String(repeating: "function f(a,b){return a+b};", count: 36_000)
        try open(client, uri, "javascript", line + "\n")
        let offered = try client.request("textDocument/codeAction", [
            "textDocument": ["uri": uri], "range": range(0, 0, 0, line.utf16.count), "context": ["diagnostics": [Any]()],
        ])
        XCTAssertNotNil(offered["result"] as? [[String: Any]], "\(offered)")
        let response = try client.request("workspace/executeCommand", [
            "command": "infill.translate", "arguments": [["uri": uri, "range": range(0, 0, 0, line.utf16.count), "targetLanguage": "python"]],
        ], timeout: 300)
        let error = try XCTUnwrap(response["error"] as? [String: Any], "\(response)")
        let message = error["message"] as? String ?? ""
        XCTAssertTrue(message.contains("too long") && message.contains("select less code"), message)
        XCTAssertTrue(client.serverRequests.filter { $0["method"] as? String == "workspace/applyEdit" }.isEmpty)
        let actions = try client.request("textDocument/codeAction", [
            "textDocument": ["uri": uri], "range": range(0, 0, 0, 28), "context": ["diagnostics": [Any]()],
        ])
        XCTAssertNotNil(actions["result"] as? [[String: Any]], "\(actions)")
    }

    /// `allowRunningCode` off (the default): the docstring's example is never run, so the file its
    /// expression would create never appears, in any language with a harness; turned on, it is run (the same
    /// task), and the file appears (the control, in Python and JavaScript: interpreted, so the example runs
    /// whatever the model wrote as long as it parses).
    func testExamplesRunOnlyWhenAllowed() throws {
        var markers: [String] = []
        defer { for marker in markers { try? FileManager.default.removeItem(atPath: marker) } }
        // A fixed name per language (not a UUID): the path is part of the prompt, and a random one made the
        // model's answer, hence the test, differ from run to run (a clean-clone CI once got a JavaScript
        // answer that ran nothing).
        func marker(_ language: String) -> String {
            markers.append(FileManager.default.temporaryDirectory.appendingPathComponent("infill-example-ran-\(language)").path)
            try? FileManager.default.removeItem(atPath: markers.last!)
            return markers.last!
        }
        // (uri, language id, text with the marker's path, whether the control runs it too)
        let documents: [(String, String, (String) -> String, Bool)] = [
            ("file:///tmp/double.py", "python",
             { "def double(x):\n    \"\"\"Return twice x.\n\n    >>> double(open('\($0)', 'w').write('ran') and 2)\n    4\n    \"\"\"\n    pass\n" }, true),
            ("file:///tmp/double.js", "javascript",
             { "/* Twice x.\n  >>> double(require('fs').writeFileSync('\($0)', 'ran') || 2)\n  4\n*/\nfunction double(x) {\n}\n" }, true),
            ("file:///tmp/double.cpp", "cpp",
             { "/*\nTwice x.\n>>> twice(fopen(\"\($0)\", \"w\") ? 2 : 2)\n4\n*/\nint twice(int x) {\n}\n" }, false),
            ("file:///tmp/Double.java", "java",
             { "class Solution {\n    /**\n    Twice x.\n    >>> twice(new java.io.File(\"\($0)\").createNewFile() ? 2 : 2)\n    4\n     */\n    public int twice(int x) {\n    }\n}\n" }, false),
            ("file:///tmp/double.go", "go",
             { "import \"os\"\n\n// Twice x.\n// >>> Twice(map[bool]int{true: 2, false: 2}[os.WriteFile(\"\($0)\", nil, 0o644) == nil])\n// 4\nfunc Twice(x int) int {\n}\n" }, false),
        ]
        // Enough tokens for a whole answer: the chat template writes these standalone functions, and the 0.5B
        // repeats the docstring, whose marker path alone is ~40 tokens (at 64 the code was cut inside the
        // docstring, a program that cannot run, so the control ran nothing).
        let off = try startServer(applyEdit: false, options: ["taskMaxTokens": 160])
        let on = try startServer(applyEdit: false, options: ["allowRunningCode": true, "taskMaxTokens": 160])
        for (uri, language, text, control) in documents {
            let path = marker(language)
            // The signature's line (a line inside a `/* … */` comment that does not start with `*` is not taken
            // for a comment line by `FunctionSite`).
            let line = try XCTUnwrap(text(path).split(separator: "\n", omittingEmptySubsequences: false).firstIndex { line in
                ["def ", "function ", "int ", "public ", "func "].contains { line.trimmingCharacters(in: .whitespaces).hasPrefix($0) }
            })
            let write: [String: Any] = ["command": "infill.writeFunction", "arguments": [["uri": uri, "position": ["line": line, "character": 0]]]]
            try open(off, uri, language, text(path))
            let offResponse = try off.request("workspace/executeCommand", write, timeout: 300)
            XCTAssertNotNil(offResponse["result"], "\(language): \(offResponse)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: path), "\(language): allowRunningCode is off, nothing was run")
            guard control else { continue }
            try open(on, uri, language, text(path))
            let onResponse = try on.request("workspace/executeCommand", write, timeout: 300)
            XCTAssertNotNil(onResponse["result"], "\(language): \(onResponse)")
            XCTAssertTrue(FileManager.default.fileExists(atPath: path), "\(language): allowRunningCode on, the example was run (the control)")
        }
    }
}
