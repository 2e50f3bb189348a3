/// The `workspace/applyEdit` request is sent from the server to the client to modify resource on the
/// client side.
public struct ApplyWorkspaceEditRequest: LSPRequest {
    public static let method = "workspace/applyEdit"
    public typealias Response = ApplyWorkspaceEditResult

    /// An optional label of the workspace edit. This label is presented in the user interface for example
    /// on an undo stack to undo the workspace edit.
    public var label: String?
    /// The edits to apply.
    public var edit: WorkspaceEdit

    public init(label: String? = nil, edit: WorkspaceEdit) {
        self.label = label
        self.edit = edit
    }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        label = try reader["label"].optionalString()
        edit = try WorkspaceEdit(json: reader["edit"])
    }

    public var json: Any {
        var object: [String: Any] = ["edit": edit.json]
        if let label { object["label"] = label }
        return object
    }
}

/// The result of `workspace/applyEdit`.
public struct ApplyWorkspaceEditResult: LSPValue {
    /// Indicates whether the edit was applied or not.
    public var applied: Bool
    /// An optional textual description for why the edit was not applied.
    public var failureReason: String?

    public init(applied: Bool, failureReason: String? = nil) {
        self.applied = applied
        self.failureReason = failureReason
    }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        applied = try reader["applied"].bool()
        failureReason = try reader["failureReason"].optionalString()
    }

    public var json: Any {
        var object: [String: Any] = ["applied": applied]
        if let failureReason { object["failureReason"] = failureReason }
        return object
    }
}
