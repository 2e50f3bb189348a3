import Documents
import LanguageServerProtocol

/// `textDocument/codeAction`: the code tasks that fit a selection or cursor, decided by the backend from the
/// text alone (no model, answered at once): *Translate to …* on a selection, *Write function from comment*
/// on a comment or signature without a body. Each carries the command that runs it
/// (`LanguageServer+ExecuteCommand`).
extension LanguageServer {
    /// The kind of every action Infill offers (a client asking `only: ["refactor"]` gets them too).
    static let codeTaskActionKind = CodeActionKind.refactorRewrite

    func codeAction(_ request: CodeActionRequest, reply: Reply<[CodeActionOrCommand]>) throws {
        let uri = request.textDocument.uri
        guard let snapshot = documents.snapshot(uri) else { throw ServerError.documentNotOpen(uri: uri) }
        if let only = request.only, !only.contains(where: { Self.codeTaskActionKind.isIn($0) }) { return reply([]) }
        let (encoding, literals) = lock.withLock { (self.encoding, self.client.codeActionLiterals) }
        // A range past the end is clamped, as for completion: the answer is only a list of offers.
        let start = try snapshot.utf8Offset(of: request.range.start, encoding: encoding, strict: false)
        let end = try snapshot.utf8Offset(of: request.range.end, encoding: encoding, strict: false)
        let offers = backend.codeActions(BackendCodeActionRequest(uri: uri, languageID: snapshot.languageID, text: snapshot.text,
                                                                 selectionUTF8: min(start, end)..<max(start, end)))
        reply(offers.map { offer in
            let command: CodeTaskCommand
            switch offer.task {
            case .translate(let target): command = .translate(uri: uri, range: request.range, targetLanguage: target)
            case .writeFunction: command = .writeFunction(uri: uri, position: request.range.start)
            }
            // A client without code action literals gets the bare command (LSP's rule for older clients).
            guard literals else { return .command(command.command(title: offer.title)) }
            return .action(CodeAction(title: offer.title, kind: Self.codeTaskActionKind, isPreferred: offer.isPreferred,
                                      command: command.command(title: offer.title)))
        })
    }
}
