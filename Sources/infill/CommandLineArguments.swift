/// A small hand-written argument parser (the project has no package dependencies).
///
/// Options are `--name value` or `--name=value`; flags are `--name`. Every option a command reads is
/// recorded, so `finish()` can report anything the user typed that no command understood.
struct CommandLineArguments {
    private var remaining: [String]
    private(set) var positionals: [String] = []

    init(_ arguments: [String]) {
        remaining = []
        // A value following a value-taking option stays next to it; other bare words are positionals.
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--" { positionals += arguments[(i + 1)...]; break }
            if a.hasPrefix("--") {
                remaining.append(a)
                if !a.contains("="), i + 1 < arguments.count, !arguments[i + 1].hasPrefix("--"), Self.valueOptions.contains(a) {
                    remaining.append(arguments[i + 1])
                    i += 1
                }
            } else {
                positionals.append(a)
            }
            i += 1
        }
    }

    /// Options that take a value; everything else starting with `--` is a flag.
    static let valueOptions: Set<String> = [
        "--model", "--task-model", "--prompt-file", "--max-tokens", "--top-logprobs", "--threads", "--prompt-tokens",
        "--gen-tokens", "--repetitions", "--dataset", "--subset", "--skip", "--limit", "--strategy", "--candidates",
        "--beam-width", "--temperature", "--seed", "--log-level", "--log-file", "--context-tokens",
        "--timeout", "--order", "--output", "--language", "--from", "--to", "--top-k", "--top-p", "--min-p", "--latency", "--datasets", "--types", "--batches", "--matrix-mib", "--tune-ranking", "--strategies", "--suffix-tokens", "--export-tasks",
        "--cps", "--messages", "--baseline-at", "--line-pause-ms", "--word-pause-ms", "--typed-characters", "--stale-suffix", "--stretch", "--settings", "--llama-server",
        "--method", "--review-margin", "--system-prompt", "--task", "--every", "--start", "--task-report", "--task-review", "--reviews", "--anchor-max-tokens", "--kernel-path",
        "--bench", "--llama-bench", "--eval", "--anchor",   // infill chart
        "--daemon",
    ]

    /// The value of `--name`, removing it from what is left to parse.
    mutating func option(_ name: String) throws -> String? {
        if let i = remaining.firstIndex(where: { $0.hasPrefix(name + "=") }) {
            let value = String(remaining[i].dropFirst(name.count + 1))
            remaining.remove(at: i)
            return value
        }
        guard let i = remaining.firstIndex(of: name) else { return nil }
        guard i + 1 < remaining.count, !remaining[i + 1].hasPrefix("--") else {
            throw UsageError("option \(name) needs a value")
        }
        let value = remaining[i + 1]
        remaining.removeSubrange(i...(i + 1))
        return value
    }

    /// Whether the flag `--name` was given.
    mutating func flag(_ name: String) -> Bool {
        guard let i = remaining.firstIndex(of: name) else { return false }
        remaining.remove(at: i)
        return true
    }

    /// An integer option within `range`.
    mutating func integer(_ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = try option(name) else { return value }
        guard let n = Int(text), range.contains(n) else {
            throw UsageError("option \(name) takes a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
        }
        return n
    }

    /// An integer option within `range`, nil when not given.
    mutating func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard peek(name) else { return nil }
        return try integer(name, default: range.lowerBound, in: range)
    }

    /// Whether `--name` (with a value, or as `--name=value`) is among the arguments left to parse.
    private func peek(_ name: String) -> Bool {
        remaining.contains { $0 == name || $0.hasPrefix(name + "=") }
    }

    /// A floating-point option within `range`.
    mutating func number(_ name: String, default value: Double, in range: ClosedRange<Double>) throws -> Double {
        guard let text = try option(name) else { return value }
        guard let n = Double(text), range.contains(n) else {
            throw UsageError("option \(name) takes a number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
        }
        return n
    }

    /// Fails on anything no command consumed.
    func finish(allowPositionals: Int = 0) throws {
        if let unknown = remaining.first(where: { $0.hasPrefix("--") }) {
            throw UsageError("unknown option \(unknown)")
        }
        if positionals.count > allowPositionals {
            throw UsageError("unexpected argument '\(positionals[allowPositionals])'")
        }
    }
}

/// A mistake in how the command was called; printed with the usage text, exit code 64.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
