import Foundation
import InfillLog
import LanguageServerProtocol

/// Loading (and switching) the model: each load on a thread of its own, shown as work done progress; a
/// later load supersedes an earlier one still running (the earlier one's outcome is ignored).
extension LanguageServer {
    func loadModel() {
        let (model, threads, generation) = lock.withLock { () -> (String, Int?, Int) in
            loadGeneration += 1
            modelState = .loading
            return (settings.model ?? options.defaultModel, settings.threads ?? options.threads, loadGeneration)
        }
        Logger.shared.info("server", "loading model \(model) with \(threads.map(String.init) ?? "the default number of") threads")
        let progress = beginProgress(title: "infill: loading \(model)")
        startThread(named: "infill.load-\(generation)") { [self] in
            do {
                try backend.load(model: model, threads: threads) { message, fraction in
                    progress.report(message, percentage: fraction.map { Int($0 * 100) })
                }
                guard finishLoad(generation: generation, state: .ready) else { return progress.end() }
                connection.logMessage(.info, "model \(model) ready")
            } catch {
                let message = "cannot load model \(model): \(error)"
                Logger.shared.error("server", message)
                if finishLoad(generation: generation, state: .failed(message)) { connection.showMessage(.error, message) }
            }
            progress.end()
        }
    }

    /// Records the outcome of load `generation`; false when a later load superseded it.
    private func finishLoad(generation: Int, state: ModelState) -> Bool {
        lock.withLock {
            guard generation == loadGeneration else { return false }
            modelState = state
            return true
        }
    }

    /// Waits up to `readyWaitSeconds` for the model; false when it is not ready (or failed), or when the
    /// request is cancelled meanwhile.
    func waitForModel(_ entry: CompletionScheduler.Entry) -> Bool {
        let deadline = Date().addingTimeInterval(options.readyWaitSeconds)
        while Date() < deadline {
            switch lock.withLock({ modelState }) {
            case .ready: return true
            case .failed, .notLoaded: return false
            case .loading: break
            }
            if entry.cancellation != nil { return false }
            usleep(20_000)
        }
        return false
    }
}
