/// The `window/workDoneProgress/create` request is sent from the server to the client to ask the client to
/// create a work done progress.
public struct WorkDoneProgressCreateRequest: LSPRequest {
    public static let method = "window/workDoneProgress/create"
    public typealias Response = NullResponse

    /// The token to be used to report progress.
    public var token: ProgressToken

    public init(token: ProgressToken) { self.token = token }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        token = try ProgressToken(json: reader["token"])
    }

    public var json: Any { ["token": token.json] }
}

/// A token that identifies one progress: a number or a string.
public enum ProgressToken: LSPValue, Hashable {
    case number(Int)
    case string(String)

    public init(json reader: FieldReader) throws {
        if let s = reader.value as? String { self = .string(s); return }
        self = .number(try reader.integer())
    }

    public var json: Any {
        switch self {
        case .number(let n): return n
        case .string(let s): return s
        }
    }
}
