import Completion
import Foundation
import InfillLog
import InfillServer
import ModelStore
import Synchronization

/// The daemon's completion backend: the real Completion engine behind the server's `CompletionBackend`
/// protocol (the server itself knows nothing of models).
final class EngineBackend: CompletionBackend {
    private let engine = Locked<CompletionEngine?>(nil)
    /// Translation and function writing (EngineBackend+CodeTasks): on the completion model, or on a model of
    /// their own when the client names one (`taskModel`).
    let taskEngine = Locked<TaskEngineSlot>(TaskEngineSlot())
    /// Counts loads, so that a load which ends after a later one started (a slow disk, a FIFO) cannot
    /// replace the later one's model.
    private let loads = Atomic<Int>(0)
    /// Counts task model loads, for the same reason.
    private let taskLoads = Atomic<Int>(0)
    /// One mapping per file for both roles (`ModelFileLoads`).
    private let files = ModelFileLoads()
    private let baseSettings: CompletionSettings

    init(settings: CompletionSettings = CompletionSettings()) {
        baseSettings = settings
    }

    /// Runs on the server's load thread: resolving the name (a download, on Swift's pool, awaited here
    /// without holding a pool thread) and mapping the file (blocking, on this thread only).
    func load(model: String, threads: Int?, progress: @escaping @Sendable (String, Double?) -> Void) throws {
        let ticket = loads.add(1, ordering: .relaxed).newValue
        let loaded = try open(path: Self.resolve(model, progress: progress), threads: threads, progress: progress)
        let settings = baseSettings
        let current = engine.withLock { slot -> Bool in
            guard loads.load(ordering: .relaxed) == ticket else { return false }
            slot = CompletionEngine(model: loaded, settings: settings)
            taskEngine.withLock { slot in
                slot.completionModel = loaded
                if slot.ownModel == nil { slot.engine = CodeTaskEngine(model: loaded) }   // tasks without a model of their own
            }
            return true
        }
        if !current { throw SettingError(key: "model", message: "the load of \(model) was superseded by a later one") }
    }

    /// A model of their own for code tasks, or (nil) the completion model again. A task model whose file is
    /// the completion model's shares its loaded model (one mapping, one set of threads), also when the two
    /// load at once (`ModelFileLoads`).
    func loadTaskModel(_ model: String?, threads: Int?, progress: @escaping @Sendable (String, Double?) -> Void) throws {
        let ticket = taskLoads.add(1, ordering: .relaxed).newValue
        guard let model else {
            taskEngine.withLock { slot in
                guard taskLoads.load(ordering: .relaxed) == ticket else { return }
                slot.ownModel = nil
                slot.engine = slot.completionModel.map { CodeTaskEngine(model: $0) }
            }
            return
        }
        let loaded = try open(path: Self.resolve(model, progress: progress), threads: threads, progress: progress)
        let tasks = CodeTaskEngine(model: loaded)
        let current = taskEngine.withLock { slot -> Bool in
            guard taskLoads.load(ordering: .relaxed) == ticket else { return false }
            slot.ownModel = loaded
            slot.engine = tasks
            return true
        }
        if !current { throw SettingError(key: "taskModel", message: "the load of \(model) was superseded by a later one") }
    }

    /// The local path of a catalogue name or a path, fetching and verifying a missing catalogue model.
    private static func resolve(_ model: String, progress: @escaping @Sendable (String, Double?) -> Void) throws -> String {
        try waitFor {
            try await ModelStore().resolve(model) { p in
                let fraction = p.bytesTotal > 0 ? Double(p.bytesDone) / Double(p.bytesTotal) : nil
                progress("\(p.phase) \(p.modelName)", fraction)
            }
        }
    }

    /// The model of the file at `path` (blocking, on the calling thread): mapped here, or the other role's
    /// when it is the same file with the same threads (`ModelFileLoads`).
    private func open(path: String, threads: Int?, progress: @escaping @Sendable (String, Double?) -> Void) throws -> LoadedModel {
        progress("loading \(URL(fileURLWithPath: path).lastPathComponent)", nil)
        let threads = threads ?? LoadedModel.defaultThreadCount
        return try files.model(path: path, threads: threads) {
            let loaded = try LoadedModel(path: path, threads: threads)
            Logger.shared.info("engine", "loaded \(path): \(loaded.summary), \(threads) threads, in \(String(format: "%.3f", loaded.loadSeconds)) s")
            return loaded
        }
    }

    /// Blocks the calling thread (never one of Swift's pool) until `work` finishes on the pool.
    private static func waitFor<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = Locked<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do { let value = try await work(); outcome.withLock { $0 = .success(value) } } catch { outcome.withLock { $0 = .failure(error) } }
            done.signal()
        }
        done.wait()
        guard let result = outcome.withLock({ $0 }) else { throw SettingError(key: "model", message: "the model could not be resolved") }
        return try result.get()
    }

    /// Parses a strategy once, when the client's settings arrive; `complete` uses the parsed form.
    func parseStrategy(_ text: String) throws -> StrategySetting {
        guard let choice = StrategyChoice(parsing: text) else {
            throw SettingError(key: "strategy", message: "'\(text)' is not greedy, beam[:1...16], sample[:1...32[:T in (0, 2]]] or greedy+beam[:W][@T]")
        }
        return StrategySetting(text: text, parsed: choice)
    }

    func complete(_ request: BackendCompletionRequest, isCancelled: @escaping @Sendable () -> Bool) throws -> [BackendCandidate] {
        guard let engine = engine.withLock({ $0 }) else { return [] }
        engine.settings = Self.settings(base: baseSettings, overrides: request.settings, candidates: request.maxCandidates)
        let response = try engine.complete(Self.completionRequest(request), isCancelled: isCancelled)
        Logger.shared.debug("engine", "\(request.uri): \(response.promptTokens) prompt tokens (\(response.reusedPromptTokens) reused) \(String(format: "%.3f", response.promptSeconds)) s, \(response.generatedTokens) generated \(String(format: "%.3f", response.generationSeconds)) s")
        return Self.candidates(response, at: request.cursorUTF8Offset)
    }

    func immediateCandidates(_ request: BackendCompletionRequest) -> [BackendCandidate]? {
        guard !request.invoked, baseSettings.reusesShownSuggestions, let engine = engine.withLock({ $0 }),
              let response = engine.replyFromShownSuggestions(Self.completionRequest(request)) else { return nil }
        return Self.candidates(response, at: request.cursorUTF8Offset)
    }

    /// The engine's request for the server's.
    private static func completionRequest(_ request: BackendCompletionRequest) -> CompletionRequest {
        CompletionRequest(
            documentKey: request.uri, text: request.text, cursorUTF8Offset: request.cursorUTF8Offset,
            filePath: displayPath(request.uri), languageID: request.languageID,
            trigger: request.invoked ? .invoked : .automatic)
    }

    /// The engine's suggestions as insertions at `cursor`.
    private static func candidates(_ response: CompletionResponse, at cursor: Int) -> [BackendCandidate] {
        response.candidates.map { BackendCandidate(text: $0.text, replaceUTF8Range: cursor..<cursor, score: $0.score) }
    }

    func documentClosed(uri: String) {
        engine.withLock { $0 }?.forget(documentKey: uri)
    }

    /// The engine's settings with the client's overrides, which the server validated when they arrived.
    static func settings(base: CompletionSettings, overrides o: BackendSettings, candidates: Int) -> CompletionSettings {
        var s = base
        if let n = o.maxTokens {
            s.maxTokensMultiline = n
            s.maxTokensSingleLine = min(n, s.maxTokensSingleLine)
        }
        if let n = o.contextTokens { s.contextTokens = n }
        if let n = o.suffixTokens { s.automaticSuffixTokens = n }
        if let choice = o.automaticStrategy?.parsed as? StrategyChoice { s.automaticStrategy = choice }
        if let choice = o.invokedStrategy?.parsed as? StrategyChoice { s.invokedStrategy = choice }
        s.candidates = o.candidates ?? candidates
        return s
    }

    /// A file URI shown to the model as a path.
    static func displayPath(_ uri: String) -> String {
        if let url = URL(string: uri), url.isFileURL { return url.path }
        return uri
    }
}

/// The engine code tasks run on, and which model it is.
struct TaskEngineSlot {
    /// The engine of the next task (nil: no model loaded yet).
    var engine: CodeTaskEngine?
    /// The completion model, which tasks use when they have no model of their own.
    var completionModel: LoadedModel?
    /// The model tasks were given (`taskModel`), or nil: they run on the completion model.
    var ownModel: LoadedModel?
}

/// A setting the engine cannot use, or a load that did not complete.
struct SettingError: Error, CustomStringConvertible {
    let key: String
    let message: String
    var description: String { "invalid setting '\(key)': \(message)" }
}
