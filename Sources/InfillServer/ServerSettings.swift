import InfillLog
import LanguageServerProtocol

/// The client's settings (`initializationOptions`, `workspace/didChangeConfiguration`), validated once, when
/// they arrive. Every value in here is usable: nothing downstream checks it again.
struct ServerSettings: Equatable {
    var model: String?
    /// The model code tasks run on (`taskModel`), when it is not the completion model: e.g. the 1.5B for
    /// translating and writing functions while typing stays on the fast 0.5B. nil: the completion model.
    var taskModel: String?
    var threads: Int?
    var completion = BackendSettings()
    var debounceMilliseconds: Int?
    var logLevel: LogLevel?
    var logFile: String?
    /// Code tasks (translate, write a function): `allowRunningCode`, `taskMaxTokens`, `taskCandidates`, `taskReview`, `taskRepair`, `taskBuildCheck`.
    var tasks = BackendTaskSettings()

    static let knownKeys = ["allowRunningCode", "candidates", "contextTokens", "debounceMs", "logFile", "logLevel", "maxTokens", "model", "strategy",
                            "suffixTokens", "taskBuildCheck", "taskCandidates", "taskMaxTokens", "taskModel", "taskRepair", "taskReview", "threads"]

    /// The outcome of an update: the new settings, the refused values (each naming its key; the setting
    /// keeps its previous value) and the unknown keys.
    struct Update {
        var settings: ServerSettings
        var refused: [String] = []
        var unknown: [String] = []
    }

    /// Applies `update` (Infill's settings at the top level or under an "infill" key) key by key: a good value
    /// replaces the setting, a bad one is refused by name and the previous value stays. Strategies are
    /// parsed here, once, by `parseStrategy` (the backend's grammar).
    func updated(with update: JSONValue, parseStrategy: (String) throws -> StrategySetting) -> Update {
        var result = Update(settings: self)
        guard case .object(var object) = update else { return result }
        if case .object(let nested)? = object["infill"] { object = nested }
        for key in object.keys.sorted() {
            let reader = object[key, default: .null].reader(path: "'\(key)'")
            do {
                try result.settings.apply(key: key, reader, parseStrategy: parseStrategy, unknown: &result.unknown)
            } catch {
                result.refused.append("\(error)")
            }
        }
        return result
    }

    private mutating func apply(key: String, _ value: FieldReader, parseStrategy: (String) throws -> StrategySetting, unknown: inout [String]) throws {
        switch key {
        case "model":
            let name = try value.string()
            guard !name.isEmpty else { throw value.error("a model name or a path to a .gguf file") }
            model = name
        case "taskModel":
            // "" or null: back to the completion model.
            let name = try value.optionalString() ?? ""
            taskModel = name.isEmpty ? nil : name
        case "threads": threads = try value.integer(in: 1...256)
        case "maxTokens": completion.maxTokens = try value.integer(in: 1...4096)
        case "suffixTokens": completion.suffixTokens = try value.integer(in: 0...32_768)
        case "contextTokens": completion.contextTokens = try value.integer(in: 16...32_768)
        case "candidates": completion.candidates = try value.integer(in: 1...16)
        case "debounceMs": debounceMilliseconds = try value.integer(in: 0...5000)
        case "strategy":
            if let text = value.value as? String {
                let strategy = try Self.strategy(text, at: value, parseStrategy)
                completion.automaticStrategy = strategy
                completion.invokedStrategy = strategy
            } else {
                // {"automatic": ..., "invoked": ...}: both are checked before either applies.
                guard value.value is [String: Any] else { throw value.error(#"a string like "beam:4" or {"automatic": ..., "invoked": ...}"#) }
                var automatic = completion.automaticStrategy, invoked = completion.invokedStrategy
                for trigger in try value.keys() {
                    let entry = FieldReader(value[trigger].value, path: "'strategy.\(trigger)'")
                    switch trigger {
                    case "automatic": automatic = try Self.strategy(try entry.string(), at: entry, parseStrategy)
                    case "invoked": invoked = try Self.strategy(try entry.string(), at: entry, parseStrategy)
                    default: unknown.append("unknown setting 'strategy.\(trigger)' (known: automatic, invoked)")
                    }
                }
                completion.automaticStrategy = automatic
                completion.invokedStrategy = invoked
            }
        case "logLevel":
            let name = try value.string()
            guard let level = LogLevel(name: name) else { throw value.error("error, warning, info, debug or trace") }
            logLevel = level
        case "logFile": logFile = try value.string()
        // Runs code the model wrote (the examples of a comment, on each candidate): only a real boolean turns it on.
        case "allowRunningCode": tasks.allowRunningCode = try value.bool()
        case "taskMaxTokens": tasks.maxTokens = try value.integer(in: 16...4096)
        case "taskCandidates": tasks.candidates = try value.integer(in: 1...16)
        case "taskReview": tasks.review = try value.bool()
        case "taskRepair": tasks.repair = try value.bool()
        case "taskBuildCheck": tasks.buildCheck = try value.bool()
        default:
            unknown.append("unknown setting '\(key)' (known: \(Self.knownKeys.joined(separator: ", ")))")
        }
    }

    private static func strategy(_ text: String, at reader: FieldReader, _ parse: (String) throws -> StrategySetting) throws -> StrategySetting {
        do { return try parse(text) } catch { throw InvalidParams("\(reader.path) must be a decoding strategy: \(error)") }
    }
}
