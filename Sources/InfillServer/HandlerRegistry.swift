import InfillLog
import JSONRPC
import LanguageServerProtocol

/// The requests and notifications a server handles, by method: each entry reads its typed params (an error
/// names the field) and calls one handler. Handlers are unapplied methods (`LanguageServer.shutdown`), so the
/// registry holds no server and can be built once.
struct HandlerRegistry<Server: AnyObject & Sendable> {
    typealias RequestEntry = (Server, RequestID, FieldReader, ClientConnection) -> Void
    typealias NotificationEntry = (Server, FieldReader) -> Void

    private var requests: [String: RequestEntry] = [:]
    private var notifications: [String: NotificationEntry] = [:]

    /// Registers the handler of request `R`: it answers through the `Reply` (now or later); a thrown error
    /// is the answer too.
    mutating func on<R: LSPRequest>(_ type: R.Type, _ handler: @escaping (Server) -> (R, Reply<R.Response>) throws -> Void) {
        requests[R.method] = { server, id, params, connection in
            let reply = Reply<R.Response>(id: id, connection: connection)
            do {
                try handler(server)(try R(json: params), reply)
            } catch {
                reply.fail(error)
            }
        }
    }

    /// Registers the handler of notification `N`: malformed params and thrown errors are logged (a
    /// notification has no answer).
    mutating func on<N: LSPNotification>(_ type: N.Type, _ handler: @escaping (Server) -> (N) throws -> Void) {
        notifications[N.method] = { server, params in
            do {
                try handler(server)(try N(json: params))
            } catch {
                Logger.shared.error("server", "\(N.method) ignored: \(error)")
            }
        }
    }

    /// The handler of a request method, nil when none is registered.
    func request(_ method: String) -> RequestEntry? { requests[method] }

    /// The handler of a notification method, nil when none is registered.
    func notification(_ method: String) -> NotificationEntry? { notifications[method] }
}
