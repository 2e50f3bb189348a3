import Foundation

/// `infill bench --soak`: a long typing session through the real daemon, watching that every request is
/// answered, that memory levels off and that latency does not drift (docs/robustness.md).
enum SoakCommand {
    static let usage = """
    infill bench --soak [FILE] [--messages 10000] [--baseline-at N] [--model smollm2-135m] [--threads 2] [--cps 20] [--json]
      Starts `infill serve` (this binary) over pipes and types FILE (default: a built-in Python file) into an
      open document, as an editor sends it: every keystroke an incremental didChange plus an automatic
      textDocument/inlineCompletion, not waiting for answers within a word, waiting for the answer at each
      word's end (a typist's pause). At the end of the file the typed text is selected and deleted, and typing
      starts over. After --messages messages it shuts the daemon down. Reports whether every request was
      answered (a suggestion or a cancellation), the daemon's exit status, its resident memory (VmRSS and its
      anonymous part) after --baseline-at messages (default a tenth of them) and at the end, and the p95 latency of the first and the
      last 100 answered completions. Exits 0 only when every request was answered and the daemon exited 0.
    """

    static func run(_ arguments: inout CommandLineArguments) async throws -> Int32 {
        let modelName = try arguments.option("--model") ?? "smollm2-135m"
        let threads = try arguments.integer("--threads", default: 2, in: 1...256)
        let messages = try arguments.integer("--messages", default: 10_000, in: 20...10_000_000)
        let charactersPerSecond = try arguments.number("--cps", default: 20, in: 0.5...1000)
        let baselineAt = try arguments.integer("--baseline-at", default: SoakSession.defaultBaseline(messages: messages), in: 1...max(1, messages - 1))
        let json = arguments.flag("--json")
        let files = arguments.positionals
        try arguments.finish(allowPositionals: min(files.count, 1))
        var source = SoakSession.builtInSource
        if let file = files.first {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8), !text.isEmpty else {
                throw CommandError("cannot read '\(file)' as UTF-8 text")
            }
            source = text
        }
        let settings: [String: Any] = ["model": try await resolveModelPath(modelName), "threads": threads]
        let binary = Bundle.main.executablePath ?? CommandLine.arguments[0]
        let target = try ReplayDaemonTarget(binary: binary, settings: settings)
        let session = SoakSession(source: source, messages: messages, charactersPerSecond: charactersPerSecond, baselineAt: baselineAt)
        let report = try session.run(target, model: modelName)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            FileHandle.standardOutput.write(try encoder.encode(report) + Data("\n".utf8))
        } else {
            print(report.text)
        }
        return report.passed ? 0 : 1
    }
}

/// What a soak found.
struct SoakReport: Codable {
    var model: String
    var messagesSent: Int
    var requests: Int
    var answered: Int
    var cancelled: Int
    var unanswered: Int
    var daemonExitStatus: Int32?
    /// Messages sent when `memoryEarly` was taken.
    var baselineMessages: Int
    /// Memory after `baselineMessages` messages (the baseline), and at the end (before shutdown).
    var memoryEarly: ProcessMemory?
    var memoryEnd: ProcessMemory?
    /// (messages sent, memory) every 500 messages.
    var memorySamples: [MemorySample]
    var firstCompletionsP95Seconds: Double?
    var lastCompletionsP95Seconds: Double?
    var wallSeconds: Double
    /// The machine's 1-, 5- and 15-minute load averages at the end (others' work shares the cores).
    var loadAverage: [Double]
    var machine: MachineDescription

    static func currentLoadAverage() -> [Double] {
        var values = [Double](repeating: 0, count: 3)
        return getloadavg(&values, 3) == 3 ? values : []
    }

    struct MemorySample: Codable {
        var messages: Int
        var memory: ProcessMemory
    }

    var residentRatio: Double? {
        guard let a = memoryEarly, let b = memoryEnd, a.residentBytes > 0 else { return nil }
        return Double(b.residentBytes) / Double(a.residentBytes)
    }

    var anonymousRatio: Double? {
        guard let a = memoryEarly?.anonymousBytes, let b = memoryEnd?.anonymousBytes, a > 0 else { return nil }
        return Double(b) / Double(a)
    }

    var latencyRatio: Double? {
        guard let a = firstCompletionsP95Seconds, let b = lastCompletionsP95Seconds, a > 0 else { return nil }
        return b / a
    }

    /// Every request answered and a clean exit (memory and latency are reported, judged by the reader).
    var passed: Bool { unanswered == 0 && daemonExitStatus == 0 }

    var text: String {
        func mib(_ bytes: Int?) -> String { bytes.map { String(format: "%.1f MiB", Double($0) / 1_048_576) } ?? "?" }
        func ratio(_ r: Double?) -> String { r.map { String(format: "%.2f×", $0) } ?? "?" }
        func ms(_ s: Double?) -> String { s.map { String(format: "%.0f ms", $0 * 1000) } ?? "?" }
        return """
        soak (\(model)): \(messagesSent) messages, \(requests) completion requests in \(String(format: "%.0f", wallSeconds)) s: \
        \(answered) answered, \(cancelled) cancelled, \(unanswered) unanswered; daemon exit status \(daemonExitStatus.map(String.init) ?? "none (killed)")
        memory: VmRSS \(mib(memoryEarly?.residentBytes)) after \(baselineMessages) messages, \(mib(memoryEnd?.residentBytes)) at the end (\(ratio(residentRatio)), target ≤ 1.3×); \
        anonymous \(mib(memoryEarly?.anonymousBytes)) → \(mib(memoryEnd?.anonymousBytes)) (\(ratio(anonymousRatio)))
        latency: p95 of the first 100 answered completions \(ms(firstCompletionsP95Seconds)), of the last 100 \(ms(lastCompletionsP95Seconds)) (\(ratio(latencyRatio)), target ≤ 1.5×)
        machine: \(machine.cpu) (\(machine.cpuModel); \(machine.vectorExtensions)), \(machine.cores) cores; load average \(loadAverage.map { String(format: "%.1f", $0) }.joined(separator: " "))
        """
    }
}
