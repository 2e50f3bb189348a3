import InfillLog
import LanguageServerProtocol

/// Document sync: the open documents, kept in the negotiated position encoding. An edit or a close cancels
/// that document's pending completions (`ContentModified`).
extension LanguageServer {
    func didOpen(_ notification: DidOpenTextDocumentNotification) {
        documents.open(uri: notification.uri, languageID: notification.languageID, version: notification.version, text: notification.text)
    }

    /// Applies the changes in order; an impossible range refuses the whole notification and the document
    /// stays as it was (the client is told in its log).
    func didChange(_ notification: DidChangeTextDocumentNotification) {
        let uri = notification.textDocument.uri
        do {
            try documents.change(uri: uri, version: notification.textDocument.version, edits: notification.contentChanges, encoding: lock.withLock { encoding })
            scheduler.documentChanged(uri: uri) { [documents] in
                documents.snapshot(uri).flatMap { $0.utf8Count <= CompletionScheduler.continuationTextLimit ? $0.text : nil }
            }
        } catch {
            Logger.shared.error("server", "\(error)")
            connection.logMessage(.error, "\(error)")
        }
    }

    func didClose(_ notification: DidCloseTextDocumentNotification) {
        let uri = notification.textDocument.uri
        documents.close(uri: uri)
        scheduler.cancel(uri: uri, reason: .contentModified)
        scheduler.afterQueuedWork { [backend] in backend.documentClosed(uri: uri) }
    }

    func didSave(_ notification: DidSaveTextDocumentNotification) {}
}
