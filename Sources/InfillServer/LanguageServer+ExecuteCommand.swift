import Documents
import Foundation
import InfillLog
import LanguageServerProtocol

/// `workspace/executeCommand` for `infill.translate` and `infill.writeFunction`.
///
/// 1. On the connection's thread: the command and its arguments are read, the document and range checked,
///    and the backend checks the task against the text (language, selection, comment): any error is
///    answered at once (and shown with `window/showMessage`), the document untouched.
/// 2. On the task worker, taking turns with completions on the model (`ModelTurn`): a completion, in any
///    document, waits at most one token of a running task; tasks wait for each other in order. Work done
///    progress is shown when the client supports it, a report as each stage starts ("writing 4 candidates",
///    "building 4 candidates as Go", "none compiled: asking once more").
/// 3. Cancelled by `$/cancelRequest`, by `window/workDoneProgress/cancel` on its progress, by shutdown
///    (answered RequestCancelled), and by an edit or close of its document (answered ContentModified: the
///    result would be stale), each within one token.
/// 4. The result is checked against the document's version: if the document changed meanwhile the result
///    is dropped. Otherwise it is applied with `workspace/applyEdit` (versioned when the client supports
///    it) and the answer is `{applied: true, code, edit, model}` (`model`: the file name of the model that
///    wrote it); a client without `workspace.applyEdit` gets `{applied: false, code, edit, model}` to apply itself.
///    When the build check or the examples found the code wrong (no candidate passed them), the answer has
///    `caveat` too and the user is told with `window/showMessage` (a warning): the code is still the best try.
extension LanguageServer {
    func executeCommand(_ request: ExecuteCommandRequest, reply: Reply<JSONValue>) throws {
        do {
            try startCodeTask(request, reply: reply)
        } catch {
            tellUser(error)
            throw error
        }
    }

    private func startCodeTask(_ request: ExecuteCommandRequest, reply: Reply<JSONValue>) throws {
        let command = try CodeTaskCommand(request)
        let uri = command.uri
        guard let snapshot = documents.snapshot(uri) else { throw ServerError.documentNotOpen(uri: uri) }
        let (encoding, taskSettings, canApply, versioned) = lock.withLock {
            (self.encoding, self.settings.tasks, self.client.applyEdit, self.client.workspaceEditDocumentChanges)
        }
        let task: BackendCodeTaskRequest.Task
        switch command {
        case .translate(_, let range, let target):
            let start = try Self.offset(of: range.start, in: snapshot, encoding: encoding, field: "arguments[0].range.start")
            let end = try Self.offset(of: range.end, in: snapshot, encoding: encoding, field: "arguments[0].range.end")
            guard start <= end else { throw InvalidParams("arguments[0].range ends before it starts") }
            task = .translate(selectionUTF8: start..<end, targetLanguage: target)
        case .writeFunction(_, let position):
            task = .writeFunction(positionUTF8: try Self.offset(of: position, in: snapshot, encoding: encoding, field: "arguments[0].position"))
        }
        let backendRequest = BackendCodeTaskRequest(uri: uri, languageID: snapshot.languageID, text: snapshot.text, task: task, settings: taskSettings)
        let title = try backend.prepareTask(backendRequest)

        let entry = scheduler.registerTask(id: reply.id, uri: uri)
        let progress = beginProgress(title: "infill: \(title)", cancellable: true)
        progress.onCancel { entry.cancel(.cancelled) }
        let fail: @Sendable (any Error) -> Void = { [self] error in
            progress.end("failed")
            tellUser(error)
            reply.fail(error)
        }
        scheduler.runTask(entry, cancelled: { fail(Self.taskCancellation($0, uri: uri)) }) { [self] yield in
            if let notReady = waitForModel(entry, role: .tasks) {
                scheduler.finish(entry)
                return fail(entry.cancellation.map { Self.taskCancellation($0, uri: uri) } ?? notReady)
            }
            let result: BackendCodeTaskResult?
            do {
                result = try backend.runTask(backendRequest, isCancelled: {
                    yield()
                    return entry.cancellation != nil
                }, onStage: { progress.report($0) })
            } catch {
                scheduler.finish(entry)
                Logger.shared.error("server", "\(title) failed: \(error)")
                return fail(error)
            }
            // Forgotten before the edit goes out: the client's didChange for our own edit is no staleness.
            scheduler.finish(entry)
            if let reason = entry.cancellation { return fail(Self.taskCancellation(reason, uri: uri)) }
            guard let result else { return fail(ServerError.cancelled) }
            guard documents.snapshot(uri)?.version == snapshot.version else { return fail(ServerError.staleResult(uri: uri)) }
            func textEdit(_ utf8: Range<Int>, _ newText: String) -> TextEdit {
                TextEdit(range: TextRange(start: snapshot.position(ofUTF8Offset: utf8.lowerBound, encoding: encoding),
                                          end: snapshot.position(ofUTF8Offset: utf8.upperBound, encoding: encoding)), newText: newText)
            }
            let edit = textEdit(result.replaceUTF8Range, result.newText)
            // The imports a written function or a translation needs go with it, in the same workspace edit (document order).
            let others = result.additionalEdits.map { textEdit($0.replaceUTF8Range, $0.newText) }
            let edits = (others + [edit]).sorted { ($0.range.start.line, $0.range.start.character) < ($1.range.start.line, $1.range.start.character) }
            func json(_ edit: TextEdit) -> JSONValue {
                .object(["uri": .string(uri), "range": JSONValue(any: edit.range.json), "newText": .string(edit.newText)])
            }
            var fields: [String: JSONValue] = ["code": .string(result.code), "edit": json(edit)]
            if !others.isEmpty { fields["additionalEdits"] = .array(others.map(json)) }
            if let model = result.model { fields["model"] = .string(model) }
            if let caveat = result.caveat { fields["caveat"] = .string(caveat) }
            let answer = fields
            let label = title.prefix(1).uppercased() + title.dropFirst()
            // The code is given all the same (the model's best try), but the user hears what is known against it.
            let warn: @Sendable () -> Void = { [self] in if let caveat = result.caveat { connection.showMessage(.warning, "\(label): \(caveat)") } }
            guard canApply else {
                progress.end("done")
                warn()
                return reply(.object(answer.merging(["applied": .bool(false)]) { $1 }))
            }
            progress.report("applying the edit")
            let workspaceEdit = versioned
                ? WorkspaceEdit(changes: [:], documentChanges: [TextDocumentEdit(textDocument: VersionedTextDocumentIdentifier(uri: uri, version: snapshot.version),
                                                                                 edits: edits)])
                : WorkspaceEdit(changes: [uri: edits])
            connection.request(ApplyWorkspaceEditRequest(label: label, edit: workspaceEdit)) { outcome in
                switch outcome {
                case .success(let applied) where applied.applied:
                    progress.end("done")
                    warn()
                    reply(.object(answer.merging(["applied": .bool(true)]) { $1 }))
                case .success(let refused):
                    fail(ServerError.editNotApplied(reason: refused.failureReason ?? "no reason given"))
                case .failure(let error):
                    fail(ServerError.editNotApplied(reason: error.message))
                }
            }
        }
    }

    /// The UTF-8 offset of a command's position: a line past the end is an error here (an edit is coming),
    /// not clamped as for completion; a character past the end of its line is its end (LSP's rule).
    private static func offset(of position: TextPosition, in snapshot: DocumentSnapshot, encoding: PositionEncoding, field: String) throws -> Int {
        guard position.line < snapshot.lineCount else {
            throw InvalidParams("\(field): line \(position.line) is outside \(snapshot.uri), which has \(snapshot.lineCount) lines (0 to \(snapshot.lineCount - 1))")
        }
        return try snapshot.utf8Offset(of: position, encoding: encoding)
    }

    /// A task's cancellation as answered: an edit of its document makes its result stale.
    private static func taskCancellation(_ reason: ServerError, uri: String) -> ServerError {
        reason == .contentModified ? .staleResult(uri: uri) : reason
    }

    /// Shows a code task's failure to the user (not a cancellation: the user asked for that).
    private func tellUser(_ error: any Error) {
        let stale: Bool
        switch error as? ServerError {
        case .cancelled?: return
        case .staleResult?: stale = true
        default: stale = false
        }
        connection.showMessage(stale ? .warning : .error, responseError(for: error).message)
    }
}
