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
        let p = try CompletionParams(reader(#"{"textDocument":{"uri":"file:///a.py"},"position":{"line":3,"character":7},"context":{"triggerKind":1}}"#), inline: true)
        XCTAssertEqual(p.uri, "file:///a.py")
        XCTAssertEqual(p.position, LSPPosition(line: 3, character: 7))
        XCTAssertEqual(p.trigger, .invoked)
        let automatic = try CompletionParams(reader(#"{"textDocument":{"uri":"u"},"position":{"line":0,"character":0}}"#), inline: true)
        XCTAssertEqual(automatic.trigger, .automatic, "no context: the editor asked by itself")
        let menu = try CompletionParams(reader(#"{"textDocument":{"uri":"u"},"position":{"line":0,"character":0},"context":{"triggerKind":2}}"#), inline: false)
        XCTAssertEqual(menu.trigger, .invoked, "classic completion is always answered in full")
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
            (#"{"textDocument":{"uri":"u"},"position":{"line":true,"character":0}}"#, "position.line must be a whole number ≥ 0 (got true)"),
            (#"{"textDocument":{"uri":"u"},"position":{"line":0}}"#, "position.character is missing (expected a whole number ≥ 0)"),
            (#"{"textDocument":{"uri":"u"},"position":{"line":0,"character":0},"context":{"triggerKind":9}}"#, "context.triggerKind must be 1 (invoked) or 2 (automatic) (got 9)"),
        ]
        for (json, expected) in cases {
            let r = try reader(json)
            XCTAssertEqual(message { _ = try CompletionParams(r, inline: true) }, expected, json)
        }
    }

    func testDidChangeReadsRangedAndWholeChangesAndNamesTheBadOne() throws {
        let change = try DidChangeParams(reader(#"""
            {"textDocument":{"uri":"u","version":4},"contentChanges":[
              {"range":{"start":{"line":0,"character":1},"end":{"line":2,"character":0}},"text":"x"},
              {"text":"whole"}]}
            """#))
        XCTAssertEqual(change.uri, "u")
        XCTAssertEqual(change.version, 4)
        XCTAssertEqual(change.changes.count, 2)
        XCTAssertEqual(change.changes[0].range, LSPRange(start: LSPPosition(line: 0, character: 1), end: LSPPosition(line: 2, character: 0)))
        XCTAssertEqual(change.changes[0].text, "x")
        XCTAssertNil(change.changes[1].range)
        XCTAssertEqual(change.changes[1].text, "whole")

        let bad = try reader(#"{"textDocument":{"uri":"u"},"contentChanges":[{"text":"a"},{"range":{"start":{"line":0,"character":0},"end":{"line":0}},"text":"b"}]}"#)
        XCTAssertEqual(message { _ = try DidChangeParams(bad) }, "contentChanges[1].range.end.character is missing (expected a whole number ≥ 0)")
        let noText = try reader(#"{"textDocument":{"uri":"u"},"contentChanges":[{"range":null}]}"#)
        XCTAssertEqual(message { _ = try DidChangeParams(noText) }, "contentChanges[0].text is missing (expected a string)")
    }

    func testDidOpenNeedsUriAndText() throws {
        let open = try DidOpenParams(reader(#"{"textDocument":{"uri":"u","languageId":"python","version":1,"text":"pass\n"}}"#))
        XCTAssertEqual(open.languageID, "python")
        XCTAssertEqual(open.text, "pass\n")
        XCTAssertEqual(message { _ = try DidOpenParams(reader(#"{"textDocument":{"uri":"u"}}"#)) }, "textDocument.text is missing (expected a string)")
    }

    func testInitializeChoosesTheEncoding() throws {
        func chosen(_ encodings: String) throws -> PositionEncodingKind {
            InitializeParams(try reader(#"{"capabilities":{"general":{"positionEncodings":\#(encodings)}}}"#)).chosenEncoding
        }
        XCTAssertEqual(try chosen(#"["utf-16","utf-8"]"#), .utf8)
        XCTAssertEqual(try chosen(#"["utf-32"]"#), .utf32)
        XCTAssertEqual(try chosen(#"["utf-32","utf-16"]"#), .utf16)
        XCTAssertEqual(try chosen(#"[]"#), .utf16)
        XCTAssertEqual(InitializeParams(try reader(#"{}"#)).chosenEncoding, .utf16, "no capabilities: the mandatory default")
        XCTAssertEqual(InitializeParams(try reader(#"{"capabilities":{"general":{"positionEncodings":"utf-8"}}}"#)).chosenEncoding, .utf16,
                       "a malformed capability falls back to the default instead of refusing initialize")
        XCTAssertTrue(InitializeParams(try reader(#"{"capabilities":{"window":{"workDoneProgress":true}}}"#)).supportsWorkDoneProgress)
        XCTAssertFalse(InitializeParams(try reader(#"{"capabilities":{"window":{"workDoneProgress":1}}}"#)).supportsWorkDoneProgress)
        let result = InitializeResult.json(encoding: .utf8, version: "1")
        let capabilities = result["capabilities"] as? [String: Any]
        XCTAssertEqual(capabilities?["positionEncoding"] as? String, "utf-8")
        XCTAssertEqual((capabilities?["textDocumentSync"] as? [String: Any])?["change"] as? Int, 2, "incremental sync")
        XCTAssertNotNil(capabilities?["inlineCompletionProvider"])
    }

    func testCompletionMenuItemsKeepOrderAndFullText() throws {
        let at = LSPPosition(line: 2, character: 4)
        let menu = CompletionResults.menu([
            Suggestion(text: "return total\n    }", range: LSPRange(start: at, end: at)),
            Suggestion(text: "\n    pass", range: LSPRange(start: at, end: at)),
        ])
        XCTAssertEqual(menu["isIncomplete"] as? Bool, true)
        let items = try XCTUnwrap(menu["items"] as? [[String: Any]])
        XCTAssertEqual(items.map { $0["label"] as? String }, ["return total", "\n    pass"], "first line, or the whole text when the first line is blank")
        XCTAssertEqual(items.map { $0["sortText"] as? String }, ["0000", "0001"])
        XCTAssertEqual(items[0]["filterText"] as? String, "return total\n    }")
        XCTAssertEqual((items[0]["textEdit"] as? [String: Any])?["newText"] as? String, "return total\n    }")
        let inline = CompletionResults.inline([Suggestion(text: "x", range: LSPRange(start: at, end: at))])
        let first = try XCTUnwrap((inline["items"] as? [[String: Any]])?.first)
        XCTAssertEqual(first["insertText"] as? String, "x")
        XCTAssertEqual(((first["range"] as? [String: Any])?["start"] as? [String: Any])?["character"] as? Int, 4)
    }
}
