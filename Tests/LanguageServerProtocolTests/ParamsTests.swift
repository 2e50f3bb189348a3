import Documents
import Foundation
import LanguageServerProtocol
import XCTest

/// Params are read from JSON text exactly as it arrives on the wire (decoded by JSONSerialization, as the
/// JSON-RPC layer does), and every rejection must name the field.
final class ParamsTests: XCTestCase {
    private func reader(_ json: String) throws -> FieldReader {
        FieldReader(try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]))
    }

    private func message(_ body: () throws -> Void) -> String? {
        do { try body() } catch let e as InvalidParams { return e.message } catch { return "unexpected \(error)" }
        return nil
    }

    func testCompletionParamsAreRead() throws {
        let p = try InlineCompletionRequest(json: reader(#"{"textDocument":{"uri":"file:///a.py"},"position":{"line":3,"character":7},"context":{"triggerKind":1}}"#))
        XCTAssertEqual(p.textDocument.uri, "file:///a.py")
        XCTAssertEqual(p.position, TextPosition(line: 3, character: 7))
        XCTAssertEqual(p.triggerKind, .invoked)
        let automatic = try InlineCompletionRequest(json: reader(#"{"textDocument":{"uri":"u"},"position":{"line":0,"character":0}}"#))
        XCTAssertEqual(automatic.triggerKind, .automatic, "no context: the editor asked by itself")
        let menu = try CompletionRequest(json: reader(#"{"textDocument":{"uri":"u"},"position":{"line":0,"character":0},"context":{"triggerKind":2}}"#))
        XCTAssertEqual(menu.triggerKind, .triggerCharacter, "classic completion carries its trigger (the server answers it in full)")
    }

    func testEveryBadFieldIsNamed() throws {
        let cases: [(String, String)] = [
            (#"[]"#, "params must be an object (got an array)"),
            (#"{"position":{"line":0,"character":0}}"#, "textDocument is missing (expected an object)"),
            (#"{"textDocument":{"uri":7},"position":{"line":0,"character":0}}"#, "textDocument.uri must be a string (got 7)"),
            (#"{"textDocument":{"uri":"u"}}"#, "position is missing (expected an object)"),
            (#"{"textDocument":{"uri":"u"},"position":{"line":"3","character":0}}"#, #"position.line must be a whole number ≥ 0 (got "3")"#),
            (#"{"textDocument":{"uri":"u"},"position":{"line":-1,"character":0}}"#, "position.line must be a whole number ≥ 0 (got -1)"),
            (#"{"textDocument":{"uri":"u"},"position":{"line":1.5,"character":0}}"#, "position.line must be a whole number ≥ 0 (got 1.5)"),
            (#"{"textDocument":{"uri":"u"},"position":{"line":1.0,"character":0}}"#, "position.line must be a whole number ≥ 0 (got 1.0)"),
            (#"{"textDocument":{"uri":"u"},"position":{"line":true,"character":0}}"#, "position.line must be a whole number ≥ 0 (got true)"),
            (#"{"textDocument":{"uri":"u"},"position":{"line":0}}"#, "position.character is missing (expected a whole number ≥ 0)"),
            (#"{"textDocument":{"uri":"u"},"position":{"line":0,"character":0},"context":{"triggerKind":9}}"#, "context.triggerKind must be 1 (invoked) or 2 (automatic) (got 9)"),
        ]
        for (json, expected) in cases {
            let r = try reader(json)
            XCTAssertEqual(message { _ = try InlineCompletionRequest(json: r) }, expected, json)
        }
    }

    func testDidChangeReadsRangedAndWholeChangesAndNamesTheBadOne() throws {
        let change = try DidChangeTextDocumentNotification(json: reader(#"""
            {"textDocument":{"uri":"u","version":4},"contentChanges":[
              {"range":{"start":{"line":0,"character":1},"end":{"line":2,"character":0}},"text":"x"},
              {"text":"whole"}]}
            """#))
        XCTAssertEqual(change.textDocument.uri, "u")
        XCTAssertEqual(change.textDocument.version, 4)
        XCTAssertEqual(change.contentChanges.count, 2)
        XCTAssertEqual(change.contentChanges[0].range, TextRange(start: TextPosition(line: 0, character: 1), end: TextPosition(line: 2, character: 0)))
        XCTAssertEqual(change.contentChanges[0].text, "x")
        XCTAssertNil(change.contentChanges[1].range)
        XCTAssertEqual(change.contentChanges[1].text, "whole")

        let bad = try reader(#"{"textDocument":{"uri":"u"},"contentChanges":[{"text":"a"},{"range":{"start":{"line":0,"character":0},"end":{"line":0}},"text":"b"}]}"#)
        XCTAssertEqual(message { _ = try DidChangeTextDocumentNotification(json: bad) }, "contentChanges[1].range.end.character is missing (expected a whole number ≥ 0)")
        let noText = try reader(#"{"textDocument":{"uri":"u"},"contentChanges":[{"range":null}]}"#)
        XCTAssertEqual(message { _ = try DidChangeTextDocumentNotification(json: noText) }, "contentChanges[0].text is missing (expected a string)")
    }

    func testDidOpenNeedsUriAndText() throws {
        let open = try DidOpenTextDocumentNotification(json: reader(#"{"textDocument":{"uri":"u","languageId":"python","version":1,"text":"pass\n"}}"#))
        XCTAssertEqual(open.languageID, "python")
        XCTAssertEqual(open.text, "pass\n")
        XCTAssertEqual(message { _ = try DidOpenTextDocumentNotification(json: reader(#"{"textDocument":{"uri":"u"}}"#)) }, "textDocument.text is missing (expected a string)")
    }

    func testInitializeChoosesTheEncoding() throws {
        func chosen(_ encodings: String) throws -> PositionEncoding {
            try InitializeRequest(json: reader(#"{"capabilities":{"general":{"positionEncodings":\#(encodings)}}}"#)).chosenEncoding
        }
        XCTAssertEqual(try chosen(#"["utf-16","utf-8"]"#), .utf8)
        XCTAssertEqual(try chosen(#"["utf-32"]"#), .utf32)
        XCTAssertEqual(try chosen(#"["utf-32","utf-16"]"#), .utf16)
        XCTAssertEqual(try chosen(#"[]"#), .utf16)
        XCTAssertEqual(try InitializeRequest(json: reader(#"{}"#)).chosenEncoding, .utf16, "no capabilities: the mandatory default")
        XCTAssertEqual(try InitializeRequest(json: reader(#"{"capabilities":{"general":{"positionEncodings":"utf-8"}}}"#)).chosenEncoding, .utf16,
                       "a malformed capability falls back to the default instead of refusing initialize")
        XCTAssertTrue(try InitializeRequest(json: reader(#"{"capabilities":{"window":{"workDoneProgress":true}}}"#)).capabilities.workDoneProgress)
        XCTAssertFalse(try InitializeRequest(json: reader(#"{"capabilities":{"window":{"workDoneProgress":1}}}"#)).capabilities.workDoneProgress)
        XCTAssertTrue(try InitializeRequest(json: reader(#"{"capabilities":{"workspace":{"applyEdit":true}}}"#)).capabilities.applyEdit)
    }

    func testSettingsAreKeptAsSent() throws {
        let request = try InitializeRequest(json: reader(#"{"capabilities":{},"initializationOptions":{"threads":true,"maxTokens":1.0,"n":3,"s":"x","a":[null]}}"#))
        XCTAssertEqual(request.initializationOptions, .object(["threads": .bool(true), "maxTokens": .double(1), "n": .integer(3), "s": .string("x"), "a": .array([.null])]),
                       "a boolean stays a boolean and 1.0 stays a fraction, so settings can refuse them by name")
    }
}
