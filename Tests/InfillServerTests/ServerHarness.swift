import Foundation
import InfillServer
import JSONRPC
import TestSupport
import XCTest

/// A server on its own thread, fed through one pipe and answering through another.
final class Harness: @unchecked Sendable {
    let peer: LSPPeer
    let backend: FakeBackend
    private let done = DispatchSemaphore(value: 0)
    private var exitCode: Int32?
    private let toServerWrite: Int32

    let server: LanguageServer

    /// `serving`: through `serve()` from a task (the daemon's way) instead of `run()` on a thread.
    init(backend: FakeBackend, readyWaitSeconds: Double = 5, debounceMilliseconds: Int = 0, serving: Bool = false) {
        self.backend = backend
        var toServer: [Int32] = [0, 0], fromServer: [Int32] = [0, 0]
        _ = pipe(&toServer)
        _ = pipe(&fromServer)
        toServerWrite = toServer[1]
        var options = ServerOptions()
        options.readyWaitSeconds = readyWaitSeconds
        options.debounceMilliseconds = debounceMilliseconds
        let server = LanguageServer(backend: backend, input: toServer[0], output: fromServer[1], options: options)
        self.server = server
        peer = LSPPeer(writeFD: toServer[1], readFD: fromServer[0])
        let serverOutput = fromServer[1]
        if serving {
            Task.detached { [self] in
                exitCode = await server.serve()
                close(serverOutput)
                done.signal()
            }
        } else {
            Thread { [self] in
                exitCode = server.run()
                close(serverOutput)
                done.signal()
            }.start()
        }
    }

    /// shutdown, exit; returns the server's exit code.
    func finish() throws -> Int32? {
        let response = try peer.request("shutdown", timeout: 10)
        XCTAssertNil(response["error"], "shutdown must succeed")
        try peer.notify("exit")
        guard done.wait(timeout: .now() + 10) == .success else { return nil }
        close(toServerWrite)
        return exitCode
    }

    func open(_ uri: String, _ text: String, language: String = "python") throws {
        try peer.notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": language, "version": 1, "text": text]])
    }
}

/// Params of an inline completion at a position.
func inlineParams(_ uri: String, line: Int, character: Int, invoked: Bool = true) -> [String: Any] {
    ["textDocument": ["uri": uri], "position": ["line": line, "character": character], "context": ["triggerKind": invoked ? 1 : 2]]
}

/// The error code of a response, nil for a result.
func errorCode(_ response: [String: Any]) -> Int? {
    (response["error"] as? [String: Any])?["code"] as? Int
}

/// The error message of a response.
func errorMessage(_ response: [String: Any]) -> String {
    ((response["error"] as? [String: Any])?["message"] as? String) ?? ""
}

/// The insert texts of an inline completion answer.
func insertTexts(_ response: [String: Any]) -> [String]? {
    ((response["result"] as? [String: Any])?["items"] as? [[String: Any]])?.compactMap { $0["insertText"] as? String }
}
