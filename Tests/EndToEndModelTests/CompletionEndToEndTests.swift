import Foundation
import TestSupport
import XCTest

/// Real completions from the real binary on the 0.5B model, as an editor would ask for them.
final class CompletionEndToEndTests: XCTestCase {
    private func startServer() throws -> LSPClient {
        let model = try TestModels.path("qwen2.5-coder-0.5b")
        let client = try LSPClient()
        _ = try client.initialize(options: ["model": model, "threads": 2])
        return client
    }

    private func inlineCompletion(_ client: LSPClient, uri: String, line: Int, character: Int, invoked: Bool = true) throws -> [[String: Any]] {
        let response = try client.request("textDocument/inlineCompletion", [
            "textDocument": ["uri": uri], "position": ["line": line, "character": character],
            "context": ["triggerKind": invoked ? 1 : 2],
        ], timeout: 180)
        XCTAssertNil(response["error"], "inlineCompletion failed: \(response)")
        let result = response["result"]
        if let list = result as? [String: Any] { return list["items"] as? [[String: Any]] ?? [] }
        return result as? [[String: Any]] ?? []
    }

    func testCompletesPythonAndSwift() throws {
        let client = try startServer()
        let python = """
        def add(a, b):
            \"\"\"Return the sum of a and b.\"\"\"
            return 

        print(add(2, 3))

        """
        try client.notify("textDocument/didOpen", ["textDocument": ["uri": "file:///tmp/add.py", "languageId": "python", "version": 1, "text": python]])
        let items = try inlineCompletion(client, uri: "file:///tmp/add.py", line: 2, character: 11, invoked: false)
        let text = items.first?["insertText"] as? String ?? ""
        XCTAssertTrue(text.replacingOccurrences(of: " ", with: "").hasPrefix("a+b"), "python completion: '\(text)'\n\(client.serverLog.suffix(2000))")
        XCTAssertNotNil(items.first?["range"], "items carry the range they replace")

        let swift = """
        struct Stack<Element> {
            private var items: [Element] = []

            mutating func push(_ item: Element) {
                items.append(item)
            }

            mutating func pop() -> Element? {
                
            }
        }

        """
        try client.notify("textDocument/didOpen", ["textDocument": ["uri": "file:///tmp/Stack.swift", "languageId": "swift", "version": 1, "text": swift]])
        let swiftItems = try inlineCompletion(client, uri: "file:///tmp/Stack.swift", line: 8, character: 8)
        let swiftText = swiftItems.first?["insertText"] as? String ?? ""
        XCTAssertTrue(swiftText.contains("popLast()") || swiftText.contains("removeLast()"), "swift completion: '\(swiftText)'")

        // The same candidates through textDocument/completion for clients without inline completion.
        let plain = try client.request("textDocument/completion", [
            "textDocument": ["uri": "file:///tmp/add.py"], "position": ["line": 2, "character": 11],
        ], timeout: 180)
        let list = plain["result"] as? [String: Any]
        let completionItems = (list?["items"] as? [[String: Any]]) ?? (plain["result"] as? [[String: Any]]) ?? []
        let first = try XCTUnwrap(completionItems.first, "completion items: \(plain)")
        XCTAssertNotNil(first["textEdit"])
        XCTAssertNotNil(first["filterText"])
    }

    func testIncrementalUTF16EditsWithEmojiAndCRLF() throws {
        let client = try startServer()
        let uri = "file:///tmp/emoji.py"
        // A line with an emoji (two UTF-16 units) and CRLF line ends.
        try client.notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "python", "version": 1,
                                                                    "text": "greeting = \"😀 hi\"\r\n\r\n"]])
        // Insert after the emoji on line 0 (UTF-16 column 13 is after `"😀`), then the function on line 1.
        try client.notify("textDocument/didChange", [
            "textDocument": ["uri": uri, "version": 2],
            "contentChanges": [
                ["range": ["start": ["line": 0, "character": 13], "end": ["line": 0, "character": 13]], "text": "!"],
                ["range": ["start": ["line": 1, "character": 0], "end": ["line": 1, "character": 0]],
                 "text": "def multiply(x, y):\r\n    \"\"\"Return x times y.\"\"\"\r\n    return "],
            ],
        ])
        let items = try inlineCompletion(client, uri: uri, line: 3, character: 11, invoked: false)
        let text = (items.first?["insertText"] as? String ?? "").replacingOccurrences(of: " ", with: "")
        XCTAssertTrue(text.hasPrefix("x*y"), "completion after UTF-16/CRLF edits: '\(text)'")
        // An impossible range is refused without losing the document: the next completion still works.
        try client.notify("textDocument/didChange", [
            "textDocument": ["uri": uri, "version": 3],
            "contentChanges": [["range": ["start": ["line": 99, "character": 0], "end": ["line": 0, "character": 0]], "text": "oops"]],
        ])
        let again = try inlineCompletion(client, uri: uri, line: 3, character: 11, invoked: false)
        XCTAssertEqual((again.first?["insertText"] as? String ?? "").replacingOccurrences(of: " ", with: ""), text)
    }

    func testCancelledCompletionAnswersQuickly() throws {
        let client = try startServer()
        let uri = "file:///tmp/long.py"
        let text = (0..<40).map { "def function_\($0)(value):\n    return value * \($0)\n\n" }.joined() + "def main():\n"
        try client.notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "python", "version": 1, "text": text]])
        let id = try client.sendRequest("textDocument/inlineCompletion", [
            "textDocument": ["uri": uri], "position": ["line": 120, "character": 0], "context": ["triggerKind": 1],
        ])
        usleep(300_000)
        try client.notify("$/cancelRequest", ["id": id])
        let started = Date()
        let response = try client.response(to: id, timeout: 30)
        let seconds = Date().timeIntervalSince(started)
        let code = (response["error"] as? [String: Any])?["code"] as? Int
        let items = ((response["result"] as? [String: Any])?["items"] as? [Any]) ?? (response["result"] as? [Any])
        XCTAssertTrue(code == -32800 || items?.isEmpty == true, "a cancelled request answers RequestCancelled or empty: \(response)")
        XCTAssertLessThan(seconds, 10, "cancellation reaches the running completion")
    }
}
