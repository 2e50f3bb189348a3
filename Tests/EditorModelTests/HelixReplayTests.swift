import Foundation
import TestSupport
import XCTest

/// Helix is not packaged for Debian 12, so its exact request sequence is replayed over the real binary.
///
/// Where the messages come from (read in Helix's source, helix-editor/helix, helix-lsp/src/client.rs at
/// commit 0002bec4aaf2ae6ba8e1114792222a9e5d7bc073): request ids count from 0 (`request_counter` starts at
/// 0); `initialize` offers `positionEncodings` utf-8, utf-32, utf-16, `insertReplaceSupport: true`,
/// `window.workDoneProgress: true`, `workspace.configuration: true`, and sends the server's `config` table
/// from languages.toml as `initializationOptions`; `didOpen` sends the whole text (a new document's
/// version is 0); `didChange` turns each change set into sequential incremental events (an insertion is a
/// range with start = end); `completion` sends `context` with `triggerKind` 1 when asked with C-x or by the
/// idle timer. Helix answers `window/workDoneProgress/create` with a null result. It then matches each item's
/// filterText (else label) against the word typed before the cursor and applies the `insert` range of an
/// `InsertReplaceEdit` (its default, `completion-replace = false`).
final class HelixReplayTests: XCTestCase {
    func testHelixCompletionSequenceInTheMiddleOfAWord() throws {
        let model = try TestModels.path(EditorHarness.model)
        let client = try LSPClient()
        // Helix's ids start at 0.
        try client.send(["jsonrpc": "2.0", "id": 0, "method": "initialize", "params": [
            "processId": Int(getpid()),
            "workspaceFolders": [["name": "project", "uri": "file:///tmp/project"]],
            "rootPath": "/tmp/project", "rootUri": "file:///tmp/project",
            "initializationOptions": ["model": model, "threads": 2, "candidates": 3],
            "capabilities": [
                "workspace": ["configuration": true, "didChangeConfiguration": ["dynamicRegistration": false],
                              "workspaceFolders": true, "applyEdit": true],
                "textDocument": [
                    "completion": ["completionItem": [
                        "snippetSupport": true, "insertReplaceSupport": true, "deprecatedSupport": true,
                        "resolveSupport": ["properties": ["documentation", "detail", "additionalTextEdits"]],
                        "tagSupport": ["valueSet": [1]]], "completionItemKind": [String: Any]()],
                    "hover": ["contentFormat": ["markdown"]],
                ],
                "window": ["workDoneProgress": true],
                "general": ["positionEncodings": ["utf-8", "utf-32", "utf-16"]],
            ],
            "clientInfo": ["name": "helix", "version": "25.07.1"],
        ] as [String: Any]])
        let initialized = try client.response(to: 0, timeout: 60)
        let capabilities = try XCTUnwrap((initialized["result"] as? [String: Any])?["capabilities"] as? [String: Any], "\(initialized)")
        XCTAssertEqual(capabilities["positionEncoding"] as? String, "utf-8", "Helix's first choice is taken")
        XCTAssertNotNil(capabilities["completionProvider"], "Helix asks only servers with a completionProvider")
        try client.notify("initialized", [String: Any]())

        // The document as Helix opens it (version 0), then typing `"Fizz` at the end of line 4 as one insertion.
        let uri = "file:///tmp/project/fizz.py"
        let opened = EditorHarness.fizzSource.replacingOccurrences(of: "return \"Fizz\n    if n % 3", with: "return \n    if n % 3")
        try client.notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "python", "version": 0, "text": opened]])
        try client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 1], "contentChanges": [
            ["range": ["start": ["line": 3, "character": 15], "end": ["line": 3, "character": 15]], "text": "\"Fizz"],
        ]])

        // C-x: completion with context, triggerKind 1 (ids 1, 2, ...: asked again while the model still loads).
        var nextID = 1
        let items = try EditorHarness.askUntilItems(client, "textDocument/completion", [
            "textDocument": ["uri": uri], "position": ["line": 3, "character": 20], "context": ["triggerKind": 1],
        ], nextID: &nextID)
        let item = try XCTUnwrap(items.first, "no completion items; server log:\n\(client.serverLog.suffix(2000))")
        let edit = try XCTUnwrap(item["textEdit"] as? [String: Any], "\(item)")
        let insert = try XCTUnwrap(edit["insert"] as? [String: Any], "an InsertReplaceEdit, as Helix offered insertReplaceSupport: \(item)")
        let replace = try XCTUnwrap(edit["replace"] as? [String: Any], "\(item)")
        let start = try XCTUnwrap(insert["start"] as? [String: Any])
        let end = try XCTUnwrap(insert["end"] as? [String: Any])
        XCTAssertEqual(start["line"] as? Int, 3)
        XCTAssertEqual(start["character"] as? Int, 16, "the edit starts at the typed word `Fizz` (UTF-8 columns)")
        XCTAssertEqual(end["character"] as? Int, 20, "the insert range ends at the cursor")
        XCTAssertEqual((replace["start"] as? [String: Any])?["character"] as? Int, 16)
        let newText = try XCTUnwrap(edit["newText"] as? String)
        let filterText = item["filterText"] as? String ?? item["label"] as? String ?? ""
        XCTAssertTrue(filterText.hasPrefix("Fizz"), "Helix matches the filterText against `Fizz`: \(item)")

        // Apply the insert range as Helix does: line 4 becomes the typed word plus the suggestion.
        let line = Array("        return \"Fizz".utf8)
        let applied = String(decoding: line[..<16], as: UTF8.self) + newText
        XCTAssertTrue(applied.hasPrefix("        return \"Fizz") && applied.count > line.count, "after the edit: \(applied)")
        XCTAssertFalse(applied.contains("FizzFizz"), "the typed word is not repeated: \(applied)")

        // Quitting Helix: shutdown, exit.
        try client.send(["jsonrpc": "2.0", "id": nextID, "method": "shutdown"])
        _ = try client.response(to: nextID, timeout: 60)
        try client.notify("exit")
        XCTAssertEqual(client.waitForExit(), 0, "the server ends cleanly after shutdown and exit")
    }
}
