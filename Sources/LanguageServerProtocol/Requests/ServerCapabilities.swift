import Documents

/// What the server can do, answered to `initialize`. To offer a new request, add its option here (absent
/// means not offered) and set it where the server builds its capabilities.
public struct ServerCapabilities: LSPValue {
    /// The position encoding the server picked from the encodings offered by the client.
    public var positionEncoding: PositionEncoding
    /// Defines how text documents are synced.
    public var textDocumentSync: TextDocumentSyncOptions
    /// The server provides completion support.
    public var completionProvider: CompletionOptions?
    /// The server provides inline completions (LSP 3.18).
    public var inlineCompletionProvider: Bool
    /// The server provides code actions; the kinds it may return.
    public var codeActionProvider: CodeActionOptions?
    /// The server provides execute command support; the commands it executes.
    public var executeCommandProvider: ExecuteCommandOptions?

    public init(positionEncoding: PositionEncoding, textDocumentSync: TextDocumentSyncOptions, completionProvider: CompletionOptions? = nil,
                inlineCompletionProvider: Bool = false, codeActionProvider: CodeActionOptions? = nil, executeCommandProvider: ExecuteCommandOptions? = nil) {
        self.positionEncoding = positionEncoding
        self.textDocumentSync = textDocumentSync
        self.completionProvider = completionProvider
        self.inlineCompletionProvider = inlineCompletionProvider
        self.codeActionProvider = codeActionProvider
        self.executeCommandProvider = executeCommandProvider
    }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        positionEncoding = try reader["positionEncoding"].isAbsent ? .utf16 : PositionEncoding(json: reader["positionEncoding"])
        textDocumentSync = try TextDocumentSyncOptions(json: reader["textDocumentSync"])
        completionProvider = try reader["completionProvider"].optional(CompletionOptions.self)
        inlineCompletionProvider = !reader["inlineCompletionProvider"].isAbsent && (try? reader["inlineCompletionProvider"].bool()) != false
        codeActionProvider = try reader["codeActionProvider"].optional(CodeActionOptions.self)
        executeCommandProvider = try reader["executeCommandProvider"].optional(ExecuteCommandOptions.self)
    }

    public var json: Any {
        var object: [String: Any] = ["positionEncoding": positionEncoding.json, "textDocumentSync": textDocumentSync.json]
        object.set("completionProvider", completionProvider)
        if inlineCompletionProvider { object["inlineCompletionProvider"] = [String: Any]() }
        object.set("codeActionProvider", codeActionProvider)
        object.set("executeCommandProvider", executeCommandProvider)
        return object
    }
}

/// Defines how the host (editor) should sync document changes to the language server.
public struct TextDocumentSyncKind: RawRepresentable, LSPValue, Hashable {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// Documents should not be synced at all.
    public static let none = TextDocumentSyncKind(rawValue: 0)
    /// Documents are synced by always sending the full content of the document.
    public static let full = TextDocumentSyncKind(rawValue: 1)
    /// Documents are synced by sending the full content on open. After that only incremental updates to
    /// the document are sent.
    public static let incremental = TextDocumentSyncKind(rawValue: 2)

    public init(json reader: FieldReader) throws { rawValue = try reader.integer() }
    public var json: Any { rawValue }
}

/// How documents are synced, and which of open/close/save notifications the server wants.
public struct TextDocumentSyncOptions: LSPValue {
    /// Open and close notifications are sent to the server.
    public var openClose: Bool
    /// Change notifications are sent to the server (none, full or incremental).
    public var change: TextDocumentSyncKind
    /// Save notifications are sent to the server; `includeText`: the client is supposed to include the
    /// content on save. Nil: no save notifications.
    public var saveIncludesText: Bool?

    public init(openClose: Bool, change: TextDocumentSyncKind, saveIncludesText: Bool?) {
        self.openClose = openClose
        self.change = change
        self.saveIncludesText = saveIncludesText
    }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        openClose = try reader["openClose"].optionalBool() ?? false
        change = try reader["change"].isAbsent ? .none : TextDocumentSyncKind(json: reader["change"])
        saveIncludesText = reader["save"].isAbsent ? nil : try reader["save"]["includeText"].optionalBool() ?? false
    }

    public var json: Any {
        var object: [String: Any] = ["openClose": openClose, "change": change.json]
        if let saveIncludesText { object["save"] = ["includeText": saveIncludesText] }
        return object
    }
}

/// Completion options.
public struct CompletionOptions: LSPValue {
    /// The server provides support to resolve additional information for a completion item.
    public var resolveProvider: Bool
    /// The additional characters, beyond the defaults provided by the client (typically [a-zA-Z]), that
    /// should automatically trigger a completion request.
    public var triggerCharacters: [String]

    public init(resolveProvider: Bool = false, triggerCharacters: [String] = []) {
        self.resolveProvider = resolveProvider
        self.triggerCharacters = triggerCharacters
    }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        resolveProvider = try reader["resolveProvider"].optionalBool() ?? false
        triggerCharacters = try reader["triggerCharacters"].optionalStrings()
    }

    public var json: Any { ["resolveProvider": resolveProvider, "triggerCharacters": triggerCharacters] }
}

/// Code action options.
public struct CodeActionOptions: LSPValue {
    /// CodeActionKinds that this server may return (e.g. "refactor.rewrite").
    public var codeActionKinds: [String]

    public init(codeActionKinds: [String]) { self.codeActionKinds = codeActionKinds }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        codeActionKinds = try reader["codeActionKinds"].optionalStrings()
    }

    public var json: Any { ["codeActionKinds": codeActionKinds] }
}

/// Execute command options.
public struct ExecuteCommandOptions: LSPValue {
    /// The commands to be executed on the server.
    public var commands: [String]

    public init(commands: [String]) { self.commands = commands }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        commands = try reader["commands"].optionalStrings()
    }

    public var json: Any { ["commands": commands] }
}
