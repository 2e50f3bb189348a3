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
/// - except: a completion already *running* when the user types on at its cursor (the text before the cursor
///   grew by at most `continuationBytes`, the text after it unchanged) is answered as cancelled but its
///   computation runs to its end. The engine keeps its suggestions (`ShownSuggestions`), so the newest
///   request, queued behind it, is answered from them at once when the typed characters are their start.
///   Stopping it instead means that while someone types steadily no computation ever ends (a keystroke comes
///   every 125 ms, a suggestion takes longer), so nothing is ever shown (issue 18, `infill bench --replay`).
///   Any other edit, or typing past the bound, stops it within a token.
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
        /// 0 live; 1 cancelled, 2 content modified (stop); 3 cancelled, 4 content modified, but running on
        /// because the user only typed at the cursor (see the type's documentation).
        private let state = Atomic<Int>(0)
        private let running = Atomic<Bool>(false)
        private let wake = DispatchSemaphore(value: 0)
        /// The document's bytes before and after the completion's cursor when it was asked (completions only).
        private let before: [UInt8]?
        private let after: [UInt8]?
        /// When the request arrived: the debounce counts from here, not from when the worker got to it.
        let arrival = DispatchTime.now()

        init(id: RequestID, uri: String, isTask: Bool = false, text: String? = nil, cursorUTF8Offset: Int = 0) {
            self.id = id
            self.uri = uri
            self.isTask = isTask
            if let text, text.utf8.count <= CompletionScheduler.continuationTextLimit {
                let bytes = Array(text.utf8)
                let split = min(max(0, cursorUTF8Offset), bytes.count)
                before = Array(bytes[..<split])
                after = Array(bytes[split...])
            } else {
                before = nil
                after = nil
            }
        }

        /// Why the request was cancelled, nil while it is live.
        var cancellation: ServerError? {
            switch state.load(ordering: .relaxed) {
            case 0: return nil
            case 2, 4: return .contentModified
            default: return .cancelled
            }
        }

        /// Whether its work must stop now (what the token loop polls): cancelled and not running on.
        var mustStop: Bool {
            let code = state.load(ordering: .relaxed)
            return code == 1 || code == 2
        }

        /// Cancels the request (the first reason wins) and ends its debounce pause; a request running on
        /// after typing is stopped.
        func cancel(_ reason: ServerError) {
            let code = reason == .contentModified ? 2 : 1
            while true {
                let current = state.load(ordering: .relaxed)
                if current == 1 || current == 2 { return }
                let desired = current == 0 ? code : current - 2     // running on: stop, keeping its reason
                if state.compareExchange(expected: current, desired: desired, ordering: .relaxed).exchanged {
                    wake.signal()
                    return
                }
            }
        }

        /// Cancels the request because the document is now `text` with the cursor at `cursorUTF8Offset`
        /// (nil: unknown): a running completion whose text only grew by typing at its cursor runs on,
        /// anything else is cancelled.
        func cancel(_ reason: ServerError, documentNow text: String?, cursorUTF8Offset: Int?) {
            guard running.load(ordering: .relaxed), let text, extendsByTyping(text, cursor: cursorUTF8Offset) else { return cancel(reason) }
            let code = reason == .contentModified ? 4 : 3
            _ = state.compareExchange(expected: 0, desired: code, ordering: .relaxed)
        }

        /// Whether `text` is this request's text with 1…`continuationBytes` bytes typed at its cursor (and the
        /// cursor, when known, after them).
        private func extendsByTyping(_ text: String, cursor: Int?) -> Bool {
            guard let before, let after else { return false }
            let count = text.utf8.count
            let typed = count - before.count - after.count
            guard (1...CompletionScheduler.continuationBytes).contains(typed), cursor == nil || cursor == before.count + typed else { return false }
            let bytes = Array(text.utf8)
            return bytes[..<before.count].elementsEqual(before) && bytes[(before.count + typed)...].elementsEqual(after)
        }

        /// Marks the work as started (a request cancelled before it starts never runs on).
        fileprivate func start() { running.store(true, ordering: .relaxed) }

        /// Pauses up to `milliseconds` unless cancelled; true when the whole pause ran.
        fileprivate func pause(milliseconds: Int) -> Bool {
            guard cancellation == nil else { return false }
            return wake.wait(timeout: .now() + .milliseconds(milliseconds)) == .timedOut && cancellation == nil
        }
    }

    /// Most bytes typed at a running completion's cursor before it is stopped rather than run on.
    static let continuationBytes = 32
    /// Documents longer than this (bytes) never run a completion on (comparing texts would cost too much).
    static let continuationTextLimit = 1 << 20

    private let worker = SerialWorker(name: "infill.worker")
    private let taskWorker = SerialWorker(name: "infill.tasks")
    /// Completions and code tasks take turns on the model.
    let turn = ModelTurn()
    private let lock = NSLock()
    private var inFlight: [RequestID: Entry] = [:]
    private let fullPauses = Atomic<Int>(0)

    /// How many debounce pauses ran their whole length (a superseded request never does).
    var completedDebouncePauses: Int { fullPauses.load(ordering: .relaxed) }

    /// Registers completion `id` for `uri`, asked on `text` at `cursorUTF8Offset`, superseding the document's
    /// older completions (a running one runs on when `text` only adds typing at its cursor).
    func register(id: RequestID, uri: String, text: String? = nil, cursorUTF8Offset: Int = 0) -> Entry {
        let entry = Entry(id: id, uri: uri, text: text, cursorUTF8Offset: cursorUTF8Offset)
        lock.withLock {
            for other in inFlight.values where other.uri == uri && !other.isTask {
                other.cancel(.cancelled, documentNow: text, cursorUTF8Offset: cursorUTF8Offset)
            }
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
            let waited = Int((DispatchTime.now().uptimeNanoseconds - entry.arrival.uptimeNanoseconds) / 1_000_000)
            if debounceMilliseconds > 0, entry.pause(milliseconds: max(0, debounceMilliseconds - waited)) {
                fullPauses.add(1, ordering: .relaxed)
            }
            if let reason = entry.cancellation { return cancelled(reason) }
            entry.start()
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

    /// Cancels the requests for `uri` after an edit that left it as `text()`: a running completion the edit
    /// only typed into at its cursor runs on (the type's documentation); `text` is asked only when one runs.
    func documentChanged(uri: String, text: () -> String?) {
        lock.withLock {
            let entries = inFlight.values.filter { $0.uri == uri }
            let now = entries.contains { !$0.isTask } ? text() : nil
            for entry in entries {
                if entry.isTask { entry.cancel(.contentModified) } else { entry.cancel(.contentModified, documentNow: now, cursorUTF8Offset: nil) }
            }
        }
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
