import Documents
import Foundation
import InfillLog
import JSONRPC
import LanguageServerProtocol
import Synchronization

/// The daemon: LSP over two file descriptors, one completion worker, per-document supersession.
///
/// Threads: `run()` reads and dispatches messages on the calling thread, so lifecycle, document sync and
/// `$/cancelRequest` are handled at once even while a completion runs. Completions go to one serial worker
/// (one engine). What cancels what, and why:
/// - `$/cancelRequest` cancels that request: answered `RequestCancelled`; a running one stops within a token.
/// - a newer completion for the same document supersedes an older one, waiting or running (the user has
///   typed on, the older answer is for text that no longer exists): the older is answered `RequestCancelled`.
/// - an edit (`didChange`) of a document cancels its pending completions with `ContentModified`: their
///   positions refer to the previous version.
/// - edits of other documents cancel nothing.
public final class LanguageServer: @unchecked Sendable {
    private enum Lifecycle { case uninitialized, running, shuttingDown }

    private let backend: any CompletionBackend
    private let writer: MessageWriter
    private let inputFD: Int32
    private let options: ServerOptions
    private let documents = DocumentStore()
    private let worker = DispatchQueue(label: "infill.completion")
    private let lock = NSLock()

    // State below is guarded by `lock`.
    private var lifecycle = Lifecycle.uninitialized
    private var encoding = PositionEncoding.utf16
    private var configuration = ServerConfiguration()
    private var clientSupportsProgress = false
    private var modelState = ModelState.notLoaded
    private var loadGeneration = 0
    private var inFlight: [RequestID: InFlight] = [:]
    private var exitCode: Int32?

    private enum ModelState { case notLoaded, loading, ready, failed(String) }

    private final class InFlight: @unchecked Sendable {
        let uri: String
        let cancelled = Atomic<Int>(0)          // 0 live, else the error code to answer with
        init(uri: String) { self.uri = uri }
    }

    /// A server reading `input` and writing `output` (file descriptors).
    public init(backend: any CompletionBackend, input: Int32, output: Int32, options: ServerOptions = ServerOptions()) {
        self.backend = backend
        self.inputFD = input
        self.writer = MessageWriter(fd: output)
        self.options = options
    }

    /// Serves until `exit` or end of input; returns the process exit code (0 after shutdown, 1 otherwise).
    public func run() -> Int32 {
        MessageReader(fd: inputFD, maximumMessageBytes: options.maxMessageBytes).run { event in
            switch event {
            case .message(let body): handle(body)
            case .tooLarge(let declared):
                Logger.shared.error("server", "refused a message of \(declared) bytes (limit \(options.maxMessageBytes))")
                writer.respond(nil, error: ResponseError(code: ErrorCode.invalidRequest, message: "message of \(declared) bytes exceeds the limit of \(options.maxMessageBytes) bytes"))
            case .garbage(let skipped):
                Logger.shared.warning("server", "skipped \(skipped) bytes that were not an LSP header")
            }
            return lock.withLock { exitCode == nil }
        }
        // Let running work finish its answer, then report.
        worker.sync {}
        return lock.withLock { exitCode } ?? 1
    }

    // MARK: - Dispatch

    private func handle(_ body: [UInt8]) {
        switch IncomingMessage.decode(body) {
        case .failure(let failure):
            Logger.shared.warning("server", failure.error.message)
            writer.respond(failure.id, error: failure.error)
        case .success(.response):
            break                                   // answers to our own requests (progress tokens): nothing to do
        case .success(.notification(let method, let params)):
            notification(method, params)
        case .success(.request(let id, let method, let params)):
            request(id, method, params)
        }
    }

    private func request(_ id: RequestID, _ method: String, _ params: Any?) {
        let state = lock.withLock { lifecycle }
        if method == "initialize" {
            guard state == .uninitialized else {
                return writer.respond(id, error: ResponseError(code: ErrorCode.invalidRequest, message: "initialize was already received"))
            }
            return initialize(id, params)
        }
        switch state {
        case .uninitialized:
            return writer.respond(id, error: ResponseError(code: ErrorCode.serverNotInitialized, message: "the server is not initialized: send 'initialize' first"))
        case .shuttingDown:
            return writer.respond(id, error: ResponseError(code: ErrorCode.invalidRequest, message: "the server is shutting down: only 'exit' is accepted"))
        case .running:
            break
        }
        switch method {
        case "shutdown":
            lock.withLock { lifecycle = .shuttingDown }
            cancelAll(code: ErrorCode.requestCancelled)
            worker.async { [writer] in writer.respond(id, result: nil) }
        case "textDocument/inlineCompletion", "textDocument/completion":
            completion(id, method, params)
        default:
            writer.respond(id, error: ResponseError(code: ErrorCode.methodNotFound, message: "method not found: \(method)"))
        }
    }

    private func notification(_ method: String, _ params: Any?) {
        let p = params as? [String: Any]
        switch method {
        case "exit":
            lock.withLock { exitCode = lifecycle == .shuttingDown ? 0 : 1 }
            cancelAll(code: ErrorCode.requestCancelled)
        case "initialized":
            break
        case "$/cancelRequest":
            if let id = RequestID(json: p?["id"]) {
                lock.withLock { inFlight[id] }?.cancelled.store(ErrorCode.requestCancelled, ordering: .relaxed)
            }
        case "textDocument/didOpen":
            do {
                let open = try DidOpenParams(FieldReader(params))
                documents.open(uri: open.uri, languageID: open.languageID, version: open.version, text: open.text)
            } catch {
                Logger.shared.error("server", "didOpen ignored: \(error)")
            }
        case "textDocument/didChange":
            didChange(params)
        case "textDocument/didClose":
            do {
                let uri = try DocumentParams(FieldReader(params)).uri
                documents.close(uri: uri)
                cancel(uri: uri, code: ErrorCode.contentModified)
                worker.async { [backend] in backend.documentClosed(uri: uri) }
            } catch {
                Logger.shared.error("server", "didClose ignored: \(error)")
            }
        case "textDocument/didSave":
            break
        case "workspace/didChangeConfiguration":
            applyConfiguration(p?["settings"], reload: true)
        default:
            if !method.hasPrefix("$/") { Logger.shared.debug("server", "ignored notification \(method)") }
        }
    }

    // MARK: - Lifecycle

    private func initialize(_ id: RequestID, _ params: Any?) {
        let p = InitializeParams(FieldReader(params))
        let chosen = p.chosenEncoding
        lock.withLock {
            encoding = PositionEncoding(rawValue: chosen.rawValue) ?? .utf16
            clientSupportsProgress = p.supportsWorkDoneProgress
            lifecycle = .running
        }
        writer.respond(id, result: InitializeResult.json(encoding: chosen, version: InfillVersion.number))
        applyConfiguration(p.initializationOptions, reload: true)
    }

    private func applyConfiguration(_ settings: Any?, reload: Bool) {
        let base = lock.withLock { configuration }
        let (parsed, errors, warnings) = ServerConfiguration.parse(settings, base: base)
        for w in warnings {
            Logger.shared.warning("config", w)
            writer.notify("window/logMessage", ["type": MessageType.warning.rawValue, "message": "infill: \(w)"])
        }
        for e in errors {
            Logger.shared.error("config", e)
            writer.notify("window/showMessage", ["type": MessageType.error.rawValue, "message": "infill: invalid setting: \(e)"])
        }
        if let level = parsed.logLevel, let l = LogLevel(name: level) { Logger.shared.setLevel(l) }
        if let file = parsed.logFile, file != base.logFile {
            do { try Logger.shared.setLogFile(path: file) } catch { writer.notify("window/showMessage", ["type": MessageType.error.rawValue, "message": "infill: \(error)"]) }
        }
        let modelChanged = lock.withLock { () -> Bool in
            let changed = parsed.model != configuration.model || parsed.threads != configuration.threads
            configuration = parsed
            if case .notLoaded = modelState { return true }
            return changed
        }
        if reload && modelChanged { loadModel() }
    }

    private func loadModel() {
        let (model, threads, generation, progressSupported) = lock.withLock { () -> (String, Int, Int, Bool) in
            loadGeneration += 1
            modelState = .loading
            return (configuration.model ?? options.defaultModel, configuration.threads ?? options.threads, loadGeneration, clientSupportsProgress)
        }
        let token = "infill-load-\(generation)"
        if progressSupported {
            writer.send(["id": "progress-\(generation)", "method": "window/workDoneProgress/create", "params": ["token": token]])
            writer.notify("$/progress", ["token": token, "value": ["kind": "begin", "title": "infill: loading \(model)", "cancellable": false]])
        }
        Logger.shared.info("server", "loading model \(model) with \(threads) threads")
        let writer = self.writer
        let backend = self.backend
        Task.detached { [weak self] in
            do {
                try await backend.load(model: model, threads: threads) { message, fraction in
                    guard progressSupported else { return }
                    var value: [String: Any] = ["kind": "report", "message": message]
                    if let fraction { value["percentage"] = Int(fraction * 100) }
                    writer.notify("$/progress", ["token": token, "value": value])
                }
                self?.finishLoad(generation: generation, state: .ready)
                writer.notify("window/logMessage", ["type": MessageType.info.rawValue, "message": "infill: model \(model) ready"])
            } catch {
                let message = "infill: cannot load model \(model): \(error)"
                Logger.shared.error("server", message)
                self?.finishLoad(generation: generation, state: .failed(message))
                writer.notify("window/showMessage", ["type": MessageType.error.rawValue, "message": message])
            }
            if progressSupported { writer.notify("$/progress", ["token": token, "value": ["kind": "end"]]) }
        }
    }

    private func finishLoad(generation: Int, state: ModelState) {
        lock.withLock { if generation == loadGeneration { modelState = state } }
    }

    // MARK: - Documents

    private func didChange(_ params: Any?) {
        let change: DidChangeParams
        do { change = try DidChangeParams(FieldReader(params)) } catch {
            return Logger.shared.error("server", "didChange ignored, document unchanged: \(error)")
        }
        let edits = change.changes.map { c in
            TextEdit(range: c.range.map { TextRange(start: Self.position($0.start), end: Self.position($0.end)) }, text: c.text)
        }
        let enc = lock.withLock { encoding }
        let uri = change.uri
        do {
            try documents.change(uri: uri, version: change.version, edits: edits, encoding: enc)
            cancel(uri: uri, code: ErrorCode.contentModified)
        } catch {
            Logger.shared.error("server", "\(error)")
            writer.notify("window/logMessage", ["type": MessageType.error.rawValue, "message": "infill: \(error)"])
        }
    }

    static func position(_ p: LSPPosition) -> TextPosition {
        TextPosition(line: p.line, character: p.character)
    }

    // MARK: - Completion

    private func completion(_ id: RequestID, _ method: String, _ params: Any?) {
        let inline = method == "textDocument/inlineCompletion"
        let p: CompletionParams
        do { p = try CompletionParams(FieldReader(params), inline: inline) } catch {
            return writer.respond(id, error: .invalidParams("\(error)"))
        }
        let uri = p.uri
        let position = Self.position(p.position)
        guard let snapshot = documents.snapshot(uri) else {
            return writer.respond(id, error: .invalidParams("textDocument.uri \(uri) is not open"))
        }
        let invoked = p.trigger == .invoked
        let enc = lock.withLock { encoding }
        let cursor: Int
        do { cursor = try snapshot.utf8Offset(of: position, encoding: enc, strict: false) } catch {
            return writer.respond(id, error: .invalidParams("position: \(error)"))
        }
        // Supersede older completions of the same document.
        let entry = InFlight(uri: uri)
        lock.withLock {
            for (_, other) in inFlight where other.uri == uri { other.cancelled.store(ErrorCode.requestCancelled, ordering: .relaxed) }
            inFlight[id] = entry
        }
        let config = lock.withLock { configuration }
        let others = documents.all().filter { $0.uri != uri && $0.languageID == snapshot.languageID }.suffix(3)
            .map { (uri: $0.uri, languageID: $0.languageID, text: $0.text) }
        let request = BackendCompletionRequest(
            uri: uri, languageID: snapshot.languageID, text: snapshot.text, cursorUTF8Offset: cursor, invoked: invoked,
            maxCandidates: config.backend.candidates ?? (invoked ? 3 : 1), settings: config.backend, otherDocuments: Array(others))
        // Typing through a suggestion on screen: the rest of it at once, neither debounced nor queued.
        if !invoked, let candidates = backend.immediateCandidates(request) {
            _ = lock.withLock { inFlight.removeValue(forKey: id) }
            return respond(id, inline: inline, candidates: candidates, snapshot: snapshot, position: position, encoding: enc)
        }
        let debounce = invoked ? 0 : (config.debounceMilliseconds ?? options.debounceMilliseconds)
        worker.async { [self] in
            defer { _ = lock.withLock { inFlight.removeValue(forKey: id) } }
            if debounce > 0 { usleep(UInt32(debounce) * 1000) }
            if answerIfCancelled(id, entry) { return }
            guard waitForModel(entry) else {
                if answerIfCancelled(id, entry) { return }
                return respond(id, inline: inline, candidates: [], snapshot: snapshot, position: position, encoding: enc)
            }
            do {
                let candidates = try backend.complete(request) { entry.cancelled.load(ordering: .relaxed) != 0 }
                if answerIfCancelled(id, entry) { return }
                respond(id, inline: inline, candidates: candidates, snapshot: snapshot, position: position, encoding: enc)
            } catch {
                Logger.shared.error("server", "completion failed: \(error)")
                writer.respond(id, error: ResponseError(code: ErrorCode.requestFailed, message: "\(error)"))
            }
        }
    }

    private func answerIfCancelled(_ id: RequestID, _ entry: InFlight) -> Bool {
        let code = entry.cancelled.load(ordering: .relaxed)
        guard code != 0 else { return false }
        writer.respond(id, error: ResponseError(code: code, message: code == ErrorCode.contentModified ? "the document changed" : "request cancelled"))
        return true
    }

    /// Waits up to `readyWaitSeconds` for the model; false when it is not ready (or failed).
    private func waitForModel(_ entry: InFlight) -> Bool {
        let deadline = Date().addingTimeInterval(options.readyWaitSeconds)
        while Date() < deadline {
            switch lock.withLock({ modelState }) {
            case .ready: return true
            case .failed, .notLoaded: return false
            case .loading: break
            }
            if entry.cancelled.load(ordering: .relaxed) != 0 { return false }
            usleep(20_000)
        }
        return false
    }

    private func respond(_ id: RequestID, inline: Bool, candidates: [BackendCandidate], snapshot: DocumentSnapshot,
                         position: TextPosition, encoding: PositionEncoding) {
        let cursor = LSPPosition(line: position.line, character: position.character)
        let suggestions = candidates.map { Suggestion(text: $0.text, range: LSPRange(start: cursor, end: cursor)) }
        writer.respond(id, result: inline ? CompletionResults.inline(suggestions) : CompletionResults.menu(suggestions))
    }

    private func cancel(uri: String, code: Int) {
        lock.withLock {
            for (_, entry) in inFlight where entry.uri == uri { entry.cancelled.store(code, ordering: .relaxed) }
        }
    }

    private func cancelAll(code: Int) {
        lock.withLock { for (_, entry) in inFlight { entry.cancelled.store(code, ordering: .relaxed) } }
    }
}
