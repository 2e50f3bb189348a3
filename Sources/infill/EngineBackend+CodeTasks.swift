import Completion
import Foundation
import InfillServer

/// The code tasks of the daemon (code actions, `infill.translate`, `infill.writeFunction`) on the loaded
/// model: the server's requests mapped onto `DocumentCodeTask` and `CodeTaskEngine`, the errors onto
/// `BackendTaskError`.
extension EngineBackend {
    func codeActions(_ request: BackendCodeActionRequest) -> [BackendCodeAction] {
        let file = DocumentCodeTask.language(id: request.languageID, path: Self.displayPath(request.uri))
        return DocumentCodeTask.actions(text: request.text, selectionUTF8: request.selectionUTF8, fileLanguage: file).map { action in
            switch action {
            case .translate(let language, let detected):
                // The selection is in another language than the file: translating it to the file's comes first.
                let preferred = detected != nil && detected != file && language == file
                return BackendCodeAction(title: action.title, task: .translate(targetLanguage: language.id), isPreferred: preferred)
            case .writeFunction:
                return BackendCodeAction(title: action.title, task: .writeFunction)
            }
        }
    }

    func prepareTask(_ request: BackendCodeTaskRequest) throws -> String {
        try Self.documentTask(request).title
    }

    func runTask(_ request: BackendCodeTaskRequest, isCancelled: @escaping @Sendable () -> Bool,
                 onStage: @escaping @Sendable (String) -> Void) throws -> BackendCodeTaskResult? {
        let task = try Self.documentTask(request)
        guard let engine = taskEngine.withLock({ $0.engine }) else { throw BackendTaskError.cannotRun("no model is loaded") }
        var options = CodeTaskOptions(allowRunningCode: request.settings.allowRunningCode, review: request.settings.review,
                                      repair: request.settings.repair, buildCheck: request.settings.buildCheck)
        options.onStage = { onStage($0.description) }
        if let n = request.settings.maxTokens { options.limitTokens(to: n) }
        if let n = request.settings.candidates {
            options.candidates = n
            if n == 1 { options.strategy = .greedy }
        }
        do {
            guard let result = try task.run(on: engine, options: options, isCancelled: isCancelled) else { return nil }
            return BackendCodeTaskResult(code: result.code, replaceUTF8Range: result.replaceUTF8Range, newText: result.newText,
                                         additionalEdits: result.additionalEdits.map { BackendTextEdit(replaceUTF8Range: $0.replaceUTF8Range, newText: $0.newText) },
                                         model: URL(fileURLWithPath: engine.model.path).lastPathComponent, caveat: result.caveat)
        } catch let error as CodeTaskError {
            throw BackendTaskError.cannotRun(error.description)
        } catch let error as DocumentCodeTaskError {
            throw BackendTaskError.cannotRun(error.description)
        }
    }

    /// The document task a request asks for, or the reason it cannot be.
    private static func documentTask(_ request: BackendCodeTaskRequest) throws -> DocumentCodeTask {
        let file = DocumentCodeTask.language(id: request.languageID, path: displayPath(request.uri))
        do {
            switch request.task {
            case .translate(let selection, let target):
                return try DocumentCodeTask.translation(text: request.text, selectionUTF8: selection, target: target, fileLanguage: file)
            case .writeFunction(let position):
                return try DocumentCodeTask.function(text: request.text, positionUTF8: position, fileLanguage: file, languageID: request.languageID)
            }
        } catch let error as DocumentCodeTaskError {
            throw error.isBadArgument ? BackendTaskError.invalidArgument(error.description) : BackendTaskError.cannotRun(error.description)
        }
    }
}
