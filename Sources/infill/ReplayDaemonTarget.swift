import Foundation
import JSONRPC

/// The replay's editor for Infill: starts `infill serve` (this very binary) as a child process and speaks
/// LSP to it over its stdin and stdout, as an editor does: incremental `didChange` on every keystroke, then
/// an automatic `textDocument/inlineCompletion` request, never waiting for the previous one (the daemon
/// supersedes and cancels what is stale).
final class ReplayDaemonTarget: ReplayTarget, @unchecked Sendable {
    let name = "infill"
    var report: (@Sendable (ReplayEvent) -> Void)?

    private let process = Process()
    private let toServer = Pipe()
    private let fromServer = Pipe()
    private let writer: MessageWriter
    private let lock = NSLock()
    private let signal = NSCondition()
    // Guarded by `lock`.
    private var nextID = 1
    private var pending: [Int: (state: Int, sentAt: Double)] = [:]
    private var waiting: [Int: [String: Any]] = [:]          // answers to requests the setup waits for
    private var waitedIDs: Set<Int> = []
    private var modelReady = false
    private var failure: String?
    private var sent = 0
    private var uri = ""
    private var version = 1

    /// Starts the daemon (`infill serve` with `serveArguments`) and initializes it with `settings`
    /// (initializationOptions, e.g. model and threads); returns once the model is loaded.
    init(binary: String, serveArguments: [String] = [], settings: [String: Any], loadTimeout: Double = 300) throws {
        writer = MessageWriter(fd: toServer.fileHandleForWriting.fileDescriptor)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve"] + serveArguments
        process.standardInput = toServer
        process.standardOutput = fromServer
        process.standardError = FileHandle.nullDevice
        Foundation.signal(SIGPIPE, SIG_IGN)
        try process.run()
        let input = fromServer.fileHandleForReading.fileDescriptor
        Thread { [self] in
            MessageReader(fd: input, maximumMessageBytes: 64 << 20).run { event in
                if case .message(let body) = event { received(body) }
                return true
            }
            signal.withLock {
                lock.withLock { if failure == nil { failure = "the daemon closed its output" } }
                signal.broadcast()
            }
        }.start()
        _ = try request("initialize", ["processId": Int(getpid()), "capabilities": [:] as [String: Any], "initializationOptions": settings],
                        timeout: 30)
        notify("initialized", [:] as [String: Any])
        try wait(timeout: loadTimeout, for: "the model to load") { modelReady }
    }

    func open(text: String, cursor: Int, path: String, languageID: String) throws {
        uri = URL(fileURLWithPath: path).absoluteString
        notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": languageID, "version": version, "text": text]])
        _ = try request("textDocument/inlineCompletion", completionParams(text: text, cursor: cursor), timeout: 300)
    }

    func changed(inserted: String, at offset: Int, text: String, cursor: Int, state: Int) {
        // Everything before `offset` is as it was, so its position in the new text is the change's range.
        let start = ReplayTyping.position(of: offset, in: text)
        sendChange(start: start, end: start, inserted: inserted, text: text, cursor: cursor, state: state)
    }

    /// The UTF-8 `range` of `oldText` was deleted, giving `text` with the cursor at UTF-8 `cursor` (the soak's
    /// "select and delete"): one didChange and an automatic completion, as for a keystroke.
    func deleted(_ range: Range<Int>, of oldText: String, text: String, cursor: Int, state: Int) {
        sendChange(start: ReplayTyping.position(of: range.lowerBound, in: oldText), end: ReplayTyping.position(of: range.upperBound, in: oldText),
                   inserted: "", text: text, cursor: cursor, state: state)
    }

    /// The daemon's process id (for its memory, `ProcessMemory`).
    var serverProcessID: Int32 { process.processIdentifier }

    /// The daemon's exit status once `close()` saw it exit (128 + the signal when a signal ended it); nil while it
    /// runs or when it had to be terminated.
    private(set) var exitStatus: Int32?

    private func sendChange(start: (line: Int, character: Int), end: (line: Int, character: Int), inserted: String, text: String, cursor: Int, state: Int) {
        version += 1
        notify("textDocument/didChange", [
            "textDocument": ["uri": uri, "version": version],
            "contentChanges": [["range": ["start": ["line": start.line, "character": start.character],
                                          "end": ["line": end.line, "character": end.character]],
                                "text": inserted]],
        ])
        let id = lock.withLock { () -> Int in
            let id = nextID
            nextID += 1
            sent += 1
            pending[id] = (state, monotonicSeconds())
            return id
        }
        send(["id": id, "method": "textDocument/inlineCompletion", "params": completionParams(text: text, cursor: cursor)])
    }

    var requestCount: Int { lock.withLock { sent } }

    func close() {
        notify("textDocument/didClose", ["textDocument": ["uri": uri]])
        _ = try? request("shutdown", nil, timeout: 30)
        notify("exit", [:] as [String: Any])
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate() } else { exitStatus = process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus }
    }

    // MARK: - Messages

    private func completionParams(text: String, cursor: Int) -> [String: Any] {
        let position = ReplayTyping.position(of: cursor, in: text)
        return ["textDocument": ["uri": uri], "position": ["line": position.line, "character": position.character],
                "context": ["triggerKind": 2]]
    }

    /// Sends a request and waits for its answer (setup only: the typing never waits).
    private func request(_ method: String, _ params: Any?, timeout: Double) throws -> [String: Any] {
        let id = lock.withLock { () -> Int in
            let id = nextID
            nextID += 1
            waitedIDs.insert(id)
            return id
        }
        var message: [String: Any] = ["id": id, "method": method]
        if let params { message["params"] = params }
        send(message)
        try wait(timeout: timeout, for: "the answer to \(method)") { waiting[id] != nil }
        let answer = lock.withLock { waiting.removeValue(forKey: id) } ?? [:]
        if let error = answer["error"] as? [String: Any] {
            throw CommandError("the daemon answered \(method) with an error: \(error["message"] ?? error)")
        }
        return answer
    }

    /// Waits until `done` (read under the lock) holds, failing on timeout or when the daemon failed.
    private func wait(timeout: Double, for what: String, until done: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        try signal.withLock {
            while true {
                let (finished, failed) = lock.withLock { (done(), failure) }
                if finished { return }
                if let failed { throw CommandError("replay: while waiting for \(what): \(failed)") }
                if !signal.wait(until: deadline) { throw CommandError("replay: timed out waiting for \(what)") }
            }
        }
    }

    private func received(_ body: [UInt8]) {
        let arrivedAt = monotonicSeconds()
        guard let message = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else { return }
        if let method = message["method"] as? String {
            if let id = message["id"] {                 // a request from the server (progress tokens)
                send(["id": id, "result": NSNull()])
                return
            }
            let text = (message["params"] as? [String: Any])?["message"] as? String ?? ""
            if method == "window/logMessage", text.contains("ready") { signalled { modelReady = true } }
            if method == "window/showMessage", text.contains("cannot load") { signalled { failure = text } }
            return
        }
        guard let id = message["id"] as? Int else { return }
        let typing = lock.withLock { () -> (state: Int, sentAt: Double)? in
            if waitedIDs.remove(id) != nil { waiting[id] = message; return nil }
            return pending.removeValue(forKey: id)
        }
        guard let typing else { return signalled {} }
        let outcome: ReplayEvent.Outcome
        if message["error"] != nil {
            outcome = .cancelled
        } else {
            let result = message["result"]
            let items = (result as? [String: Any])?["items"] as? [[String: Any]] ?? result as? [[String: Any]] ?? []
            outcome = .suggestion(items.first?["insertText"] as? String ?? "")
        }
        report?(ReplayEvent(state: typing.state, sentAt: typing.sentAt, arrivedAt: arrivedAt, outcome: outcome))
    }

    /// Writes one message; a daemon that went away shows up as missing answers.
    private func send(_ message: [String: Any]) {
        do { try writer.send(message) } catch { lock.withLock { if failure == nil { failure = "cannot write to the daemon: \(error)" } } }
    }

    private func notify(_ method: String, _ params: Any) {
        send(["method": method, "params": params])
    }

    /// Changes state under the lock and wakes the setup's waits.
    private func signalled(_ change: () -> Void) {
        signal.withLock {
            lock.withLock(change)
            signal.broadcast()
        }
    }
}
