import Foundation
import InfillLog
import LanguageServerProtocol

/// Which of the server's models: the completion model (`model`), or the one code tasks run on when the
/// client names one of their own (`taskModel`; otherwise tasks run on the completion model).
enum ModelRole: Sendable {
    case completion, tasks

    /// How the user's messages name it.
    var label: String { self == .completion ? "model" : "task model" }
}

/// Loading (and switching) the models: each load on a thread of its own, shown as work done progress; a
/// later load of the same role supersedes an earlier one still running (the earlier one's outcome is ignored).
extension LanguageServer {
    /// Loads the completion model the settings name.
    func loadModel() {
        startLoad(.completion)
    }

    /// Loads the model the settings name for code tasks; with none named, tasks go back to the completion
    /// model at once (nothing is loaded).
    func loadTaskModel() {
        startLoad(.tasks)
    }

    private func startLoad(_ role: ModelRole) {
        let (model, threads, generation) = lock.withLock { () -> (String?, Int?, Int) in
            let threads = settings.threads ?? options.threads
            switch role {
            case .completion:
                loadGeneration += 1
                modelState = .loading
                return (settings.model ?? options.defaultModel, threads, loadGeneration)
            case .tasks:
                taskLoadGeneration += 1
                let model = namedTaskModel
                taskModelState = model == nil ? .notLoaded : .loading
                return (model, threads, taskLoadGeneration)
            }
        }
        guard let model else {
            // No model of their own: tasks use the completion model's engine from now on.
            Logger.shared.info("server", "code tasks run on the completion model")
            do { try backend.loadTaskModel(nil, threads: threads) { _, _ in } } catch {
                Logger.shared.error("server", "cannot move code tasks to the completion model: \(error)")
            }
            return
        }
        Logger.shared.info("server", "loading \(role.label) \(model) with \(threads.map(String.init) ?? "the default number of") threads")
        let progress = beginProgress(title: "infill: loading \(model)")
        startThread(named: "infill.load-\(role == .completion ? "" : "tasks-")\(generation)") { [self] in
            do {
                let report: @Sendable (String, Double?) -> Void = { message, fraction in
                    progress.report(message, percentage: fraction.map { Int($0 * 100) })
                }
                switch role {
                case .completion: try backend.load(model: model, threads: threads, progress: report)
                case .tasks: try backend.loadTaskModel(model, threads: threads, progress: report)
                }
                guard finishLoad(role, generation: generation, state: .ready) else { return progress.end() }
                connection.logMessage(.info, "\(role.label) \(model) ready")
            } catch {
                let message = "cannot load \(role.label) \(model): \(error)"
                Logger.shared.error("server", message)
                if finishLoad(role, generation: generation, state: .failed(message)) { connection.showMessage(.error, message) }
            }
            progress.end()
        }
    }

    /// Records the outcome of load `generation` of `role`; false when a later load superseded it.
    private func finishLoad(_ role: ModelRole, generation: Int, state: ModelState) -> Bool {
        lock.withLock {
            switch role {
            case .completion:
                guard generation == loadGeneration else { return false }
                modelState = state
            case .tasks:
                guard generation == taskLoadGeneration else { return false }
                taskModelState = state
            }
            return true
        }
    }

    /// The task model the settings (or `infill serve --task-model`) name; nil: tasks run on the completion
    /// model. The caller holds `lock`.
    var namedTaskModel: String? { settings.taskModel ?? options.defaultTaskModel }

    /// The state of the model `role` runs on (code tasks without a model of their own: the completion model's).
    private func state(of role: ModelRole) -> ModelState {
        lock.withLock {
            role == .tasks && namedTaskModel != nil ? taskModelState : modelState
        }
    }

    /// Waits up to `readyWaitSeconds` for the model `role` runs on; nil when it is ready, else why not: it is
    /// not loaded, its load failed (the reason), it is still loading past the wait, or the request was
    /// cancelled meanwhile (`entry.cancellation` says so).
    func waitForModel(_ entry: CompletionScheduler.Entry, role: ModelRole = .completion) -> ServerError? {
        let deadline = Date().addingTimeInterval(options.readyWaitSeconds)
        while Date() < deadline {
            switch state(of: role) {
            case .ready: return nil
            case .failed(let reason): return .modelNotReady(reason: reason)
            case .notLoaded: return .modelNotReady(reason: "no \(role.label) is loaded")
            case .loading: break
            }
            if entry.cancellation != nil { return .cancelled }
            usleep(20_000)
        }
        return .modelNotReady(reason: "the \(role.label) is still loading after \(Int(options.readyWaitSeconds)) s")
    }
}
