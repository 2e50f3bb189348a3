import Documents
import Foundation
import JSONRPC
import LanguageServerProtocol
import XCTest

/// Every LSP type written to JSON text and read back (through JSONSerialization, as on the wire) is the
/// value it was; and the method names are the spec's.
final class RoundTripTests: XCTestCase {
    private func roundTrip<T: LSPValue>(_ value: T, file: StaticString = #filePath, line: UInt = #line) throws {
        let data = try JSONSerialization.data(withJSONObject: ["value": value.json], options: [.fragmentsAllowed])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let back = try T(json: FieldReader(object["value"]))
        XCTAssertEqual(back, value, "\(T.self)", file: file, line: line)
    }

    private let range = TextRange(start: TextPosition(line: 1, character: 2), end: TextPosition(line: 3, character: 0))

    func testRequestsRoundTrip() throws {
        try roundTrip(InitializeRequest(processID: 42, capabilities: ClientCapabilities(positionEncodings: ["utf-8", "utf-16"], workDoneProgress: true, applyEdit: true),
                                        initializationOptions: .object(["model": .string("m"), "threads": .integer(2)])))
        try roundTrip(InitializeRequest())
        try roundTrip(InitializeResult(capabilities: ServerCapabilities(
            positionEncoding: .utf8, textDocumentSync: TextDocumentSyncOptions(openClose: true, change: .incremental, saveIncludesText: false),
            completionProvider: CompletionOptions(resolveProvider: false, triggerCharacters: ["."]), inlineCompletionProvider: true,
            codeActionProvider: CodeActionOptions(codeActionKinds: ["refactor.rewrite"]), executeCommandProvider: ExecuteCommandOptions(commands: ["infill.translate"])),
            serverName: "infill", serverVersion: "1"))
        try roundTrip(ShutdownRequest())
        try roundTrip(InlineCompletionRequest(textDocument: TextDocumentIdentifier(uri: "file:///a.py"), position: TextPosition(line: 0, character: 9), triggerKind: .invoked))
        try roundTrip(InlineCompletionList(items: [InlineCompletionItem(insertText: "x + 1", range: range), InlineCompletionItem(insertText: "y", range: nil)]))
        try roundTrip(CompletionRequest(textDocument: TextDocumentIdentifier(uri: "u"), position: TextPosition(line: 2, character: 0), triggerKind: .triggerForIncompleteCompletions))
        try roundTrip(CompletionRequest(textDocument: TextDocumentIdentifier(uri: "u"), position: TextPosition(line: 2, character: 0)))
        try roundTrip(CompletionList(isIncomplete: true, items: [
            CompletionItem(label: "return x", kind: .text, detail: "infill", sortText: "0000", filterText: "return x\n", textEdit: TextEdit(range: range, newText: "return x\n")),
            CompletionItem(label: "bare"),
        ]))
        try roundTrip(ApplyWorkspaceEditRequest(label: "translate", edit: WorkspaceEdit(changes: ["file:///a.py": [TextEdit(range: range, newText: "pass")]])))
        try roundTrip(ApplyWorkspaceEditResult(applied: false, failureReason: "read-only"))
        try roundTrip(ApplyWorkspaceEditRequest(label: "Translate to Rust", edit: WorkspaceEdit(
            changes: ["file:///a.rs": [TextEdit(range: range, newText: "fn f() {}")]],
            documentChanges: [TextDocumentEdit(textDocument: VersionedTextDocumentIdentifier(uri: "file:///a.rs", version: 4),
                                               edits: [TextEdit(range: range, newText: "fn f() {}")])])))
        try roundTrip(CodeActionRequest(textDocument: TextDocumentIdentifier(uri: "file:///a.rs"), range: range, only: ["refactor"]))
        try roundTrip(CodeActionRequest(textDocument: TextDocumentIdentifier(uri: "file:///a.rs"), range: range))
        let command = Command(title: "Translate to Rust", command: "infill.translate",
                              arguments: [.object(["uri": .string("file:///a.rs"), "targetLanguage": .string("rust")])])
        try roundTrip([CodeActionOrCommand.action(CodeAction(title: "Translate to Rust", kind: .refactorRewrite, isPreferred: true, command: command)),
                       .action(CodeAction(title: "bare")), .command(command)])
        try roundTrip(InitializeRequest(processID: nil, capabilities: ClientCapabilities(workspaceEditDocumentChanges: true, codeActionLiterals: true)))
        try roundTrip(ExecuteCommandRequest(command: "infill.writeFunction", arguments: [.object(["uri": .string("u"), "position": .object(["line": .integer(1), "character": .integer(0)])])]))
        try roundTrip(ExecuteCommandRequest(command: "infill.nothing"))
        try roundTrip(WorkDoneProgressCreateRequest(token: .string("t")))
        try roundTrip(WorkDoneProgressCreateRequest(token: .number(7)))
    }

    func testNotificationsRoundTrip() throws {
        try roundTrip(InitializedNotification())
        try roundTrip(ExitNotification())
        try roundTrip(CancelRequestNotification(id: .number(3)))
        try roundTrip(CancelRequestNotification(id: .string("abc")))
        try roundTrip(DidOpenTextDocumentNotification(uri: "u", languageID: "python", version: 3, text: "a😀\n"))
        try roundTrip(DidChangeTextDocumentNotification(textDocument: VersionedTextDocumentIdentifier(uri: "u", version: 5),
                                                        contentChanges: [TextChange(range: range, text: "x"), TextChange(range: nil, text: "all")]))
        try roundTrip(DidCloseTextDocumentNotification(textDocument: TextDocumentIdentifier(uri: "u")))
        try roundTrip(DidSaveTextDocumentNotification(textDocument: TextDocumentIdentifier(uri: "u")))
        try roundTrip(DidChangeConfigurationNotification(settings: .object(["infill": .object(["strategy": .object(["automatic": .string("greedy")])])])))
        try roundTrip(ShowMessageNotification(type: .error, message: "infill: oops"))
        try roundTrip(LogMessageNotification(type: MessageType(rawValue: 5), message: "debug"))
        try roundTrip(ProgressNotification(token: .string("p"), value: .begin(title: "loading", cancellable: true, message: nil, percentage: 0)))
        try roundTrip(ProgressNotification(token: .number(1), value: .report(message: "half", percentage: 50)))
        try roundTrip(ProgressNotification(token: .number(1), value: .end(message: nil)))
        try roundTrip(WorkDoneProgressCancelNotification(token: .string("p")))
    }

    func testMethodNamesAreTheSpecs() {
        XCTAssertEqual(InitializeRequest.method, "initialize")
        XCTAssertEqual(ShutdownRequest.method, "shutdown")
        XCTAssertEqual(InlineCompletionRequest.method, "textDocument/inlineCompletion")
        XCTAssertEqual(CompletionRequest.method, "textDocument/completion")
        XCTAssertEqual(ApplyWorkspaceEditRequest.method, "workspace/applyEdit")
        XCTAssertEqual(CodeActionRequest.method, "textDocument/codeAction")
        XCTAssertEqual(ExecuteCommandRequest.method, "workspace/executeCommand")
        XCTAssertEqual(WorkDoneProgressCreateRequest.method, "window/workDoneProgress/create")
        XCTAssertEqual(CancelRequestNotification.method, "$/cancelRequest")
        XCTAssertEqual(ProgressNotification.method, "$/progress")
        XCTAssertEqual(WorkDoneProgressCancelNotification.method, "window/workDoneProgress/cancel")
        XCTAssertEqual(DidChangeConfigurationNotification.method, "workspace/didChangeConfiguration")
        XCTAssertEqual(ShowMessageNotification.method, "window/showMessage")
    }

    /// The wire shapes clients rely on, checked against the spec's field names rather than our reader.
    func testWireShapes() throws {
        let item = InlineCompletionItem(insertText: "x", range: range).json as? [String: Any]
        XCTAssertEqual(item?["insertText"] as? String, "x")
        XCTAssertEqual(((item?["range"] as? [String: Any])?["end"] as? [String: Any])?["line"] as? Int, 3)
        let begin = WorkDoneProgress.begin(title: "t", cancellable: false, message: nil, percentage: nil).json as? [String: Any]
        XCTAssertEqual(begin?["kind"] as? String, "begin")
        XCTAssertNil(begin?["percentage"], "absent optional fields are omitted, not null")
        let sync = TextDocumentSyncOptions(openClose: true, change: .incremental, saveIncludesText: false).json as? [String: Any]
        XCTAssertEqual(sync?["change"] as? Int, 2)
        XCTAssertEqual((sync?["save"] as? [String: Any])?["includeText"] as? Bool, false)
    }

    func testRequestIDsAreWholeNumbersOrStrings() throws {
        XCTAssertEqual(try RequestID(json: reader("7")), .number(7))
        XCTAssertEqual(try RequestID(json: reader(#""7""#)), .string("7"))
        for bad in ["true", "1.0", "1.5", "null", "[1]"] {
            XCTAssertThrowsError(try RequestID(json: reader(bad)), bad)
        }
    }

    private func reader(_ json: String) throws -> FieldReader {
        FieldReader(try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]), path: "id")
    }
}
