import Documents
import Foundation
import InfillLog
import JSONRPC
import LanguageServerProtocol

/// The daemon: LSP over two file descriptors, one completion worker, per-document supersession.
///
/// The server is split by concern, one file each: dispatch and the handler registry
/// (`LanguageServer+Dispatch`, `+Handlers`), lifecycle and configuration (`+Lifecycle`), model loading and
/// progress (`+ModelLoading`), document sync (`+DocumentSync`), completion (`+Completion`, with
/// `CompletionScheduler` for scheduling and cancellation and `CompletionReplies` for reply shaping), code
/// tasks (`+CodeAction`, `+ExecuteCommand`: translate, write a function; `ModelTurn` says what preempts
/// what). Errors become JSON-RPC answers in `responseError(for:)` only.
///
/// Threads: `run()` reads and dispatches messages on the calling thread (`serve()` starts one of its own),
/// so lifecycle, document sync and `$/cancelRequest` are handled at once even while a completion runs.
/// Completions run on one worker thread (one engine), code tasks on a second one taking turns with them on
/// the model (completions first: they wait at most one token of a task), model loads each on a thread of
/// their own: none of them ever waits for Swift's cooperative pool, so a machine with one CPU serves as well.
public final class LanguageServer: @unchecked Sendable {
    enum Lifecycle { case uninitialized, running, shuttingDown }
    enum ModelState { case notLoaded, loading, ready, failed(String) }

    let backend: any CompletionBackend
    let connection: ClientConnection
    let options: ServerOptions
    let documents = DocumentStore()
    let scheduler = CompletionScheduler()
    let progress = ProgressReporters()
    private let reader: MessageReader
    let handlers = LanguageServer.makeHandlers()

    /// Guards the state below.
    let lock = NSLock()
    var lifecycle = Lifecycle.uninitialized
    var encoding = PositionEncoding.utf16
    var settings = ServerSettings()
    var client = ClientCapabilities()
    var modelState = ModelState.notLoaded
    var loadGeneration = 0
    /// The model of code tasks when `taskModel` names one of its own (else tasks use `modelState`).
    var taskModelState = ModelState.notLoaded
    var taskLoadGeneration = 0
    var exitCode: Int32?

    /// A server reading `input` and writing `output` (file descriptors).
    public init(backend: any CompletionBackend, input: Int32, output: Int32, options: ServerOptions = ServerOptions()) {
        self.backend = backend
        let reader = MessageReader(fd: input, maximumMessageBytes: options.maxMessageBytes)
        self.reader = reader
        self.connection = ClientConnection(output: output) { reader.stop() }
        self.options = options
    }

    /// How many automatic requests waited their whole debounce pause (superseded ones never do).
    public var completedDebouncePauses: Int { scheduler.completedDebouncePauses }

    /// Serves on a thread of its own until `exit`, end of input, or the client closing the connection;
    /// returns the exit code. Awaiting it holds no thread of the cooperative pool.
    public func serve() async -> Int32 {
        await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            startThread(named: "infill.server") { [self] in continuation.resume(returning: run()) }
        }
    }

    /// Serves on the calling thread until `exit`, end of input, or the client closing the connection;
    /// returns the process exit code (0 after shutdown, 1 otherwise).
    public func run() -> Int32 {
        reader.run { event in
            switch event {
            case .message(let body): handle(body)
            case .tooLarge(let declared):
                Logger.shared.error("server", "refused a message of \(declared) bytes (limit \(options.maxMessageBytes))")
                connection.reply(nil, error: ResponseError(code: ErrorCode.invalidRequest, message: "message of \(declared) bytes exceeds the limit of \(options.maxMessageBytes) bytes"))
            case .garbage(let skipped):
                Logger.shared.warning("server", "skipped \(skipped) bytes that were not an LSP header")
            }
            return lock.withLock { exitCode == nil } && !connection.isPeerGone
        }
        // Whatever ended the loop (`exit`, the client closing our output, or the end of our input: an editor
        // that quit or crashed), nobody waits for work still running: a translation would otherwise run its
        // minute to the end first. Cancelled work answers at once (RequestCancelled, where it still can).
        scheduler.cancelAll()
        // Let running work write its answer, then report.
        scheduler.drainAndStop()
        return lock.withLock { exitCode } ?? 1
    }

    /// Starts a work done progress shown by the client (nothing is sent when it does not support progress).
    func beginProgress(title: String, cancellable: Bool = false) -> ProgressReporter {
        progress.begin(title: title, cancellable: cancellable, enabled: lock.withLock { client.workDoneProgress }, connection: connection)
    }
}

/// The key under which a thread started by `startThread` keeps its name in its `threadDictionary` (what
/// tests read: the OS name is not always updated at once on Linux).
public let serverThreadKey = "infill.thread"

/// Starts a thread of its own (never one of Swift's cooperative pool) named `name` (at most 15 bytes: the
/// name the OS shows in `top -H` and debuggers), with a stack large enough for the engine.
func startThread(named name: String, _ body: @escaping @Sendable () -> Void) {
    let thread = Thread {
        Thread.current.name = name              // on the thread itself, so that the OS name is set too (best effort)
        Thread.current.threadDictionary[serverThreadKey] = name
        body()
    }
    thread.stackSize = 8 << 20
    thread.start()
}
