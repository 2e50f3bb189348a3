import Foundation
import JSONRPC
import Synchronization

/// Requests in flight on the model: completions on one serial worker, code tasks (`workspace/executeCommand`:
/// translate, write a function) on a second one, the two taking turns on the model (`ModelTurn`:
/// completions first, a task gives way at every token). What cancels what:
/// - `$/cancelRequest` cancels that request (answered `RequestCancelled`; a running one stops within a token).
/// - a newer completion for the same document supersedes older completions, waiting or running: the user
///   typed on, the older answer is for text that no longer exists (`RequestCancelled`). Completions never
///   supersede a code task, nor a task a completion.
/// - an edit or close of a document cancels its pending completions and code tasks with `ContentModified`:
///   their positions refer to the previous version (a task's result would be stale). Edits of other
///   documents cancel nothing.
/// - shutdown and exit cancel everything.
/// An automatic request waits `debounce` first, so that a burst of keystrokes asks once; it checks for
/// cancellation before the pause and after it, and a cancellation ends the pause at once, so superseded
/// requests drain without waiting.
final class CompletionScheduler: @unchecked Sendable {
    /// One request in flight; its cancellation is polled by the token loop.
    final class Entry: @unchecked Sendable {
        let id: RequestID
        let uri: String
        /// A code task (never superseded by a completion) rather than a completion.
        let isTask: Bool
        /// 0 live, else why it was cancelled (`Cancellation.rawValue`).
        private let state = Atomic<Int>(0)
        private let wake = DispatchSemaphore(value: 0)

        init(id: RequestID, uri: String, isTask: Bool = false) {
            self.id = id
            self.uri = uri
            self.isTask = isTask
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
    private let taskWorker = SerialWorker(name: "infill.tasks")
    /// Completions and code tasks take turns on the model.
    let turn = ModelTurn()
    private let lock = NSLock()
    private var inFlight: [RequestID: Entry] = [:]
    private let fullPauses = Atomic<Int>(0)

    /// How many debounce pauses ran their whole length (a superseded request never does).
    var completedDebouncePauses: Int { fullPauses.load(ordering: .relaxed) }

    /// Registers completion `id` for `uri`, superseding the document's older completions.
    func register(id: RequestID, uri: String) -> Entry {
        let entry = Entry(id: id, uri: uri)
        lock.withLock {
            for other in inFlight.values where other.uri == uri && !other.isTask { other.cancel(.cancelled) }
            inFlight[id] = entry
        }
        return entry
    }

    /// Registers code task `id` on `uri` (cancelled by `$/cancelRequest`, an edit of `uri`, shutdown).
    func registerTask(id: RequestID, uri: String) -> Entry {
        let entry = Entry(id: id, uri: uri, isTask: true)
        lock.withLock { inFlight[id] = entry }
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
            turn.asCompletion(work)
        }
    }

    /// Runs code task `work` on the task worker, after the tasks queued before it, with the model's turn
    /// (`ModelTurn`): `work` gets `yield`, to call at each of its cancellation checks, where waiting
    /// completions go first. Unless cancelled before it starts: then `cancelled` runs with the reason.
    /// The entry is not forgotten here: `finish(_:)` it once its result is checked (before applying an
    /// edit whose own `didChange` must not count as a change made while the task ran).
    func runTask(_ entry: Entry, cancelled: @escaping @Sendable (ServerError) -> Void,
                 work: @escaping @Sendable (_ yield: @escaping @Sendable () -> Void) -> Void) {
        taskWorker.async { [self] in
            if let reason = entry.cancellation {
                finish(entry)
                return cancelled(reason)
            }
            turn.asTask(work)
        }
    }

    /// Runs `job` on the worker after everything queued before it.
    func afterQueuedWork(_ job: @escaping @Sendable () -> Void) {
        worker.async(job)
    }

    /// Runs `job` after the queued code tasks and then the queued completions.
    func afterAllWork(_ job: @escaping @Sendable () -> Void) {
        taskWorker.async { [worker] in worker.async(job) }
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
        taskWorker.drain()
        worker.drain()
        taskWorker.stop()
        worker.stop()
    }
}
