import Completion
import Foundation
import InfillLog
import InfillServer
import ModelStore
import Synchronization

/// The daemon's completion backend: the real Completion engine behind the server's `CompletionBackend`
/// protocol (the server itself knows nothing of models).
final class EngineBackend: CompletionBackend {
    private let engine = Mutex<CompletionEngine?>(nil)
    private let baseSettings: CompletionSettings

    init(settings: CompletionSettings = CompletionSettings()) {
        baseSettings = settings
    }

    func load(model: String, threads: Int, progress: @escaping @Sendable (String, Double?) -> Void) async throws {
        let path = try await ModelStore().resolve(model) { p in
            let fraction = p.bytesTotal > 0 ? Double(p.bytesDone) / Double(p.bytesTotal) : nil
            progress("\(p.phase) \(p.modelName)", fraction)
        }
        progress("loading \(URL(fileURLWithPath: path).lastPathComponent)", nil)
        let loaded = try LoadedModel(path: path, threads: threads)
        Logger.shared.info("engine", "loaded \(path): \(loaded.summary), \(threads) threads, in \(String(format: "%.3f", loaded.loadSeconds)) s")
        let settings = baseSettings
        engine.withLock { $0 = CompletionEngine(model: loaded, settings: settings) }
    }

    func complete(_ request: BackendCompletionRequest, isCancelled: @escaping @Sendable () -> Bool) throws -> [BackendCandidate] {
        guard let engine = engine.withLock({ $0 }) else { return [] }
        engine.settings = try Self.settings(base: baseSettings, overrides: request.settings, candidates: request.maxCandidates)
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

    /// Applies per-request overrides from the client's configuration; a bad value names its key.
    static func settings(base: CompletionSettings, overrides o: BackendSettings, candidates: Int) throws -> CompletionSettings {
        var s = base
        if let n = o.maxTokens {
            guard (1...4096).contains(n) else { throw SettingError(key: "maxTokens", message: "must be 1...4096, got \(n)") }
            s.maxTokensMultiline = n
            s.maxTokensSingleLine = min(n, s.maxTokensSingleLine)
        }
        if let n = o.contextTokens {
            guard (16...32_768).contains(n) else { throw SettingError(key: "contextTokens", message: "must be 16...32768, got \(n)") }
            s.contextTokens = n
        }
        if let n = o.suffixTokens {
            guard (0...32_768).contains(n) else { throw SettingError(key: "suffixTokens", message: "must be 0...32768, got \(n)") }
            s.automaticSuffixTokens = n
        }
        if let text = o.automaticStrategy {
            guard let c = StrategyChoice(parsing: text) else { throw SettingError(key: "strategy.automatic", message: "'\(text)' is not greedy, beam[:W], sample[:N[:T]] or greedy+beam[:W][@T]") }
            s.automaticStrategy = c
        }
        if let text = o.invokedStrategy {
            guard let c = StrategyChoice(parsing: text) else { throw SettingError(key: "strategy.invoked", message: "'\(text)' is not greedy, beam[:W], sample[:N[:T]] or greedy+beam[:W][@T]") }
            s.invokedStrategy = c
        }
        s.candidates = max(1, min(o.candidates ?? candidates, 16))
        return s
    }

    /// A file URI shown to the model as a path.
    static func displayPath(_ uri: String) -> String {
        if let url = URL(string: uri), url.isFileURL { return url.path }
        return uri
    }
}

/// A configuration value the engine cannot use.
struct SettingError: Error, CustomStringConvertible {
    let key: String
    let message: String
    var description: String { "invalid setting '\(key)': \(message)" }
}
