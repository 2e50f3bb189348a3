import InfillLog
import LanguageServerProtocol

/// Lifecycle (`initialize` … `exit`), cancellation, and the client's settings.
extension LanguageServer {
    func initialize(_ request: InitializeRequest, reply: Reply<InitializeResult>) {
        let encoding = request.chosenEncoding
        lock.withLock {
            self.encoding = encoding
            client = request.capabilities
            lifecycle = .running
        }
        reply(InitializeResult(capabilities: Self.capabilities(encoding: encoding), serverName: "infill", serverVersion: InfillVersion.number))
        applySettings(request.initializationOptions ?? .null, loadingTheModel: true)
    }

    func initialized(_ notification: InitializedNotification) {}

    /// Cancels every completion and code task, then answers once the workers have answered them.
    func shutdown(_ request: ShutdownRequest, reply: Reply<NullResponse>) {
        lock.withLock { lifecycle = .shuttingDown }
        scheduler.cancelAll()
        scheduler.afterAllWork { reply(NullResponse()) }
    }

    /// Ends `run()`: exit code 0 after `shutdown`, 1 without.
    func exit(_ notification: ExitNotification) {
        lock.withLock { exitCode = lifecycle == .shuttingDown ? 0 : 1 }
        scheduler.cancelAll()
    }

    func cancelRequest(_ notification: CancelRequestNotification) {
        scheduler.cancel(id: notification.id)
    }

    func cancelProgress(_ notification: WorkDoneProgressCancelNotification) {
        progress.cancel(notification.token)
    }

    func didChangeConfiguration(_ notification: DidChangeConfigurationNotification) {
        applySettings(notification.settings, loadingTheModel: true)
    }

    /// Validates `update` once: refused values are shown to the user by name (those settings keep their
    /// previous values), unknown keys logged; each model (completion, tasks) is (re)loaded when it or the threads changed.
    func applySettings(_ update: JSONValue, loadingTheModel: Bool) {
        let previous = lock.withLock { settings }
        let result = previous.updated(with: update) { try backend.parseStrategy($0) }
        for warning in result.unknown {
            Logger.shared.warning("config", warning)
            connection.logMessage(.warning, warning)
        }
        for refusal in result.refused {
            Logger.shared.error("config", "refused: \(refusal)")
            connection.showMessage(.error, "invalid setting: \(refusal)")
        }
        let new = result.settings
        if let level = new.logLevel, level != previous.logLevel { Logger.shared.setLevel(level) }
        if let file = new.logFile, file != previous.logFile {
            do { try Logger.shared.setLogFile(path: file) } catch { connection.showMessage(.error, "\(error)") }
        }
        let (reload, reloadTasks) = lock.withLock { () -> (Bool, Bool) in
            settings = new
            let first = loadGeneration == 0   // nothing loaded yet: these are initialize's settings
            let threadsChanged = new.threads != previous.threads
            let taskModel = namedTaskModel   // of the new settings, just set
            return (first || new.model != previous.model || threadsChanged,
                    first ? taskModel != nil : new.taskModel != previous.taskModel || (threadsChanged && taskModel != nil))
        }
        if loadingTheModel && reload { loadModel() }
        if loadingTheModel && reloadTasks { loadTaskModel() }
    }
}
