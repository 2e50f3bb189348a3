import Documents
import InfillLog
import JSONRPC
import LanguageServerProtocol

/// `textDocument/inlineCompletion` and `textDocument/completion`: the cursor is read against the open text,
/// answered at once when the engine has the answer without the model, otherwise scheduled (see
/// `CompletionScheduler` for what cancels what).
extension LanguageServer {
    func inlineCompletion(_ request: InlineCompletionRequest, reply: Reply<InlineCompletionList>) throws {
        try complete(uri: request.textDocument.uri, position: request.position, invoked: request.triggerKind == .invoked, reply: reply,
                     shape: CompletionReplies.inlineList)
    }

    /// Classic completion is always treated as invoked: editors open that menu on request or on their own
    /// trigger characters, and both want the fuller answer.
    func completion(_ request: CompletionRequest, reply: Reply<CompletionList>) throws {
        let insertReplace = lock.withLock { client.completionInsertReplace }
        try complete(uri: request.textDocument.uri, position: request.position, invoked: true, reply: reply) {
            CompletionReplies.menu($0, in: $1, encoding: $2, insertReplace: insertReplace)
        }
    }

    private func complete<Response: LSPValue>(
        uri: String, position: TextPosition, invoked: Bool, reply: Reply<Response>,
        shape: @escaping @Sendable ([BackendCandidate], DocumentSnapshot, PositionEncoding) -> Response
    ) throws {
        let answer: @Sendable ([BackendCandidate], DocumentSnapshot, PositionEncoding) -> Void = { reply(shape($0, $1, $2)) }
        let fail: @Sendable (any Error) -> Void = { reply.fail($0) }
        guard let snapshot = documents.snapshot(uri) else { throw ServerError.documentNotOpen(uri: uri) }
        let (encoding, settings) = lock.withLock { (self.encoding, self.settings) }
        // A position past the end of its line or of the text is clamped to it (LSP's rule for characters).
        let cursor = try snapshot.utf8Offset(of: position, encoding: encoding, strict: false)
        let entry = scheduler.register(id: reply.id, uri: uri, text: snapshot.text, cursorUTF8Offset: cursor)
        let request = BackendCompletionRequest(
            uri: uri, languageID: snapshot.languageID, text: snapshot.text, cursorUTF8Offset: cursor, invoked: invoked,
            maxCandidates: settings.completion.candidates ?? (invoked ? 3 : 1), settings: settings.completion)
        // Typing through a suggestion on screen: the rest of it at once, neither debounced nor queued.
        if !invoked, let candidates = backend.immediateCandidates(request) {
            scheduler.finish(entry)
            return answer(candidates, snapshot, encoding)
        }
        let debounce = invoked ? 0 : (settings.debounceMilliseconds ?? options.debounceMilliseconds)
        scheduler.run(entry, debounceMilliseconds: debounce, cancelled: fail) { [self] in
            guard waitForModel(entry) == nil else {
                if let reason = entry.cancellation { return fail(reason) }
                return answer([], snapshot, encoding)
            }
            do {
                let candidates = try backend.complete(request) { entry.mustStop }
                if let reason = entry.cancellation { return fail(reason) }
                answer(candidates, snapshot, encoding)
            } catch {
                Logger.shared.error("server", "completion failed: \(error)")
                fail(error)
            }
        }
    }
}
