import Foundation
import LanguageServerProtocol

/// One work done progress shown by the client (`$/progress`): `report` as often as useful, `end` once.
/// The token is created with `window/workDoneProgress/create` first; what is reported before the client
/// answers is held back (only the latest report), then sent, or dropped if the client refuses. When the
/// client does not support progress, every call does nothing, so callers never branch on it.
/// A cancellable progress may be cancelled by the user (`window/workDoneProgress/cancel`): `isCancelled`
/// turns true and `onCancel` runs once.
final class ProgressReporter: @unchecked Sendable {
    private enum State { case disabled, waitingForClient, active, ended }

    let token: ProgressToken
    private let connection: ClientConnection
    private let lock = NSLock()
    /// Held while deciding what to send and sending it, so that notifications leave in order (the held
    /// `begin` before an `end` from another thread); apart from `lock`, so that a slow client never
    /// blocks `isCancelled`.
    private let sending = NSLock()
    private var state: State
    private var begin: WorkDoneProgress?
    private var heldReport: WorkDoneProgress?
    private var heldEnd: WorkDoneProgress?
    private var cancelled = false
    private var cancelHandler: (@Sendable () -> Void)?
    /// Set by `ProgressReporters`: forgets this reporter when it ends.
    fileprivate var onEnd: (@Sendable () -> Void)?

    fileprivate init(token: ProgressToken, connection: ClientConnection, enabled: Bool) {
        self.token = token
        self.connection = connection
        state = enabled ? .waitingForClient : .disabled
    }

    /// Whether the user cancelled this progress.
    var isCancelled: Bool { lock.withLock { cancelled } }

    /// Runs `handler` once when the user cancels (at once if already cancelled).
    func onCancel(_ handler: @escaping @Sendable () -> Void) {
        let runNow = lock.withLock { () -> Bool in
            if cancelled { return true }
            cancelHandler = handler
            return false
        }
        if runNow { handler() }
    }

    /// Reports a step: a message and/or a percentage 0...100.
    func report(_ message: String?, percentage: Int? = nil) {
        send(.report(message: message, percentage: percentage.map { max(0, min(100, $0)) }))
    }

    /// Ends the progress with an optional final message; later calls do nothing.
    func end(_ message: String? = nil) {
        send(.end(message: message))
        lock.withLock { onEnd }?()
    }

    fileprivate func start(title: String, cancellable: Bool) {
        lock.withLock { begin = .begin(title: title, cancellable: cancellable, message: nil, percentage: nil) }
        guard lock.withLock({ state == .waitingForClient }) else { return }
        connection.request(WorkDoneProgressCreateRequest(token: token)) { [self] outcome in
            switch outcome {
            case .success: flushHeld()
            case .failure: lock.withLock { state = .ended }
            }
        }
    }

    fileprivate func cancel() {
        let handler = lock.withLock { () -> (@Sendable () -> Void)? in
            guard !cancelled else { return nil }
            cancelled = true
            defer { cancelHandler = nil }
            return cancelHandler
        }
        handler?()
    }

    private func send(_ value: WorkDoneProgress) {
        let isEnd: Bool
        if case .end = value { isEnd = true } else { isEnd = false }
        sending.lock()
        defer { sending.unlock() }
        let now = lock.withLock { () -> Bool in
            switch state {
            case .disabled, .ended: return false
            case .waitingForClient:
                if isEnd { heldEnd = value } else { heldReport = value }
                return false
            case .active:
                if isEnd { state = .ended }
                return true
            }
        }
        if now { connection.notify(ProgressNotification(token: token, value: value)) }
    }

    private func flushHeld() {
        sending.lock()
        defer { sending.unlock() }
        let values = lock.withLock { () -> [WorkDoneProgress] in
            guard state == .waitingForClient else { return [] }
            let values = [begin, heldReport, heldEnd].compactMap { $0 }
            state = heldEnd == nil ? .active : .ended
            return values
        }
        for value in values { connection.notify(ProgressNotification(token: token, value: value)) }
    }
}

/// The server's progress reporters by token, so that `window/workDoneProgress/cancel` reaches one.
final class ProgressReporters: @unchecked Sendable {
    private let lock = NSLock()
    private var active: [ProgressToken: ProgressReporter] = [:]
    private var next = 1

    /// Starts a progress titled `title` (`enabled`: the client supports work done progress).
    func begin(title: String, cancellable: Bool, enabled: Bool, connection: ClientConnection) -> ProgressReporter {
        let reporter = lock.withLock { () -> ProgressReporter in
            defer { next += 1 }
            let reporter = ProgressReporter(token: .string("infill-progress-\(next)"), connection: connection, enabled: enabled)
            if enabled {
                active[reporter.token] = reporter
                let token = reporter.token
                reporter.onEnd = { [weak self] in self?.forget(token) }
            }
            return reporter
        }
        reporter.start(title: title, cancellable: cancellable)
        return reporter
    }

    /// The user cancelled the progress `token`.
    func cancel(_ token: ProgressToken) {
        lock.withLock { active.removeValue(forKey: token) }?.cancel()
    }

    private func forget(_ token: ProgressToken) {
        lock.withLock { _ = active.removeValue(forKey: token) }
    }
}
