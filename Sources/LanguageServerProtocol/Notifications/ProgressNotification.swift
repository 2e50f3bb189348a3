/// The base protocol offers support to report progress in a generic fashion (`$/progress`). Infill reports
/// work done progress: a begin, reports, and an end, under a token the client created.
public struct ProgressNotification: LSPNotification {
    public static let method = "$/progress"

    /// The progress token provided by the client or server.
    public var token: ProgressToken
    /// The progress data.
    public var value: WorkDoneProgress

    public init(token: ProgressToken, value: WorkDoneProgress) {
        self.token = token
        self.value = value
    }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        token = try ProgressToken(json: reader["token"])
        value = try WorkDoneProgress(json: reader["value"])
    }

    public var json: Any { ["token": token.json, "value": value.json] }
}

/// One step of a work done progress.
public enum WorkDoneProgress: LSPValue {
    /// Starting progress: a mandatory title of the progress operation, whether a cancel button is shown,
    /// an optional message and percentage (0 to 100).
    case begin(title: String, cancellable: Bool, message: String?, percentage: Int?)
    /// Reporting progress: an optional message, and an optional percentage (0 to 100).
    case report(message: String?, percentage: Int?)
    /// Signals the end of progress reporting, with an optional final message.
    case end(message: String?)

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        let message = try reader["message"].optionalString()
        switch try reader["kind"].string() {
        case "begin":
            self = .begin(title: try reader["title"].string(), cancellable: try reader["cancellable"].optionalBool() ?? false,
                          message: message, percentage: try reader["percentage"].optionalInteger(minimum: 0))
        case "report":
            self = .report(message: message, percentage: try reader["percentage"].optionalInteger(minimum: 0))
        case "end":
            self = .end(message: message)
        default:
            throw reader["kind"].error("\"begin\", \"report\" or \"end\"")
        }
    }

    public var json: Any {
        var object: [String: Any]
        let message: String?, percentage: Int?
        switch self {
        case .begin(let title, let cancellable, let m, let p):
            object = ["kind": "begin", "title": title, "cancellable": cancellable]
            (message, percentage) = (m, p)
        case .report(let m, let p):
            object = ["kind": "report"]
            (message, percentage) = (m, p)
        case .end(let m):
            object = ["kind": "end"]
            (message, percentage) = (m, nil)
        }
        if let message { object["message"] = message }
        if let percentage { object["percentage"] = percentage }
        return object
    }
}

/// The `window/workDoneProgress/cancel` notification is sent from the client to the server to cancel a
/// progress initiated on the server side using `window/workDoneProgress/create`.
public struct WorkDoneProgressCancelNotification: LSPNotification {
    public static let method = "window/workDoneProgress/cancel"

    /// The token to be used to report progress.
    public var token: ProgressToken

    public init(token: ProgressToken) { self.token = token }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        token = try ProgressToken(json: reader["token"])
    }

    public var json: Any { ["token": token.json] }
}
