import InfillLog
import JSONRPC
import LanguageServerProtocol

extension LanguageServer {
    /// Decodes one message and hands it to its handler, applying the lifecycle rules of the spec: before
    /// `initialize`, requests are answered `ServerNotInitialized` and notifications dropped (but `exit`);
    /// after `shutdown`, requests are refused `InvalidRequest`.
    func handle(_ body: [UInt8]) {
        switch IncomingMessage.decode(body) {
        case .failure(let failure):
            Logger.shared.warning("server", failure.error.message)
            connection.reply(failure.id, error: failure.error)
        case .success(.response(let id, let result, let error)):
            connection.receiveResponse(id: id, result: result, error: error)
        case .success(.notification(let method, let params)):
            notification(method, FieldReader(params))
        case .success(.request(let id, let method, let params)):
            request(id, method, FieldReader(params))
        }
    }

    private func request(_ id: RequestID, _ method: String, _ params: FieldReader) {
        guard connection.begin(id) else {
            Logger.shared.warning("server", "refused \(method): request id \(id) is already in use")
            // Answered without closing the open request of the same id, which goes on to its own answer.
            return connection.reply(id, error: responseError(for: ServerError.duplicateRequestID(id)), closing: false)
        }
        let state = lock.withLock { lifecycle }
        let refusal: ServerError?
        switch (state, method == InitializeRequest.method) {
        case (.uninitialized, true), (.running, false): refusal = nil
        case (.uninitialized, false): refusal = .notInitialized
        case (_, true): refusal = .alreadyInitialized
        case (.shuttingDown, false): refusal = .shuttingDown
        }
        if let refusal { return connection.reply(id, error: responseError(for: refusal)) }
        guard let handler = handlers.request(method) else {
            return connection.reply(id, error: responseError(for: ServerError.methodNotFound(method)))
        }
        handler(self, id, params, connection)
    }

    private func notification(_ method: String, _ params: FieldReader) {
        if method != ExitNotification.method && lock.withLock({ lifecycle == .uninitialized }) {
            return Logger.shared.warning("server", "dropped \(method): the server is not initialized yet")
        }
        guard let handler = handlers.notification(method) else {
            if !method.hasPrefix("$/") { Logger.shared.debug("server", "ignored notification \(method)") }
            return
        }
        handler(self, params)
    }
}
