import Foundation
import TestSupport
import XCTest

/// The real binary over pipes: lifecycle, every error class, framing abuse. These need no model: the model
/// named in initializationOptions does not exist, so the server reports it and keeps serving the protocol.
final class ProtocolEndToEndTests: XCTestCase {
    private let noModel: [String: Any] = ["model": "/nonexistent/model.gguf"]

    func testLifecycleExitsZeroAfterShutdown() throws {
        let client = try LSPClient()
        let response = try client.initialize(options: noModel)
        let result = try XCTUnwrap(response["result"] as? [String: Any], "initialize result: \(response)")
        let capabilities = try XCTUnwrap(result["capabilities"] as? [String: Any])
        XCTAssertEqual(capabilities["positionEncoding"] as? String, "utf-16", "UTF-16 is the default encoding")
        XCTAssertNotNil(capabilities["inlineCompletionProvider"])
        XCTAssertNotNil(capabilities["completionProvider"])
        let shutdown = try client.request("shutdown")
        XCTAssertTrue(shutdown.keys.contains("result"), "shutdown answered: \(shutdown)")
        XCTAssertNil(shutdown["error"])
        let after = try client.request("textDocument/inlineCompletion", [String: Any]())
        XCTAssertEqual((after["error"] as? [String: Any])?["code"] as? Int, -32600, "requests after shutdown are invalid")
        try client.notify("exit")
        XCTAssertEqual(client.waitForExit(), 0)
    }

    func testExitWithoutShutdownExitsOne() throws {
        let client = try LSPClient()
        _ = try client.initialize(options: noModel)
        try client.notify("exit")
        XCTAssertEqual(client.waitForExit(), 1)
    }

    func testNegotiatesUTF8WhenOffered() throws {
        let client = try LSPClient()
        let response = try client.initialize(options: noModel, capabilities: ["general": ["positionEncodings": ["utf-8", "utf-16"]]])
        let capabilities = (response["result"] as? [String: Any])?["capabilities"] as? [String: Any]
        XCTAssertEqual(capabilities?["positionEncoding"] as? String, "utf-8")
    }

    func testEveryErrorClassLeavesTheServerServing() throws {
        let client = try LSPClient()
        // Before initialize: ServerNotInitialized.
        let early = try client.request("textDocument/inlineCompletion", [String: Any]())
        XCTAssertEqual(code(early), -32002)
        _ = try client.initialize(options: noModel)

        // Garbage bytes between messages, then a message split into tiny chunks.
        client.sendRaw(Array("this is not a header\r\n\r\n{}garbage".utf8))
        let body = Array(#"{"jsonrpc":"2.0","id":900,"method":"no/such/method"}"#.utf8)
        let framed = Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
        for byte in framed { client.sendRaw([byte]) }
        XCTAssertEqual(code(try client.response(to: 900)), -32601, "method not found")

        // Malformed JSON: parse error with a null id.
        client.sendRaw(Array("Content-Length: 9\r\n\r\n{\"id\": 1,".utf8))
        // Invalid UTF-8 in a body: parse error too.
        let bad: [UInt8] = Array(#"{"jsonrpc":"2.0","id":901,"method":"x","params":""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8)
        client.sendRaw(Array("Content-Length: \(bad.count)\r\n\r\n".utf8) + bad)
        // Invalid request: no method.
        try client.send(["jsonrpc": "2.0", "id": 902])
        // Invalid params: a completion request without a position.
        let invalidParams = try client.request("textDocument/inlineCompletion", ["textDocument": ["uri": "file:///a.py"]])
        XCTAssertEqual(code(invalidParams), -32602)
        let message = ((invalidParams["error"] as? [String: Any])?["message"] as? String) ?? ""
        XCTAssertTrue(message.contains("position"), "invalid params names the field: \(message)")

        // Unknown notifications get no answer; the next request is served normally.
        try client.notify("some/unknownNotification", ["x": 1])
        try client.notify("$/unknownDollar")
        let shutdown = try client.request("shutdown")
        XCTAssertNil(shutdown["error"], "served after every error: \(shutdown)")
        try client.notify("exit")
        XCTAssertEqual(client.waitForExit(), 0)
    }

    func testTenMegabyteDidOpenIsServed() throws {
        let client = try LSPClient()
        _ = try client.initialize(options: noModel)
        let line = String(repeating: "x = 1  # filler line for a large document\n", count: 1)
        let text = String(repeating: line, count: 10_000_000 / line.utf8.count + 1)
        try client.notify("textDocument/didOpen", ["textDocument": ["uri": "file:///big.py", "languageId": "python", "version": 1, "text": text]])
        let shutdown = try client.request("shutdown", nil, timeout: 60)
        XCTAssertNil(shutdown["error"])
    }

    private func code(_ response: [String: Any]) -> Int? {
        (response["error"] as? [String: Any])?["code"] as? Int
    }
}
