/// The initialized notification is sent from the client to the server after the client received the
/// result of the initialize request but before the client is sending any other request or notification.
public struct InitializedNotification: LSPNotification {
    public static let method = "initialized"
    public init() {}
    public init(json reader: FieldReader) throws {}
    public var json: Any { [String: Any]() }
}

/// A notification to ask the server to exit its process. The server should exit with success code 0 if the
/// shutdown request has been received before; otherwise with error code 1.
public struct ExitNotification: LSPNotification {
    public static let method = "exit"
    public init() {}
    public init(json reader: FieldReader) throws {}
    public var json: Any { NullResponse().json }
}
