/// The show message notification is sent from a server to a client to ask the client to display a
/// particular message in the user interface.
public struct ShowMessageNotification: LSPNotification {
    public static let method = "window/showMessage"

    /// The message type.
    public var type: MessageType
    /// The actual message.
    public var message: String

    public init(type: MessageType, message: String) {
        self.type = type
        self.message = message
    }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        type = try MessageType(json: reader["type"])
        message = try reader["message"].string()
    }

    public var json: Any { ["type": type.json, "message": message] }
}

/// The log message notification is sent from the server to the client to ask the client to log a
/// particular message.
public struct LogMessageNotification: LSPNotification {
    public static let method = "window/logMessage"

    /// The message type.
    public var type: MessageType
    /// The actual message.
    public var message: String

    public init(type: MessageType, message: String) {
        self.type = type
        self.message = message
    }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        type = try MessageType(json: reader["type"])
        message = try reader["message"].string()
    }

    public var json: Any { ["type": type.json, "message": message] }
}
