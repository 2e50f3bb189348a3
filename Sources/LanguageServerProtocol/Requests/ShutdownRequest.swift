/// The shutdown request is sent from the client to the server. It asks the server to shut down, but to
/// not exit (otherwise the response might not be delivered correctly to the client). There is a separate
/// exit notification that asks the server to exit.
public struct ShutdownRequest: LSPRequest {
    public static let method = "shutdown"
    public typealias Response = NullResponse

    public init() {}
    public init(json reader: FieldReader) throws {}
    public var json: Any { NullResponse().json }
}
