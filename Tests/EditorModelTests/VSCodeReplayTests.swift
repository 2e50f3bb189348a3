import Foundation
import TestSupport
import XCTest

/// VS Code cannot be installed here, so the requests that editors/vscode's extension makes through
/// vscode-languageclient are replayed over the real binary.
///
/// Where the messages come from (read in microsoft/vscode-languageserver-node, client/src/common:
/// inlineCompletion.ts, codeConverter.ts, textSynchronization.ts): ids count from 0; `initialize` offers
/// `textDocument.inlineCompletion.dynamicRegistration: true`, `window.workDoneProgress: true` and UTF-16
/// positions, with the extension's `initializationOptions`; the client answers
/// `window/workDoneProgress/create` with null (the extension's handler does, to drive its status bar item);
/// `didOpen` has version 1; `didChange` sends `range`, `rangeLength` and `text`; an inline completion is
/// `textDocument/inlineCompletion` with `context.triggerKind` 2 while typing (VS Code's Automatic, converted
/// by `asInlineCompletionTriggerKind`) and 1 on Alt+\ (Invoke); a keystroke while one is pending cancels it
/// with `$/cancelRequest`. VS Code shows an item only when the document text from the item's `range` start
/// to the cursor is a prefix of its `insertText`, and accepting replaces the range with the text.
final class VSCodeReplayTests: XCTestCase {
    func testInlineCompletionAsVSCodeAsksForIt() throws {
        let model = try TestModels.path(EditorHarness.model)
        let client = try LSPClient()
        // initializationOptions as editors/vscode/src/settings.ts builds them from the defaults plus a model path.
        try client.send(["jsonrpc": "2.0", "id": 0, "method": "initialize", "params": [
            "processId": Int(getpid()), "clientInfo": ["name": "Visual Studio Code", "version": "1.95.0"], "locale": "en",
            "rootPath": "/tmp/project", "rootUri": "file:///tmp/project",
            "workspaceFolders": [["uri": "file:///tmp/project", "name": "project"]],
            "initializationOptions": ["model": model, "threads": 2, "strategy": ["automatic": "greedy+beam:2", "invoked": "beam:4"]],
            "capabilities": [
                "general": ["positionEncodings": ["utf-16"], "regularExpressions": ["engine": "ECMAScript", "version": "ES2020"]],
                "window": ["workDoneProgress": true, "showMessage": ["messageActionItem": ["additionalPropertiesSupport": true]]],
                "workspace": ["applyEdit": true, "configuration": true, "didChangeConfiguration": ["dynamicRegistration": true]],
                "textDocument": [
                    "synchronization": ["dynamicRegistration": true, "willSave": true, "willSaveWaitUntil": true, "didSave": true],
                    "completion": ["dynamicRegistration": true, "contextSupport": true,
                                   "completionItem": ["snippetSupport": true, "insertReplaceSupport": true, "labelDetailsSupport": true]],
                    "inlineCompletion": ["dynamicRegistration": true],
                ],
            ],
            "trace": "off",
        ] as [String: Any]])
        let initialized = try client.response(to: 0, timeout: 60)
        let capabilities = try XCTUnwrap((initialized["result"] as? [String: Any])?["capabilities"] as? [String: Any], "\(initialized)")
        XCTAssertNotNil(capabilities["inlineCompletionProvider"], "vscode-languageclient registers its provider only when this is set")
        XCTAssertEqual(capabilities["positionEncoding"] as? String ?? "utf-16", "utf-16")
        try client.notify("initialized", [String: Any]())

        let uri = "file:///tmp/project/area.py"
        try client.notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "python", "version": 1,
                                                                    "text": "def rectangle_area(width, height):\n    \"\"\"Return the area of a width by height rectangle.\"\"\"\n    return\n"]])
        // Typing ` ` at the end of `    return`: an automatic request, then `w` cancels it.
        try client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 2], "contentChanges": [
            ["range": ["start": ["line": 2, "character": 10], "end": ["line": 2, "character": 10]], "rangeLength": 0, "text": " "],
        ]])
        try client.send(["jsonrpc": "2.0", "id": 1, "method": "textDocument/inlineCompletion", "params": [
            "textDocument": ["uri": uri], "position": ["line": 2, "character": 11], "context": ["triggerKind": 2],
        ] as [String: Any]])
        try client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 3], "contentChanges": [
            ["range": ["start": ["line": 2, "character": 11], "end": ["line": 2, "character": 11]], "rangeLength": 0, "text": "w"],
        ]])
        try client.notify("$/cancelRequest", ["id": 1])
        let cancelled = try client.response(to: 1, timeout: 120)
        let code = (cancelled["error"] as? [String: Any])?["code"] as? Int
        let cancelledItems = (cancelled["result"] as? [String: Any])?["items"] as? [Any]
        XCTAssertTrue(code == -32800 || code == -32801 || cancelledItems != nil, "the superseded request is answered: \(cancelled)")

        // The request for `    return w` (automatic), repeated while the model loads.
        var nextID = 2
        let items = try EditorHarness.askUntilItems(client, "textDocument/inlineCompletion", [
            "textDocument": ["uri": uri], "position": ["line": 2, "character": 12], "context": ["triggerKind": 2],
        ], nextID: &nextID)
        let item = try XCTUnwrap(items.first, "no inline items; server log:\n\(client.serverLog.suffix(2000))")
        let insertText = try XCTUnwrap(item["insertText"] as? String, "\(item)")
        let range = try XCTUnwrap(item["range"] as? [String: Any], "\(item)")
        let start = try XCTUnwrap((range["start"] as? [String: Any])?["character"] as? Int)
        XCTAssertEqual((range["start"] as? [String: Any])?["line"] as? Int, 2)
        // VS Code's rule: the text from the range start to the cursor must start the insert text.
        let line = Array("    return w".utf16)
        let typed = String(decoding: line[min(start, line.count)...], as: UTF16.self)
        XCTAssertTrue(insertText.hasPrefix(typed), "VS Code would hide an item whose text does not start with `\(typed)`: \(item)")
        // Accepting replaces the range with the text.
        let accepted = String(decoding: line[..<min(start, line.count)], as: UTF16.self) + insertText
        XCTAssertTrue(EditorHarness.squeezed(accepted).hasPrefix("returnwidth*height"), "after accepting: \(accepted)")

        try client.send(["jsonrpc": "2.0", "id": nextID, "method": "shutdown"])
        _ = try client.response(to: nextID, timeout: 60)
        try client.notify("exit")
        XCTAssertEqual(client.waitForExit(), 0)
    }
}
