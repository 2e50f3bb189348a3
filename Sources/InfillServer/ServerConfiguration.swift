/// Settings the client sends in initializationOptions or workspace/didChangeConfiguration.
struct ServerConfiguration: Equatable {
    var model: String?
    var threads: Int?
    var backend = BackendSettings()
    var debounceMilliseconds: Int?
    var logLevel: String?
    var logFile: String?

    static let knownKeys: Set<String> = ["model", "threads", "maxTokens", "contextTokens", "suffixTokens", "candidates", "strategy", "debounceMs", "logLevel", "logFile"]

    /// Parses `object` (top level, or under an "infill" key). Bad values are errors naming the key;
    /// unknown keys are returned as warnings.
    static func parse(_ object: Any?, base: ServerConfiguration) -> (ServerConfiguration, errors: [String], warnings: [String]) {
        var config = base
        var errors: [String] = []
        var warnings: [String] = []
        guard var dict = object as? [String: Any] else { return (config, [], []) }
        if let nested = dict["infill"] as? [String: Any] { dict = nested }
        for (key, value) in dict {
            switch key {
            case "model":
                if let s = value as? String, !s.isEmpty { config.model = s } else { errors.append("'model' must be a model name or a path to a .gguf file") }
            case "threads":
                if let n = value as? Int, (1...256).contains(n) { config.threads = n } else { errors.append("'threads' must be a whole number from 1 to 256") }
            case "maxTokens":
                if let n = value as? Int, (1...4096).contains(n) { config.backend.maxTokens = n } else { errors.append("'maxTokens' must be a whole number from 1 to 4096") }
            case "suffixTokens":
                if let n = value as? Int, (0...32_768).contains(n) { config.backend.suffixTokens = n } else { errors.append("'suffixTokens' must be a whole number from 0 to 32768") }
            case "contextTokens":
                if let n = value as? Int, (16...32_768).contains(n) { config.backend.contextTokens = n } else { errors.append("'contextTokens' must be a whole number from 16 to 32768") }
            case "candidates":
                if let n = value as? Int, (1...16).contains(n) { config.backend.candidates = n } else { errors.append("'candidates' must be a whole number from 1 to 16") }
            case "strategy":
                if let s = value as? String {
                    config.backend.automaticStrategy = s
                    config.backend.invokedStrategy = s
                } else if let d = value as? [String: Any] {
                    for (k, v) in d {
                        guard let s = v as? String else { errors.append("'strategy.\(k)' must be a string like \"beam:4\""); continue }
                        switch k {
                        case "automatic": config.backend.automaticStrategy = s
                        case "invoked": config.backend.invokedStrategy = s
                        default: warnings.append("unknown setting 'strategy.\(k)' (known: automatic, invoked)")
                        }
                    }
                } else { errors.append("'strategy' must be a string or {\"automatic\": ..., \"invoked\": ...}") }
            case "debounceMs":
                if let n = value as? Int, (0...5000).contains(n) { config.debounceMilliseconds = n } else { errors.append("'debounceMs' must be a whole number from 0 to 5000") }
            case "logLevel":
                if let s = value as? String, ["error", "warning", "warn", "info", "debug", "trace"].contains(s.lowercased()) { config.logLevel = s } else { errors.append("'logLevel' must be error, warning, info, debug or trace") }
            case "logFile":
                if let s = value as? String { config.logFile = s } else { errors.append("'logFile' must be a path") }
            default:
                warnings.append("unknown setting '\(key)' (known: \(knownKeys.sorted().joined(separator: ", ")))")
            }
        }
        return (config, errors, warnings)
    }
}
