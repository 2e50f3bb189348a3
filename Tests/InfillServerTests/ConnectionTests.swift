import Foundation
@testable import InfillServer
import JSONRPC
import LanguageServerProtocol
import Synchronization
import TestSupport
import XCTest

/// Requests from the server to the client with their responses routed back (the base of
/// `workspace/applyEdit`), and work done progress with the client's cancel.
final class ConnectionTests: XCTestCase {
    private struct Pipe {
        let connection: ClientConnection
        let peer: LSPPeer
        init() {
            var fds: [Int32] = [0, 0]
            _ = pipe(&fds)
            connection = ClientConnection(output: fds[1])
            peer = LSPPeer(writeFD: -1, readFD: fds[0])
        }
        func next() throws -> [String: Any] { try peer.readMessage(deadline: Date().addingTimeInterval(10)) }
    }

    func testARequestToTheClientGetsItsTypedAnswer() throws {
        let p = Pipe()
        let answers = Mutex<[Result<ApplyWorkspaceEditResult, ResponseError>]>([])
        let edit = WorkspaceEdit(changes: ["file:///a.py": [TextEdit(range: .init(start: .init(line: 0, character: 0), end: .init(line: 0, character: 1)), newText: "y")]])
        p.connection.request(ApplyWorkspaceEditRequest(label: "translate", edit: edit)) { answer in answers.withLock { $0.append(answer) } }
        p.connection.request(ApplyWorkspaceEditRequest(edit: edit)) { answer in answers.withLock { $0.append(answer) } }
        let first = try p.next(), second = try p.next()
        XCTAssertEqual(first["method"] as? String, "workspace/applyEdit")
        XCTAssertEqual(try ApplyWorkspaceEditRequest(json: FieldReader(first["params"])), ApplyWorkspaceEditRequest(label: "translate", edit: edit))
        XCTAssertNotEqual(first["id"] as? String, second["id"] as? String)
        // Answered out of order: each answer reaches its own request.
        p.connection.receiveResponse(id: RequestID(json: second["id"]), result: nil, error: ["code": -32001, "message": "no"])
        p.connection.receiveResponse(id: RequestID(json: first["id"]), result: ["applied": true], error: nil)
        p.connection.receiveResponse(id: RequestID(json: first["id"]), result: ["applied": true], error: nil)   // a repeat is dropped
        let got = answers.withLock { $0 }
        XCTAssertEqual(got.count, 2)
        XCTAssertEqual(try? got[1].get(), ApplyWorkspaceEditResult(applied: true))
        if case .failure(let error) = got[0] { XCTAssertEqual(error.code, -32001) } else { XCTFail("the error answer") }
    }

    func testProgressWaitsForTheTokenThenBeginsReportsAndEnds() throws {
        let p = Pipe()
        let reporters = ProgressReporters()
        let reporter = reporters.begin(title: "loading", cancellable: true, enabled: true, connection: p.connection)
        reporter.report("half", percentage: 50)
        let create = try p.next()
        XCTAssertEqual(create["method"] as? String, "window/workDoneProgress/create")
        p.connection.receiveResponse(id: RequestID(json: create["id"]), result: nil, error: nil)
        reporter.end("done")
        var values: [WorkDoneProgress] = []
        for _ in 0..<3 {
            let message = try p.next()
            XCTAssertEqual(message["method"] as? String, "$/progress")
            values.append(try ProgressNotification(json: FieldReader(message["params"])).value)
        }
        XCTAssertEqual(values, [.begin(title: "loading", cancellable: true, message: nil, percentage: nil), .report(message: "half", percentage: 50), .end(message: "done")])
    }

    func testTheClientCancelsAProgress() throws {
        let p = Pipe()
        let reporters = ProgressReporters()
        let reporter = reporters.begin(title: "translating", cancellable: true, enabled: true, connection: p.connection)
        let cancelled = Atomic<Int>(0)
        reporter.onCancel { cancelled.add(1, ordering: .relaxed) }
        reporters.cancel(reporter.token)
        reporters.cancel(reporter.token)
        XCTAssertTrue(reporter.isCancelled)
        XCTAssertEqual(cancelled.load(ordering: .relaxed), 1, "the handler runs once")
    }

    func testAClientWithoutProgressGetsNothing() throws {
        let p = Pipe()
        let reporter = ProgressReporters().begin(title: "loading", cancellable: false, enabled: false, connection: p.connection)
        reporter.report("x")
        reporter.end()
        p.connection.notify(InitializedNotification())          // a marker: the next message must be this one
        XCTAssertEqual(try p.next()["method"] as? String, "initialized")
    }
}
