import Foundation
import JSONRPC
import Synchronization

/// Completion requests in flight: one serial worker (one engine), and what cancels what.
/// - `$/cancelRequest` cancels that request (answered `RequestCancelled`; a running one stops within a token).
/// - a newer completion for the same document supersedes older ones, waiting or running: the user typed on,
///   the older answer is for text that no longer exists (`RequestCancelled`).
/// - an edit or close of a document cancels its pending completions with `ContentModified`: their positions
///   refer to the previous version. Edits of other documents cancel nothing.
/// - shutdown and exit cancel everything.
/// An automatic request waits `debounce` first, so that a burst of keystrokes asks once; it checks for
/// cancellation before the pause and after it, and a cancellation ends the pause at once, so superseded
/// requests drain without waiting.
final class CompletionScheduler: @unchecked Sendable {
    /// One request in flight; its cancellation is polled by the token loop.
    final class Entry: @unchecked Sendable {
        let id: RequestID
        let uri: String
        /// 0 live, else why it was cancelled (`Cancellation.rawValue`).
        private let state = Atomic<Int>(0)
        private let wake = DispatchSemaphore(value: 0)

        init(id: RequestID, uri: String) {
            self.id = id
            self.uri = uri
        }

        /// Why the request was cancelled, nil while it is live.
        var cancellation: ServerError? {
            switch state.load(ordering: .relaxed) {
            case 0: return nil
            case 2: return .contentModified
            default: return .cancelled
            }
        }

        /// Cancels the request (the first reason wins) and ends its debounce pause.
        func cancel(_ reason: ServerError) {
            let code = reason == .contentModified ? 2 : 1
            if state.compareExchange(expected: 0, desired: code, ordering: .relaxed).exchanged { wake.signal() }
        }

        /// Pauses up to `milliseconds` unless cancelled; true when the whole pause ran.
        fileprivate func pause(milliseconds: Int) -> Bool {
            guard cancellation == nil else { return false }
            return wake.wait(timeout: .now() + .milliseconds(milliseconds)) == .timedOut && cancellation == nil
        }
    }

    private let worker = SerialWorker(name: "infill.worker")
    private let lock = NSLock()
    private var inFlight: [RequestID: Entry] = [:]
    private let fullPauses = Atomic<Int>(0)

    /// How many debounce pauses ran their whole length (a superseded request never does).
    var completedDebouncePauses: Int { fullPauses.load(ordering: .relaxed) }

    /// Registers request `id` for `uri`, superseding the document's older requests.
    func register(id: RequestID, uri: String) -> Entry {
        let entry = Entry(id: id, uri: uri)
        lock.withLock {
            for other in inFlight.values where other.uri == uri { other.cancel(.cancelled) }
            inFlight[id] = entry
        }
        return entry
    }

    /// Forgets a request answered without the worker.
    func finish(_ entry: Entry) {
        lock.withLock { if inFlight[entry.id] === entry { inFlight[entry.id] = nil } }
    }

    /// Runs `work` on the worker after the debounce pause, unless cancelled before or after it: then
    /// `cancelled` runs with the reason instead. The entry is forgotten when done.
    func run(_ entry: Entry, debounceMilliseconds: Int, cancelled: @escaping @Sendable (ServerError) -> Void, work: @escaping @Sendable () -> Void) {
        worker.async { [self] in
            defer { finish(entry) }
            if debounceMilliseconds > 0, entry.pause(milliseconds: debounceMilliseconds) {
                fullPauses.add(1, ordering: .relaxed)
            }
            if let reason = entry.cancellation { return cancelled(reason) }
            work()
        }
    }

    /// Runs `job` on the worker after everything queued before it.
    func afterQueuedWork(_ job: @escaping @Sendable () -> Void) {
        worker.async(job)
    }

    /// Cancels request `id` (`$/cancelRequest`).
    func cancel(id: RequestID) {
        lock.withLock { inFlight[id] }?.cancel(.cancelled)
    }

    /// Cancels the requests for `uri` (an edit or a close).
    func cancel(uri: String, reason: ServerError) {
        lock.withLock { for entry in inFlight.values where entry.uri == uri { entry.cancel(reason) } }
    }

    /// Cancels every request.
    func cancelAll() {
        lock.withLock { for entry in inFlight.values { entry.cancel(.cancelled) } }
    }

    /// Waits for queued work, then lets the worker's thread end.
    func drainAndStop() {
        worker.drain()
        worker.stop()
    }
}
