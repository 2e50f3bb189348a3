import Foundation
import InfillLog
import JSONRPC
import LanguageServerProtocol
import Synchronization

/// The server's side of the wire, typed: answers to the client's requests (each exactly once), notifications
/// to the client, and requests to the client with their responses routed back. Safe from any thread.
final class ClientConnection: @unchecked Sendable {
    private let writer: MessageWriter
    private let lock = NSLock()
    /// Requests of the client not answered yet (a second request with the same id is refused).
    private var openRequests: Set<RequestID> = []
    /// Our requests to the client waiting for their response, by id.
    private var pendingResponses: [RequestID: @Sendable (Result<FieldReader, ResponseError>) -> Void] = [:]
    private var nextOutgoingID = 1
    private let peerGoneFlag = Atomic<Bool>(false)
    private let onPeerGone: @Sendable () -> Void

    /// A connection writing to `output`; `onPeerGone` runs once when a write finds the client gone.
    init(output: Int32, onPeerGone: @escaping @Sendable () -> Void = {}) {
        writer = MessageWriter(fd: output)
        self.onPeerGone = onPeerGone
    }

    /// Whether a write failed because the client closed its end (EPIPE): the server stops then.
    var isPeerGone: Bool { peerGoneFlag.load(ordering: .relaxed) }

    // MARK: Answering the client's requests

    /// Records that `id` is being answered; false when a request with the same id is still open.
    func begin(_ id: RequestID) -> Bool {
        lock.withLock { openRequests.insert(id).inserted }
    }

    /// Sends the result of request `id`.
    func reply(_ id: RequestID, result: Any) {
        lock.withLock { _ = openRequests.remove(id) }
        write(["id": id.json, "result": result])
    }

    /// Sends the error answer of request `id` (nil when the id could not be read). `closing` false: the
    /// answer to a duplicate id, which leaves the open request of that id open.
    func reply(_ id: RequestID?, error: ResponseError, closing: Bool = true) {
        if let id, closing { lock.withLock { _ = openRequests.remove(id) } }
        write(["id": id?.json ?? NSNull(), "error": ["code": error.code, "message": error.message]])
    }

    // MARK: Talking to the client

    /// Sends a notification.
    func notify<N: LSPNotification>(_ notification: N) {
        write(["method": N.method, "params": notification.json])
    }

    /// Shows `message` to the user (`window/showMessage`), prefixed "infill: ".
    func showMessage(_ type: MessageType, _ message: String) {
        notify(ShowMessageNotification(type: type, message: "infill: \(message)"))
    }

    /// Writes `message` to the client's log (`window/logMessage`), prefixed "infill: ".
    func logMessage(_ type: MessageType, _ message: String) {
        notify(LogMessageNotification(type: type, message: "infill: \(message)"))
    }

    /// Sends a request to the client; `onResponse` runs on the connection's thread when the client answers
    /// (it must not block), with the typed result or the client's error.
    func request<R: LSPRequest>(_ request: R, onResponse: @escaping @Sendable (Result<R.Response, ResponseError>) -> Void) {
        let id = lock.withLock { () -> RequestID in
            defer { nextOutgoingID += 1 }
            let id = RequestID.string("infill-\(nextOutgoingID)")
            pendingResponses[id] = { outcome in
                onResponse(outcome.flatMap { reader in
                    do { return .success(try R.Response(json: reader)) } catch {
                        return .failure(ResponseError(code: ErrorCode.invalidParams, message: "the client's answer to \(R.method): \(error)"))
                    }
                })
            }
            return id
        }
        write(["id": id.json, "method": R.method, "params": request.json])
    }

    /// Routes the client's response to one of our requests; unknown ids are logged and dropped.
    func receiveResponse(id: RequestID?, result: Any?, error: Any?) {
        guard let id, let handler = lock.withLock({ pendingResponses.removeValue(forKey: id) }) else {
            return Logger.shared.debug("server", "a response to no request of ours (id \(id.map { "\($0)" } ?? "null")) was dropped")
        }
        if let error = error as? [String: Any] {
            let code = JSONValues.integer(error["code"]) ?? ErrorCode.unknownErrorCode
            handler(.failure(ResponseError(code: code, message: error["message"] as? String ?? "")))
        } else {
            handler(.success(FieldReader(result)))
        }
    }

    private func write(_ message: [String: Any]) {
        do {
            try writer.send(message)
        } catch {
            switch error {
            case .notJSON:
                Logger.shared.error("server", "a message to the client was not representable as JSON and was dropped: \(message)")
            case .closed(let code):
                guard !peerGoneFlag.exchange(true, ordering: .relaxed) else { return }
                Logger.shared.error("server", "cannot write to the client (\(String(cString: strerror(code)))): the client is gone, stopping")
                onPeerGone()
            }
        }
    }
}

/// The answer to one request of the client: call it once with the result, or `fail` with any error (mapped by
/// `responseError(for:)`). Handlers that answer later (from the completion worker) keep it until then.
struct Reply<Response: LSPValue>: Sendable {
    /// The request's id (for `$/cancelRequest` tracking).
    let id: RequestID
    let connection: ClientConnection

    /// Sends the result.
    func callAsFunction(_ response: Response) {
        connection.reply(id, result: response.json)
    }

    /// Sends the error answer.
    func fail(_ error: any Error) {
        connection.reply(id, error: responseError(for: error))
    }
}
