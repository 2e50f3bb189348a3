/// The backend's side of the two code tasks, in the server's terms (UTF-8 offsets into the open text,
/// language names as strings): the server maps them onto `textDocument/codeAction` and
/// `workspace/executeCommand`, and knows nothing of languages or models.

/// A selection (or cursor) for which code actions are asked.
public struct BackendCodeActionRequest: Sendable {
    public var uri: String
    /// The document's LSP language id ("python", "rust", …).
    public var languageID: String
    public var text: String
    /// The selection, in UTF-8 bytes of `text` (empty at a cursor).
    public var selectionUTF8: Range<Int>

    public init(uri: String, languageID: String, text: String, selectionUTF8: Range<Int>) {
        self.uri = uri
        self.languageID = languageID
        self.text = text
        self.selectionUTF8 = selectionUTF8
    }
}

/// One code action the backend offers.
public struct BackendCodeAction: Sendable, Equatable {
    /// What the action does when run.
    public enum Task: Sendable, Equatable {
        /// Translate the selection to the language named `targetLanguage` (an id the backend accepts back).
        case translate(targetLanguage: String)
        /// Write the function whose comment or signature is at the selection's start.
        case writeFunction
    }

    /// The title shown to the user ("Translate to Rust").
    public var title: String
    public var task: Task
    /// The action to pick first (the selection is in another language than the file: translate it to the file's).
    public var isPreferred: Bool

    public init(title: String, task: Task, isPreferred: Bool = false) {
        self.title = title
        self.task = task
        self.isPreferred = isPreferred
    }
}

/// A code task on an open document.
public struct BackendCodeTaskRequest: Sendable {
    /// Which task, where.
    public enum Task: Sendable, Equatable {
        /// Translate the selection (UTF-8 bytes of `text`) to `targetLanguage` (a language name or extension).
        case translate(selectionUTF8: Range<Int>, targetLanguage: String)
        /// Write the function whose comment, docstring or signature is on the line of `positionUTF8`.
        case writeFunction(positionUTF8: Int)
    }

    public var uri: String
    public var languageID: String
    public var text: String
    public var task: Task
    public var settings: BackendTaskSettings

    public init(uri: String, languageID: String, text: String, task: Task, settings: BackendTaskSettings = BackendTaskSettings()) {
        self.uri = uri
        self.languageID = languageID
        self.text = text
        self.task = task
        self.settings = settings
    }
}

/// The client's settings for code tasks, validated when they arrived.
public struct BackendTaskSettings: Sendable, Equatable {
    /// Whether candidates may be run against the examples in their comment (`allowRunningCode`): this runs
    /// code the model wrote, so it is off unless the user turned it on.
    public var allowRunningCode: Bool
    /// Most tokens a task generates per candidate (nil: the engine's default).
    public var maxTokens: Int?
    /// Candidates a task generates and ranks (nil: the engine's default; 1: greedy only).
    public var candidates: Int?
    /// Whether a written function's candidates are also ranked by the reviewer (`taskReview`, on by default;
    /// off saves one prompt pass per candidate).
    public var review: Bool
    /// Whether a task whose candidates all fail to build, or with `allowRunningCode` all fail their examples,
    /// gets one repair round (`taskRepair`, on by default; see `CodeTaskOptions.repair`).
    public var repair: Bool
    /// Whether candidates are built with the language's compiler (Python: read by its parser and a scope
    /// check), which runs nothing they contain, and those that fail ranked last (`taskBuildCheck`, on by default; see `CodeTaskOptions.buildCheck`).
    public var buildCheck: Bool

    public init(allowRunningCode: Bool = false, maxTokens: Int? = nil, candidates: Int? = nil, review: Bool = true, repair: Bool = true,
                buildCheck: Bool = true) {
        self.allowRunningCode = allowRunningCode
        self.maxTokens = maxTokens
        self.candidates = candidates
        self.review = review
        self.repair = repair
        self.buildCheck = buildCheck
    }
}

/// What a task produced and where it goes.
public struct BackendCodeTaskResult: Sendable, Equatable {
    /// The code itself: the translation, or the whole function (signature included).
    public var code: String
    /// The UTF-8 range of the document the edit replaces.
    public var replaceUTF8Range: Range<Int>
    /// The text the edit puts there (the code, indented and placed as the file needs).
    public var newText: String
    /// Other edits of the document that go with it, none overlapping it (imports the code needs).
    public var additionalEdits: [BackendTextEdit]
    /// The file name of the model that wrote the code (the completion model's or the task model's).
    public var model: String?
    /// What the user should know before trusting the code (it does not build, or fails its examples), shown
    /// with the result; nil when nothing is known against it.
    public var caveat: String?

    public init(code: String, replaceUTF8Range: Range<Int>, newText: String, additionalEdits: [BackendTextEdit] = [], model: String? = nil,
                caveat: String? = nil) {
        self.code = code
        self.replaceUTF8Range = replaceUTF8Range
        self.newText = newText
        self.additionalEdits = additionalEdits
        self.model = model
        self.caveat = caveat
    }
}

/// A replacement of a document's UTF-8 range.
public struct BackendTextEdit: Sendable, Equatable {
    public var replaceUTF8Range: Range<Int>
    public var newText: String

    public init(replaceUTF8Range: Range<Int>, newText: String) {
        self.replaceUTF8Range = replaceUTF8Range
        self.newText = newText
    }
}

/// Why a code task cannot run; the server answers it as a JSON-RPC error (see `responseError(for:)`).
public enum BackendTaskError: Error, Equatable, CustomStringConvertible {
    /// An argument the backend cannot use (an unknown language, a range outside the text): InvalidParams.
    case invalidArgument(String)
    /// Well-formed, but there is nothing to do or no way to do it (an empty selection, a line that is no
    /// comment or signature, a model without an instruction template): RequestFailed.
    case cannotRun(String)

    public var description: String {
        switch self {
        case .invalidArgument(let message), .cannotRun(let message): return message
        }
    }
}

extension CompletionBackend {
    /// Code tasks run on the completion model only: a model of their own is refused.
    public func loadTaskModel(_ model: String?, threads: Int?, progress: @escaping @Sendable (String, Double?) -> Void) throws {
        if model != nil { throw BackendTaskError.cannotRun("this engine runs code tasks on its completion model only") }
    }

    /// No code actions.
    public func codeActions(_ request: BackendCodeActionRequest) -> [BackendCodeAction] { [] }

    /// No code tasks.
    public func prepareTask(_ request: BackendCodeTaskRequest) throws -> String {
        throw BackendTaskError.cannotRun("this engine does not translate code or write functions")
    }

    /// No code tasks.
    public func runTask(_ request: BackendCodeTaskRequest, isCancelled: @escaping @Sendable () -> Bool,
                        onStage: @escaping @Sendable (String) -> Void) throws -> BackendCodeTaskResult? {
        throw BackendTaskError.cannotRun("this engine does not translate code or write functions")
    }
}
