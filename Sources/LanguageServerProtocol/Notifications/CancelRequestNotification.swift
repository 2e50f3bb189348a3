import JSONRPC

/// To cancel a request a notification message with the method `$/cancelRequest` is sent. A request that got
/// canceled still needs to return from the server and send a response back (Infill answers
/// `RequestCancelled`).
public struct CancelRequestNotification: LSPNotification {
    public static let method = "$/cancelRequest"

    /// The request id to cancel.
    public var id: RequestID

    public init(id: RequestID) { self.id = id }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        id = try RequestID(json: reader["id"])
    }

    public var json: Any { ["id": id.json] }
}

extension RequestID: LSPValue {
    /// Reads an id: a whole number or a string (booleans and fractions are refused, never read as 1).
    public init(json reader: FieldReader) throws {
        guard let id = RequestID(json: reader.value) else { throw reader.error("a whole number or a string") }
        self = id
    }
}
