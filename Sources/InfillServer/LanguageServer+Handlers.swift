import Documents
import LanguageServerProtocol

extension LanguageServer {
    /// Every request and notification the server handles: one line each. To add a request, write its type
    /// in LanguageServerProtocol/Requests, its handler in an extension of `LanguageServer`, register it
    /// here, and offer it in `capabilities(encoding:)` (see docs/adding-a-request.md).
    static func makeHandlers() -> HandlerRegistry<LanguageServer> {
        var handlers = HandlerRegistry<LanguageServer>()
        // Lifecycle and configuration (LanguageServer+Lifecycle).
        handlers.on(InitializeRequest.self, LanguageServer.initialize)
        handlers.on(InitializedNotification.self, LanguageServer.initialized)
        handlers.on(ShutdownRequest.self, LanguageServer.shutdown)
        handlers.on(ExitNotification.self, LanguageServer.exit)
        handlers.on(CancelRequestNotification.self, LanguageServer.cancelRequest)
        handlers.on(DidChangeConfigurationNotification.self, LanguageServer.didChangeConfiguration)
        handlers.on(WorkDoneProgressCancelNotification.self, LanguageServer.cancelProgress)
        // Document sync (LanguageServer+DocumentSync).
        handlers.on(DidOpenTextDocumentNotification.self, LanguageServer.didOpen)
        handlers.on(DidChangeTextDocumentNotification.self, LanguageServer.didChange)
        handlers.on(DidCloseTextDocumentNotification.self, LanguageServer.didClose)
        handlers.on(DidSaveTextDocumentNotification.self, LanguageServer.didSave)
        // Completion (LanguageServer+Completion).
        handlers.on(InlineCompletionRequest.self, LanguageServer.inlineCompletion)
        handlers.on(CompletionRequest.self, LanguageServer.completion)
        // Code tasks: translate, write a function (LanguageServer+CodeAction, +ExecuteCommand).
        handlers.on(CodeActionRequest.self, LanguageServer.codeAction)
        handlers.on(ExecuteCommandRequest.self, LanguageServer.executeCommand)
        return handlers
    }

    /// What the server offers, answered to `initialize`: incremental sync with open/close and save without
    /// text, inline completion and classic completion without resolve, code actions (`refactor.rewrite`)
    /// with the commands they run, in the chosen position encoding.
    static func capabilities(encoding: PositionEncoding) -> ServerCapabilities {
        ServerCapabilities(
            positionEncoding: encoding,
            textDocumentSync: TextDocumentSyncOptions(openClose: true, change: .incremental, saveIncludesText: false),
            completionProvider: CompletionOptions(resolveProvider: false, triggerCharacters: []),
            inlineCompletionProvider: true,
            codeActionProvider: CodeActionOptions(codeActionKinds: [codeTaskActionKind.rawValue]),
            executeCommandProvider: ExecuteCommandOptions(commands: CodeTaskCommand.names))
    }
}
