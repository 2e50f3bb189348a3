import Documents

/// The code action request is sent from the client to the server to compute commands for a given text
/// document and range. These commands are typically code fixes or refactorings.
public struct CodeActionRequest: LSPRequest {
    public static let method = "textDocument/codeAction"
    public typealias Response = [CodeActionOrCommand]

    /// The document in which the command was invoked.
    public var textDocument: TextDocumentIdentifier
    /// The range for which the command was invoked (a selection, or an empty range at the cursor).
    public var range: TextRange
    /// `context.only`: requested kinds of actions to return. Actions not of this kind are filtered out by
    /// the client before being shown, so servers can omit computing them. Nil: every kind.
    public var only: [String]?

    public init(textDocument: TextDocumentIdentifier, range: TextRange, only: [String]? = nil) {
        self.textDocument = textDocument
        self.range = range
        self.only = only
    }

    /// Reads the params; `context.diagnostics` is accepted and not read (Infill has no diagnostics).
    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        textDocument = try TextDocumentIdentifier(json: reader["textDocument"])
        range = try TextRange(json: reader["range"])
        let only = reader["context"]["only"]
        self.only = only.isAbsent ? nil : try only.optionalStrings()
    }

    public var json: Any {
        var context: [String: Any] = ["diagnostics": [Any]()]
        if let only { context["only"] = only }
        return ["textDocument": textDocument.json, "range": range.json, "context": context]
    }
}

/// A code action kind (an open set of dotted names; a kind includes the kinds below it:
/// `refactor` includes `refactor.rewrite`).
public struct CodeActionKind: RawRepresentable, LSPValue, Hashable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Base kind for refactoring actions.
    public static let refactor = CodeActionKind(rawValue: "refactor")
    /// Base kind for refactoring rewrite actions.
    public static let refactorRewrite = CodeActionKind(rawValue: "refactor.rewrite")

    /// Whether this kind is `other` or below it (`refactor.rewrite` is in `refactor`).
    public func isIn(_ other: String) -> Bool {
        rawValue == other || rawValue.hasPrefix(other + ".")
    }

    public init(json reader: FieldReader) throws { rawValue = try reader.string() }
    public var json: Any { rawValue }
}

/// Represents a reference to a command: a title shown in the UI, the command's identifier, and the
/// arguments the command handler is invoked with.
public struct Command: LSPValue {
    /// Title of the command, like `save`.
    public var title: String
    /// The identifier of the actual command handler.
    public var command: String
    /// Arguments that the command handler should be invoked with.
    public var arguments: [JSONValue]

    public init(title: String, command: String, arguments: [JSONValue]) {
        self.title = title
        self.command = command
        self.arguments = arguments
    }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        title = try reader["title"].string()
        command = try reader["command"].string()
        arguments = reader["arguments"].isAbsent ? [] : try [JSONValue](json: reader["arguments"])
    }

    public var json: Any { ["title": title, "command": command, "arguments": arguments.map(\.json)] }
}

/// A code action represents a change that can be performed in code; here always through a command that
/// the server executes (`workspace/executeCommand`).
public struct CodeAction: LSPValue {
    /// A short, human-readable, title for this code action.
    public var title: String
    /// The kind of the code action. Used to filter code actions.
    public var kind: CodeActionKind?
    /// Marks this as a preferred action. Preferred actions are used by the `auto fix` command and can be
    /// targeted by keybindings.
    public var isPreferred: Bool
    /// A command this code action executes.
    public var command: Command?

    public init(title: String, kind: CodeActionKind? = nil, isPreferred: Bool = false, command: Command? = nil) {
        self.title = title
        self.kind = kind
        self.isPreferred = isPreferred
        self.command = command
    }

    public init(json reader: FieldReader) throws {
        try reader.requireObject()
        title = try reader["title"].string()
        kind = try reader["kind"].optional(CodeActionKind.self)
        isPreferred = try reader["isPreferred"].optionalBool() ?? false
        command = try reader["command"].optional(Command.self)
    }

    public var json: Any {
        var object: [String: Any] = ["title": title]
        object.set("kind", kind)
        if isPreferred { object["isPreferred"] = true }
        object.set("command", command)
        return object
    }
}

/// One entry of a code action answer: a `CodeAction` literal, or a bare `Command` for clients that do not
/// announce `textDocument.codeAction.codeActionLiteralSupport` (the spec's rule for older clients).
public enum CodeActionOrCommand: LSPValue {
    case action(CodeAction)
    case command(Command)

    /// A `Command` has a string `command`; a `CodeAction`'s `command` is an object (or absent).
    public init(json reader: FieldReader) throws {
        if reader["command"].value is String {
            self = .command(try Command(json: reader))
        } else {
            self = .action(try CodeAction(json: reader))
        }
    }

    public var json: Any {
        switch self {
        case .action(let action): return action.json
        case .command(let command): return command.json
        }
    }
}
