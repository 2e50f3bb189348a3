/// What the server needs from a completion engine. The daemon's executable plugs in the real engine; tests
/// plug in a fake. The server itself knows nothing of models.
public protocol CompletionBackend: Sendable {
    /// Loads (or switches to) a model; reports progress (message, fraction 0...1 or nil); throws a
    /// user-readable error. Called on a thread of its own, never on Swift's cooperative pool: it may block
    /// (a download, a slow disk, a path that is a FIFO) without holding up the server or a later load.
    /// `threads` nil: the backend's default (every core the process may use).
    func load(model: String, threads: Int?, progress: @escaping @Sendable (String, Double?) -> Void) throws
    /// Loads (or switches to) a model of their own for code tasks (`taskModel`), as `load` does; nil: code
    /// tasks run on the completion model again (whichever it is then). Completions never use it.
    func loadTaskModel(_ model: String?, threads: Int?, progress: @escaping @Sendable (String, Double?) -> Void) throws
    /// Computes candidates for a cursor. Runs on the server's single completion worker; must poll
    /// `isCancelled` between tokens.
    func complete(_ request: BackendCompletionRequest, isCancelled: @escaping @Sendable () -> Bool) throws -> [BackendCandidate]
    /// The editor closed a document: drop what is kept for it.
    func documentClosed(uri: String)
    /// Candidates available at once, without the model, for an automatic request (the user typed the start
    /// of a suggestion on screen); nil when the request needs the model. Called on the connection's thread:
    /// must not wait for a running completion.
    func immediateCandidates(_ request: BackendCompletionRequest) -> [BackendCandidate]?
    /// Parses a decoding strategy from the client's settings ("beam:4"), once, when the settings arrive;
    /// throws an error saying what is accepted. The parsed form travels in `BackendSettings` to `complete`.
    func parseStrategy(_ text: String) throws -> StrategySetting

    // Code tasks: translate a selection, write a function from its comment (see CodeTaskBackend.swift).

    /// The code actions that fit a selection or cursor, decided from the text alone (no model). Called on
    /// the connection's thread: must be quick and never wait for the model.
    func codeActions(_ request: BackendCodeActionRequest) -> [BackendCodeAction]
    /// Checks a task against the text alone (no model) and returns its title for the user ("Translating
    /// to Rust"); throws `BackendTaskError` saying what is wrong. Called on the connection's thread.
    func prepareTask(_ request: BackendCodeTaskRequest) throws -> String
    /// Runs a task on the model: nil when `isCancelled` said so. Runs on the server's task worker and must
    /// call `isCancelled` before every token: that call is also where the server lets waiting completions
    /// use the model, so it may block for the length of a completion. `onStage` is told what the task is doing
    /// as each stage starts ("building 4 candidates as Go"), for the user's progress report.
    func runTask(_ request: BackendCodeTaskRequest, isCancelled: @escaping @Sendable () -> Bool,
                 onStage: @escaping @Sendable (String) -> Void) throws -> BackendCodeTaskResult?
}

extension CompletionBackend {
    /// No candidates without the model.
    public func immediateCandidates(_ request: BackendCompletionRequest) -> [BackendCandidate]? { nil }
}

/// A decoding strategy from the client's settings, parsed once by the backend when the settings arrived.
public struct StrategySetting: Sendable, Equatable, CustomStringConvertible {
    /// As the client wrote it ("beam:4").
    public let text: String
    /// The backend's parsed form (the backend's own type; the server only carries it).
    public let parsed: any Sendable

    public init(text: String, parsed: any Sendable) {
        self.text = text
        self.parsed = parsed
    }

    public var description: String { text }

    public static func == (a: StrategySetting, b: StrategySetting) -> Bool { a.text == b.text }
}

/// The engine's part of the client's settings, validated when they arrived (nil: the engine's default).
public struct BackendSettings: Sendable, Equatable {
    public var maxTokens: Int?
    public var contextTokens: Int?
    public var automaticStrategy: StrategySetting?
    public var invokedStrategy: StrategySetting?
    public var candidates: Int?
    /// Most suffix tokens in the prompt while typing (what a keystroke in the middle of a file reprocesses).
    public var suffixTokens: Int?

    public init(maxTokens: Int? = nil, contextTokens: Int? = nil, automaticStrategy: StrategySetting? = nil, invokedStrategy: StrategySetting? = nil,
                candidates: Int? = nil, suffixTokens: Int? = nil) {
        self.suffixTokens = suffixTokens
        self.maxTokens = maxTokens
        self.contextTokens = contextTokens
        self.automaticStrategy = automaticStrategy
        self.invokedStrategy = invokedStrategy
        self.candidates = candidates
    }
}

/// One completion to compute.
public struct BackendCompletionRequest: Sendable {
    public var uri: String
    public var languageID: String
    public var text: String
    public var cursorUTF8Offset: Int
    public var invoked: Bool
    public var maxCandidates: Int
    public var settings: BackendSettings
}

/// One suggestion from the backend.
public struct BackendCandidate: Sendable {
    /// Text to insert.
    public var text: String
    /// The UTF-8 range of the document it replaces (usually empty at the cursor).
    public var replaceUTF8Range: Range<Int>
    public var score: Double
    public init(text: String, replaceUTF8Range: Range<Int>, score: Double) {
        self.text = text
        self.replaceUTF8Range = replaceUTF8Range
        self.score = score
    }
}

/// Server settings from the command line.
public struct ServerOptions: Sendable {
    public var defaultModel: String = "qwen2.5-coder-0.5b"
    /// The model of code tasks when the client names none (`infill serve --task-model`); nil: the completion model.
    public var defaultTaskModel: String?
    /// Threads of the model; nil: the backend's default (every core the process may use). One default,
    /// owned by the backend, so `infill serve` and `infill complete` agree.
    public var threads: Int?
    public var maxMessageBytes: Int = 64 << 20
    /// How long a completion that arrives before the model is ready waits for it.
    public var readyWaitSeconds: Double = 30
    /// Pause before an automatic completion starts, so that a burst of keystrokes asks once.
    public var debounceMilliseconds: Int = 75
    public init() {}
}
