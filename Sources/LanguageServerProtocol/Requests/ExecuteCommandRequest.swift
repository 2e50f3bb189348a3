/// The `workspace/executeCommand` request is sent from the client to the server to trigger command
/// execution on the server. In most cases the server creates a `WorkspaceEdit` structure and applies the
/// changes to the workspace using the request `workspace/applyEdit` sent from the server to the client.
public struct ExecuteCommandRequest: LSPRequest {
    public static let method = "workspace/executeCommand"
    /// Any JSON (Infill answers an object; see docs/translate-and-write.md).
    public typealias Response = JSONValue

    /// The identifier of the actual command handler.
    public var command: String
    /// Arguments that the command should be invoked with.
    public var arguments: [JSONValue]

    public init(command: String, arguments: [JSONValue] = []) {
        self.command = command
        self.arguments = arguments
    }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        command = try reader["command"].string()
        arguments = reader["arguments"].isAbsent ? [] : try [JSONValue](json: reader["arguments"])
    }

    public var json: Any { ["command": command, "arguments": arguments.map(\.json)] }
}
