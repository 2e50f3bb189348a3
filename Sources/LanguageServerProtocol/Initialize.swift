/// The position encodings LSP 3.17 defines.
public enum PositionEncodingKind: String, Sendable {
    case utf8 = "utf-8"
    case utf16 = "utf-16"
    case utf32 = "utf-32"
}

/// What the server takes from the client's `initialize` params.
public struct InitializeParams {
    /// `capabilities.general.positionEncodings`, in the client's order of preference.
    public var offeredEncodings: [String]
    /// `capabilities.window.workDoneProgress`.
    public var supportsWorkDoneProgress: Bool
    /// `initializationOptions`, as sent (the server validates the settings in it).
    public var initializationOptions: Any?

    /// Lenient on purpose: a client that sends odd capabilities still gets a working server with the
    /// defaults (UTF-16, no progress) instead of a refused `initialize`.
    public init(_ params: FieldReader) {
        offeredEncodings = (try? params["capabilities"]["general"]["positionEncodings"].optionalStrings()) ?? []
        supportsWorkDoneProgress = ((try? params["capabilities"]["window"]["workDoneProgress"].optionalBool()) ?? nil) ?? false
        initializationOptions = params["initializationOptions"].value
    }

    /// The encoding to use: UTF-8 when offered (our documents are UTF-8, so offsets need no conversion),
    /// UTF-32 when offered without UTF-16, otherwise UTF-16, which every client must support.
    public var chosenEncoding: PositionEncodingKind {
        if offeredEncodings.contains(PositionEncodingKind.utf8.rawValue) { return .utf8 }
        if offeredEncodings.contains(PositionEncodingKind.utf32.rawValue) && !offeredEncodings.contains(PositionEncodingKind.utf16.rawValue) { return .utf32 }
        return .utf16
    }
}

public enum InitializeResult {
    /// The `initialize` answer: incremental sync (2) with open/close, inline completion and classic
    /// completion without resolve, and the chosen position encoding.
    public static func json(encoding: PositionEncodingKind, version: String) -> [String: Any] {
        [
            "capabilities": [
                "positionEncoding": encoding.rawValue,
                "textDocumentSync": ["openClose": true, "change": 2, "save": ["includeText": false]],
                "inlineCompletionProvider": [String: Any](),
                "completionProvider": ["resolveProvider": false, "triggerCharacters": [String]()],
            ] as [String: Any],
            "serverInfo": ["name": "infill", "version": version],
        ]
    }
}

/// `window/showMessage` and `window/logMessage` severities.
public enum MessageType: Int, Sendable {
    case error = 1, warning = 2, info = 3, log = 4
}
