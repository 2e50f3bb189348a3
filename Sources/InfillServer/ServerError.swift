import Documents
import JSONRPC
import LanguageServerProtocol

/// Why the server refused or ended a request, in its own terms; `responseError(for:)` turns it (and every
/// other error) into the JSON-RPC answer.
enum ServerError: Error, Equatable {
    /// A request before `initialize`.
    case notInitialized
    /// A second `initialize`.
    case alreadyInitialized
    /// A request after `shutdown`.
    case shuttingDown
    /// No handler for the method.
    case methodNotFound(String)
    /// A request about a document the client did not open.
    case documentNotOpen(uri: String)
    /// A request whose id is already used by a request still being answered.
    case duplicateRequestID(RequestID)
    /// Cancelled by `$/cancelRequest`, by a newer request for the same document, or by shutdown.
    case cancelled
    /// The document changed after the request was made: its position refers to a text that is gone.
    case contentModified
    /// `workspace/executeCommand` with a command the server does not have.
    case unknownCommand(String)
    /// A code task's document changed while it ran: the result was dropped, nothing applied.
    case staleResult(uri: String)
    /// The client did not apply a code task's edit (`workspace/applyEdit` answered `applied: false` or an error).
    case editNotApplied(reason: String)
    /// A request that needs a model while none is ready: `reason` says why (its load failed, naming the
    /// error; none is loaded; still loading past the wait).
    case modelNotReady(reason: String)
}

/// The one place where an error becomes a JSON-RPC `ResponseError`: params errors are InvalidParams naming
/// the field, lifecycle errors carry the codes the LSP spec gives them, a code task's errors are
/// InvalidParams (a bad argument: unknown command or language, a range outside the document) or
/// RequestFailed (nothing to do: an empty selection, no comment or signature, no instruction template, an
/// edit the client refused) or ContentModified (a stale result), and anything else (an engine failure) is
/// RequestFailed with its description.
func responseError(for error: any Error) -> ResponseError {
    switch error {
    case let error as ResponseError:
        return error
    case let error as InvalidParams:
        return ResponseError(code: ErrorCode.invalidParams, message: error.message)
    case let error as DocumentError:
        return ResponseError(code: ErrorCode.invalidParams, message: "\(error)")
    case let error as ServerError:
        switch error {
        case .notInitialized:
            return ResponseError(code: ErrorCode.serverNotInitialized, message: "the server is not initialized: send 'initialize' first")
        case .alreadyInitialized:
            return ResponseError(code: ErrorCode.invalidRequest, message: "initialize was already received")
        case .shuttingDown:
            return ResponseError(code: ErrorCode.invalidRequest, message: "the server is shutting down: only 'exit' is accepted")
        case .methodNotFound(let method):
            return ResponseError(code: ErrorCode.methodNotFound, message: "method not found: \(method)")
        case .documentNotOpen(let uri):
            return ResponseError(code: ErrorCode.invalidParams, message: "textDocument.uri \(uri) is not open")
        case .duplicateRequestID(let id):
            return ResponseError(code: ErrorCode.invalidRequest, message: "request id \(id) is already in use by a request still being answered")
        case .cancelled:
            return ResponseError(code: ErrorCode.requestCancelled, message: "request cancelled")
        case .contentModified:
            return ResponseError(code: ErrorCode.contentModified, message: "the document changed")
        case .unknownCommand(let command):
            return ResponseError(code: ErrorCode.invalidParams,
                                 message: "unknown command '\(command)' (known: \(CodeTaskCommand.names.joined(separator: ", ")))")
        case .staleResult(let uri):
            return ResponseError(code: ErrorCode.contentModified,
                                 message: "\(uri) changed while the task ran: its result was dropped and nothing was applied")
        case .editNotApplied(let reason):
            return ResponseError(code: ErrorCode.requestFailed, message: "the editor did not apply the edit: \(reason)")
        case .modelNotReady(let reason):
            return ResponseError(code: ErrorCode.requestFailed, message: "the model is not ready: \(reason)")
        }
    case let error as BackendTaskError:
        switch error {
        case .invalidArgument(let message): return ResponseError(code: ErrorCode.invalidParams, message: message)
        case .cannotRun(let message): return ResponseError(code: ErrorCode.requestFailed, message: message)
        }
    default:
        return ResponseError(code: ErrorCode.requestFailed, message: "\(error)")
    }
}
