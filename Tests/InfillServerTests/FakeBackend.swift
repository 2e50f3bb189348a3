import Foundation
import InfillServer

/// A completion engine without a model, scripted by the test: how loading goes, what each completion
/// returns, and whether it blocks (polling `isCancelled` as the real token loop does) until cancelled.
final class FakeBackend: CompletionBackend, @unchecked Sendable {
    enum Load { case succeed(after: Double), fail(String) }

    private let lock = NSLock()
    private let load: Load
    private var script: [(block: Bool, texts: [String])]
    private var _requests: [BackendCompletionRequest] = []
    private var _started = 0
    private var _stoppedByCancel = 0
    private var _closed: [String] = []
    private var _immediate: [String]?
    private var _loads: [(model: String, threads: Int?)] = []
    private var _loadThreads: [String] = []
    private var _immediateThreads: [String] = []
    private let release = DispatchSemaphore(value: 0)
    /// Models whose load blocks until `releaseBlockedLoads()`.
    var blockingModels: Set<String> = []

    /// `script`: one entry per completion call, in order; calls past the end return `["done"]` at once.
    init(load: Load = .succeed(after: 0), script: [(block: Bool, texts: [String])] = []) {
        self.load = load
        self.script = script
    }

    private var _completionReleased = false
    /// Lets a blocked completion end with its scripted texts (as a token loop reaching its end).
    func releaseCompletion() { lock.withLock { _completionReleased = true } }

    var requests: [BackendCompletionRequest] { lock.withLock { _requests } }
    var started: Int { lock.withLock { _started } }
    var stoppedByCancel: Int { lock.withLock { _stoppedByCancel } }
    var closed: [String] { lock.withLock { _closed } }
    /// The loads asked for, in order.
    var loads: [(model: String, threads: Int?)] { lock.withLock { _loads } }
    /// The names of the threads loads ran on.
    var loadThreads: [String] { lock.withLock { _loadThreads } }
    /// The names of the threads `immediateCandidates` was asked on (the connection's).
    var immediateThreads: [String] { lock.withLock { _immediateThreads } }

    /// Lets every blocked load end.
    func releaseBlockedLoads() { release.signal() }
    /// How many UTF-8 bytes before the cursor each candidate replaces (0: a plain insertion).
    var replacesBytesBeforeCursor: Int {
        get { lock.withLock { _replaces } }
        set { lock.withLock { _replaces = newValue } }
    }
    private var _replaces = 0

    /// Texts offered at once, without the "model", to automatic requests (nil: none).
    var immediate: [String]? {
        get { lock.withLock { _immediate } }
        set { lock.withLock { _immediate = newValue } }
    }

    func load(model: String, threads: Int?, progress: @escaping @Sendable (String, Double?) -> Void) throws {
        let blocks = lock.withLock { () -> Bool in
            _loads.append((model, threads))
            _loadThreads.append(currentThreadName())
            return blockingModels.contains(model)
        }
        if blocks {
            // Stands in for a path that blocks in open(2) (a FIFO): waits until the test ends.
            release.wait()
            release.signal()
            throw FakeError(message: "released")
        }
        switch load {
        case .succeed(let seconds):
            progress("loading \(model)", 0.5)
            if seconds > 0 { usleep(UInt32(seconds * 1e6)) }
        case .fail(let message):
            throw FakeError(message: message)
        }
    }

    private var _taskModelLoads: [(model: String?, threads: Int?)] = []
    private var _taskModel: String?
    /// Task models whose load fails.
    var failingTaskModels: Set<String> = []
    /// The task model loads asked for, in order (nil: back to the completion model).
    var taskModelLoads: [(model: String?, threads: Int?)] { lock.withLock { _taskModelLoads } }

    func loadTaskModel(_ model: String?, threads: Int?, progress: @escaping @Sendable (String, Double?) -> Void) throws {
        let fails = lock.withLock { () -> Bool in
            _taskModelLoads.append((model, threads))
            _taskModel = nil
            return model.map { failingTaskModels.contains($0) } ?? false
        }
        if fails { throw FakeError(message: "no file named \(model ?? "")") }
        lock.withLock { _taskModel = model }
    }

    /// The model a task runs on: the task model, else the last completion model loaded.
    private var taskRunsOn: String? { lock.withLock { _taskModel ?? _loads.last?.model } }

    /// Accepts "greedy" and "beam:1" … "beam:16", as a stand-in for the engine's grammar.
    func parseStrategy(_ text: String) throws -> StrategySetting {
        if text == "greedy" { return StrategySetting(text: text, parsed: 1) }
        if text.hasPrefix("beam:"), let width = Int(text.dropFirst(5)), (1...16).contains(width) { return StrategySetting(text: text, parsed: width) }
        throw FakeError(message: "'\(text)' is not greedy or beam:1...16")
    }

    func complete(_ request: BackendCompletionRequest, isCancelled: @escaping @Sendable () -> Bool) throws -> [BackendCandidate] {
        let step = lock.withLock { () -> (block: Bool, texts: [String]) in
            _requests.append(request)
            _started += 1
            return script.isEmpty ? (false, ["done"]) : script.removeFirst()
        }
        if step.block {
            // Stands in for a long token loop: stops within one "token" (5 ms) of being cancelled, or ends
            // with its texts when the test calls `releaseCompletion()`.
            let deadline = Date().addingTimeInterval(20)
            while !isCancelled() && Date() < deadline {
                if lock.withLock({ _completionReleased }) {
                    lock.withLock { _completionReleased = false }
                    let cursor = request.cursorUTF8Offset
                    return step.texts.map { BackendCandidate(text: $0, replaceUTF8Range: cursor..<cursor, score: 0) }
                }
                usleep(5_000)
            }
            lock.withLock { _stoppedByCancel += 1 }
            return []
        }
        let cursor = request.cursorUTF8Offset
        let start = max(0, cursor - replacesBytesBeforeCursor)
        return step.texts.map { BackendCandidate(text: $0, replaceUTF8Range: start..<cursor, score: 0) }
    }

    func immediateCandidates(_ request: BackendCompletionRequest) -> [BackendCandidate]? {
        lock.withLock { _immediateThreads.append(currentThreadName()) }
        let cursor = request.cursorUTF8Offset
        return immediate.map { $0.map { BackendCandidate(text: $0, replaceUTF8Range: cursor..<cursor, score: 0) } }
    }

    func documentClosed(uri: String) {
        lock.withLock { _closed.append(uri) }
    }

    // MARK: Code tasks

    /// The code actions offered for every selection.
    var offeredActions: [BackendCodeAction] {
        get { lock.withLock { _offered } }
        set { lock.withLock { _offered = newValue } }
    }
    private var _offered: [BackendCodeAction] = []
    /// Whether the next task runs (polling `isCancelled` every 5 ms, as a token loop would) until cancelled
    /// or `releaseTask()`; otherwise it returns at once.
    var taskBlocks: Bool {
        get { lock.withLock { _taskBlocks } }
        set { lock.withLock { _taskBlocks = newValue } }
    }
    private var _taskBlocks = false
    /// The caveat every task result carries (what a build check found against the code), nil by default.
    var taskCaveat: String? {
        get { lock.withLock { _taskCaveat } }
        set { lock.withLock { _taskCaveat = newValue } }
    }
    private var _taskCaveat: String?
    private var _taskReleased = false
    private var _taskRequests: [BackendCodeTaskRequest] = []
    private var _actionRequests: [BackendCodeActionRequest] = []
    private var _tasksRunning = 0
    private var _tasksStarted = 0

    var taskRequests: [BackendCodeTaskRequest] { lock.withLock { _taskRequests } }
    var actionRequests: [BackendCodeActionRequest] { lock.withLock { _actionRequests } }
    /// Tasks inside `runTask` now.
    var tasksRunning: Int { lock.withLock { _tasksRunning } }
    var tasksStarted: Int { lock.withLock { _tasksStarted } }

    /// Lets a blocked task finish with its result.
    func releaseTask() { lock.withLock { _taskReleased = true } }

    func codeActions(_ request: BackendCodeActionRequest) -> [BackendCodeAction] {
        lock.withLock {
            _actionRequests.append(request)
            return _offered
        }
    }

    /// Stands in for the engine's checks: target "klingon" is unknown (a bad argument), an empty selection
    /// has nothing to translate, a write-function at the start of the text has no comment.
    func prepareTask(_ request: BackendCodeTaskRequest) throws -> String {
        switch request.task {
        case .translate(let selection, let target):
            if target == "klingon" { throw BackendTaskError.invalidArgument("unknown target language 'klingon'; known: python, rust") }
            if selection.isEmpty { throw BackendTaskError.cannotRun("the selection is empty: select the code to translate") }
            return "translating to \(target)"
        case .writeFunction(let position):
            if position == 0 { throw BackendTaskError.cannotRun("line 1 is not a comment, docstring or signature of a function to write") }
            return "writing the function"
        }
    }

    /// Replaces the selection with "TRANSLATED" (or inserts "BODY" at the position and "IMPORT" at the
    /// file's start), uppercased target.
    func runTask(_ request: BackendCodeTaskRequest, isCancelled: @escaping @Sendable () -> Bool,
                 onStage: @escaping @Sendable (String) -> Void) throws -> BackendCodeTaskResult? {
        let blocks = lock.withLock { () -> Bool in
            _taskRequests.append(request)
            _tasksRunning += 1
            _tasksStarted += 1
            _taskReleased = false
            return _taskBlocks
        }
        defer { lock.withLock { _tasksRunning -= 1 } }
        if blocks {
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                if isCancelled() { return nil }
                if lock.withLock({ _taskReleased }) { break }
                usleep(5_000)
            }
        }
        onStage("writing 4 candidates")
        switch request.task {
        case .translate(let selection, let target):
            return BackendCodeTaskResult(code: "TRANSLATED to \(target)", replaceUTF8Range: selection, newText: "TRANSLATED to \(target)",
                                         model: taskRunsOn, caveat: taskCaveat)
        case .writeFunction(let position):
            // With an import the file lacks, as the instruction method adds one (at the file's start here).
            return BackendCodeTaskResult(code: "def f():\n    BODY", replaceUTF8Range: position..<position, newText: "    BODY\n",
                                         additionalEdits: [BackendTextEdit(replaceUTF8Range: 0..<0, newText: "IMPORT\n")])
        }
    }

    /// Waits until `count` tasks have started.
    func waitUntilTasksStarted(_ count: Int, timeout: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while tasksStarted < count && Date() < deadline { usleep(2_000) }
        return tasksStarted >= count
    }

    /// Waits until `count` completions have started.
    func waitUntilStarted(_ count: Int, timeout: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while started < count && Date() < deadline { usleep(2_000) }
        return started >= count
    }
}

struct FakeError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// The OS name of the calling thread (what the server sets for its own threads).
func currentThreadName() -> String {
    if let name = Thread.current.threadDictionary[serverThreadKey] as? String { return name }
    #if os(Linux)
    let name = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
    return name.trimmingCharacters(in: .whitespacesAndNewlines)
    #else
    return Thread.current.name ?? ""
    #endif
}
