import Foundation
import TestSupport
import XCTest

/// Code actions and the bad inputs of `workspace/executeCommand` on the real binary, with a tiny model
/// written by the test (no chat template, no fill-in-the-middle tokens): everything here is decided from
/// the text or refused before any real generation, so it needs no real model.
final class CodeActionEndToEndTests: XCTestCase {
    private var modelPath = ""

    override func setUpWithError() throws {
        modelPath = try TinyModelFile().write()
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: modelPath)
    }

    private func startServer() throws -> LSPClient {
        let client = try LSPClient()
        _ = try client.initialize(options: ["model": modelPath, "threads": 1],
                                  capabilities: ["workspace": ["applyEdit": true], "window": ["workDoneProgress": true],
                                                 "textDocument": ["codeAction": ["codeActionLiteralSupport": ["codeActionKind": ["valueSet": ["refactor"]]]]]])
        return client
    }

    private func open(_ client: LSPClient, _ uri: String, _ language: String, _ text: String) throws {
        try client.notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": language, "version": 1, "text": text]])
    }

    private func range(_ l0: Int, _ c0: Int, _ l1: Int, _ c1: Int) -> [String: Any] {
        ["start": ["line": l0, "character": c0], "end": ["line": l1, "character": c1]]
    }

    private func codeActions(_ client: LSPClient, _ uri: String, _ range: [String: Any]) throws -> [[String: Any]] {
        let response = try client.request("textDocument/codeAction", ["textDocument": ["uri": uri], "range": range, "context": ["diagnostics": [Any]()]])
        return try XCTUnwrap(response["result"] as? [[String: Any]], "\(response)")
    }

    func testActionsOfferedAndNotOfferedOnHandWrittenDocuments() throws {
        let client = try startServer()
        // Python pasted into a Rust file.
        let rust = "fn main() {\n    println!(\"hi\");\n}\n\ndef add(a, b):\n    return a + b\n"
        try open(client, "file:///tmp/pasted.rs", "rust", rust)
        let pasted = try codeActions(client, "file:///tmp/pasted.rs", range(4, 0, 6, 0))
        XCTAssertEqual(pasted.first?["title"] as? String, "Translate to Rust")
        XCTAssertEqual(pasted.first?["isPreferred"] as? Bool, true)
        let titles = pasted.compactMap { $0["title"] as? String }
        for expected in ["Translate to JavaScript", "Translate to TypeScript", "Translate to C", "Translate to C++", "Translate to Java",
                         "Translate to Go", "Translate to Swift", "Translate to Kotlin", "Translate to C#", "Translate to Ruby", "Translate to PHP"] {
            XCTAssertTrue(titles.contains(expected), "\(expected) in \(titles)")
        }
        XCTAssertFalse(titles.contains("Translate to Python"), "not to the selection's own language")
        XCTAssertEqual(titles.filter { $0 == "Translate to Rust" }.count, 1)
        let command = try XCTUnwrap(pasted.first?["command"] as? [String: Any])
        XCTAssertEqual(command["command"] as? String, "infill.translate")
        XCTAssertEqual((command["arguments"] as? [[String: Any]])?.first?["targetLanguage"] as? String, "rust")

        // A comment above a signature without a body.
        let go = "package main\n\n// Sum returns the sum of xs.\nfunc Sum(xs []int) int {\n}\n"
        try open(client, "file:///tmp/sum.go", "go", go)
        let comment = try codeActions(client, "file:///tmp/sum.go", range(2, 5, 2, 5))
        XCTAssertEqual(comment.compactMap { $0["title"] as? String }, ["Write function from comment"])
        let write = try XCTUnwrap(comment.first?["command"] as? [String: Any])
        XCTAssertEqual(write["command"] as? String, "infill.writeFunction")

        // Plain code at a cursor: nothing; a selection of the file's own language: the list, not its own.
        let plain = "func Add(a int, b int) int {\n\treturn a + b\n}\n"
        try open(client, "file:///tmp/add.go", "go", plain)
        XCTAssertEqual(try codeActions(client, "file:///tmp/add.go", range(1, 3, 1, 3)).count, 0)
        let own = try codeActions(client, "file:///tmp/add.go", range(0, 0, 3, 0)).compactMap { $0["title"] as? String }
        XCTAssertFalse(own.contains("Translate to Go"))
        XCTAssertFalse(own.contains("Write function from comment"), "the function has a body")
        XCTAssertTrue(own.contains("Translate to Python"))
        _ = try client.request("shutdown")
        try client.notify("exit")
        XCTAssertEqual(client.waitForExit(), 0)
    }

    func testEveryBadInputIsAPreciseErrorShownToTheUserAndTheDocumentIsUntouched() throws {
        let client = try startServer()
        let uri = "file:///tmp/bad.py"
        let text = "import math\n\n# Returns the n-th prime.\ndef nth_prime(n):\n    pass\n\nx = 1\n\ndef add(a, b):\n    return a + b\n"
        try open(client, uri, "python", text)
        func translate(_ range: [String: Any], to target: String) -> [String: Any] {
            ["command": "infill.translate", "arguments": [["uri": uri, "range": range, "targetLanguage": target]]]
        }
        func write(line: Int) -> [String: Any] {
            ["command": "infill.writeFunction", "arguments": [["uri": uri, "position": ["line": line, "character": 0]]]]
        }
        let cases: [(name: String, params: [String: Any], code: Int, says: String)] = [
            ("unknown command", ["command": "infill.refactorEverything", "arguments": [[String: Any]()]], -32602, "unknown command 'infill.refactorEverything'"),
            ("no arguments", ["command": "infill.translate"], -32602, "takes one argument"),
            ("bad arguments", ["command": "infill.writeFunction", "arguments": [["uri": uri, "position": ["line": "3"]]]], -32602, "arguments[0].position.line"),
            ("unknown language", translate(range(6, 0, 7, 0), to: "cobol"), -32602, "unknown target language 'cobol'; known: python (py), javascript (js)"),
            ("empty selection", translate(range(1, 0, 1, 0), to: "go"), -32803, "the selection is empty"),
            ("range outside", translate(range(6, 0, 40, 0), to: "go"), -32602, "line 40 is outside"),
            ("no comment or signature", write(line: 6), -32803, "line 7 is not a comment, docstring or signature"),
            ("a function with a body", write(line: 8), -32803, "the function 'add' at line 9 already has a body"),
            ("a document not open", ["command": "infill.writeFunction", "arguments": [["uri": "file:///tmp/closed.py", "position": ["line": 0, "character": 0]]]],
             -32602, "is not open"),
            ("model without an instruction template", translate(range(3, 0, 5, 0), to: "go"), -32803, "no chat template"),
        ]
        for c in cases {
            let response = try client.request("workspace/executeCommand", c.params, timeout: 60)
            let error = response["error"] as? [String: Any]
            XCTAssertEqual(error?["code"] as? Int, c.code, "\(c.name): \(response)")
            let message = error?["message"] as? String ?? ""
            XCTAssertTrue(message.contains(c.says), "\(c.name): '\(message)' should say '\(c.says)'")
            let shown = client.notifications.filter { $0["method"] as? String == "window/showMessage" }
                .compactMap { ($0["params"] as? [String: Any])?["message"] as? String }
            XCTAssertTrue(shown.contains { $0.contains(c.says) }, "\(c.name): shown to the user, got \(shown)")
        }
        XCTAssertTrue(client.serverRequests.filter { $0["method"] as? String == "workspace/applyEdit" }.isEmpty, "the document was never touched")
        // The server still answers.
        XCTAssertEqual(try codeActions(client, uri, range(2, 3, 2, 3)).compactMap { $0["title"] as? String }, ["Write function from comment"])
        _ = try client.request("shutdown")
        try client.notify("exit")
        XCTAssertEqual(client.waitForExit(), 0)
    }
}
