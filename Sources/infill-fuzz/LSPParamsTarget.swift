import Foundation
import JSONRPC
import LanguageServerProtocol

extension FuzzTarget {
    /// The typed readers of every request and notification the server reads (and the results it writes), on
    /// one JSON value taken as their params.
    ///
    /// Checks: a reader either refuses the value with an error naming a field, or reads a value whose JSON
    /// form is valid JSON and reads back as the same value (reader and writer agree).
    static let lspParams = FuzzTarget(
        name: "lsp-params",
        summary: "typed LSP params readers: refuse with a named field, or read a value that writes back and reads as itself"
    ) { data in
        guard let value = try? JSONSerialization.jsonObject(with: Data(data), options: [.fragmentsAllowed]) else { return }
        let reader = FieldReader(value)
        for check in readers { check(reader) }
    }

    /// One round-trip check per message type the server reads, and per result type it writes.
    private static let readers: [@Sendable (FieldReader) -> Void] = [
        roundTrip(InitializeRequest.self), roundTrip(ShutdownRequest.self), roundTrip(InlineCompletionRequest.self),
        roundTrip(CompletionRequest.self), roundTrip(WorkDoneProgressCreateRequest.self), roundTrip(ApplyWorkspaceEditRequest.self),
        roundTrip(InitializedNotification.self), roundTrip(ExitNotification.self), roundTrip(CancelRequestNotification.self),
        roundTrip(DidOpenTextDocumentNotification.self), roundTrip(DidChangeTextDocumentNotification.self),
        roundTrip(DidCloseTextDocumentNotification.self), roundTrip(DidSaveTextDocumentNotification.self),
        roundTrip(DidChangeConfigurationNotification.self), roundTrip(WorkDoneProgressCancelNotification.self),
        roundTrip(ProgressNotification.self), roundTrip(ShowMessageNotification.self), roundTrip(LogMessageNotification.self),
        roundTrip(InlineCompletionList.self), roundTrip(CompletionList.self), roundTrip(InitializeResult.self),
        roundTrip(ApplyWorkspaceEditResult.self), roundTrip(JSONValue.self),
    ]

    private static func roundTrip<T: LSPValue>(_: T.Type) -> @Sendable (FieldReader) -> Void {
        { reader in
            let value: T
            do {
                value = try T(json: reader)
            } catch let error as InvalidParams {
                require(!error.message.isEmpty, "\(T.self) refused its params without saying why")
                return
            } catch {
                return require(false, "\(T.self) threw \(type(of: error)), not InvalidParams: \(error)")
            }
            let json = value.json
            require(JSONSerialization.isValidJSONObject([json]), "\(T.self) wrote a value that is not JSON")
            let bytes = serialized([json])
            guard let reread = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [Any], let first = reread.first else {
                return require(false, "\(T.self)'s JSON form does not read back")
            }
            do {
                let again = try T(json: FieldReader(first))
                require(again == value, "\(T.self) read back differently from what it wrote")
            } catch {
                require(false, "\(T.self) refused its own JSON form: \(error)")
            }
        }
    }
}
