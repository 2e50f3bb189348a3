import Documents
import Foundation

/// The initialize request is sent as the first request from the client to the server. Until the server
/// has responded with an `InitializeResult`, the client must not send any additional requests or
/// notifications to the server.
public struct InitializeRequest: LSPRequest {
    public static let method = "initialize"
    public typealias Response = InitializeResult

    /// The process Id of the parent process that started the server (null if not started by another process).
    public var processID: Int?
    /// The capabilities provided by the client (editor or tool); only the parts Infill uses are kept.
    public var capabilities: ClientCapabilities
    /// User provided initialization options (Infill's settings, see `ServerSettings`).
    public var initializationOptions: JSONValue?

    public init(processID: Int? = nil, capabilities: ClientCapabilities = ClientCapabilities(), initializationOptions: JSONValue? = nil) {
        self.processID = processID
        self.capabilities = capabilities
        self.initializationOptions = initializationOptions
    }

    /// Lenient on purpose: a client that sends odd capabilities still gets a working server with the
    /// defaults (UTF-16, no progress) instead of a refused `initialize`.
    public init(json reader: FieldReader) throws {
        processID = try? reader["processId"].optionalInteger()
        capabilities = ClientCapabilities(lenient: reader["capabilities"])
        initializationOptions = reader["initializationOptions"].isAbsent ? nil : JSONValue(any: reader["initializationOptions"].value)
    }

    public var json: Any {
        var object: [String: Any] = ["processId": processID.map { $0 as Any } ?? NSNull(), "capabilities": capabilities.json]
        object.set("initializationOptions", initializationOptions)
        return object
    }

    /// The position encoding to use: UTF-8 when offered (our documents are UTF-8, so offsets need no
    /// conversion), UTF-32 when offered without UTF-16, otherwise UTF-16, which every client must support.
    public var chosenEncoding: PositionEncoding {
        let offered = capabilities.positionEncodings
        if offered.contains(PositionEncoding.utf8.rawValue) { return .utf8 }
        if offered.contains(PositionEncoding.utf32.rawValue) && !offered.contains(PositionEncoding.utf16.rawValue) { return .utf32 }
        return .utf16
    }
}

/// The parts of the client's capabilities the server looks at.
public struct ClientCapabilities: LSPValue {
    /// `general.positionEncodings`: the position encodings supported by the client, in order of preference.
    public var positionEncodings: [String]
    /// `window.workDoneProgress`: whether the client supports server initiated progress using the
    /// `window/workDoneProgress/create` request.
    public var workDoneProgress: Bool
    /// `workspace.applyEdit`: the client supports applying batch edits to the workspace by supporting the
    /// request `workspace/applyEdit`.
    public var applyEdit: Bool
    /// `textDocument.completion.completionItem.insertReplaceSupport`: the client takes an
    /// `InsertReplaceEdit` as a completion item's `textEdit`.
    public var completionInsertReplace: Bool
    /// `workspace.workspaceEdit.documentChanges`: the client supports versioned document changes in
    /// `WorkspaceEdit`s (and refuses an edit made for a version it no longer has).
    public var workspaceEditDocumentChanges: Bool
    /// `textDocument.codeAction.codeActionLiteralSupport` present: the client takes `CodeAction` literals
    /// in answers to `textDocument/codeAction` (otherwise only `Command`s).
    public var codeActionLiterals: Bool

    public init(positionEncodings: [String] = [], workDoneProgress: Bool = false, applyEdit: Bool = false, completionInsertReplace: Bool = false,
                workspaceEditDocumentChanges: Bool = false, codeActionLiterals: Bool = false) {
        self.codeActionLiterals = codeActionLiterals
        self.positionEncodings = positionEncodings
        self.workDoneProgress = workDoneProgress
        self.applyEdit = applyEdit
        self.completionInsertReplace = completionInsertReplace
        self.workspaceEditDocumentChanges = workspaceEditDocumentChanges
    }

    /// Reads what it can; a malformed part falls back to its default.
    public init(lenient reader: FieldReader) {
        positionEncodings = (try? reader["general"]["positionEncodings"].optionalStrings()) ?? []
        workDoneProgress = ((try? reader["window"]["workDoneProgress"].optionalBool()) ?? nil) ?? false
        applyEdit = ((try? reader["workspace"]["applyEdit"].optionalBool()) ?? nil) ?? false
        completionInsertReplace = ((try? reader["textDocument"]["completion"]["completionItem"]["insertReplaceSupport"].optionalBool()) ?? nil) ?? false
        workspaceEditDocumentChanges = ((try? reader["workspace"]["workspaceEdit"]["documentChanges"].optionalBool()) ?? nil) ?? false
        codeActionLiterals = reader["textDocument"]["codeAction"]["codeActionLiteralSupport"].value is [String: Any]
    }

    public init(json reader: FieldReader) throws { self.init(lenient: reader) }

    public var json: Any {
        var textDocument: [String: Any] = ["completion": ["completionItem": ["insertReplaceSupport": completionInsertReplace]]]
        if codeActionLiterals { textDocument["codeAction"] = ["codeActionLiteralSupport": ["codeActionKind": ["valueSet": ["refactor.rewrite"]]]] }
        return ["general": ["positionEncodings": positionEncodings], "window": ["workDoneProgress": workDoneProgress],
                "workspace": ["applyEdit": applyEdit, "workspaceEdit": ["documentChanges": workspaceEditDocumentChanges]] as [String: Any],
                "textDocument": textDocument]
    }
}

/// The result returned from an initialize request.
public struct InitializeResult: LSPValue {
    /// The capabilities the language server provides.
    public var capabilities: ServerCapabilities
    /// Information about the server: its name and version.
    public var serverName: String
    public var serverVersion: String

    public init(capabilities: ServerCapabilities, serverName: String, serverVersion: String) {
        self.capabilities = capabilities
        self.serverName = serverName
        self.serverVersion = serverVersion
    }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        capabilities = try ServerCapabilities(json: reader["capabilities"])
        serverName = try reader["serverInfo"]["name"].string()
        serverVersion = try reader["serverInfo"]["version"].optionalString() ?? ""
    }

    public var json: Any {
        ["capabilities": capabilities.json, "serverInfo": ["name": serverName, "version": serverVersion]]
    }
}
