import Completion
import Evaluation
import Foundation

/// `infill bench --replay FILE...`: typing latency as an editor sees it, through the real daemon (and
/// llama.cpp's server for comparison). See docs/typing-latency.md.
enum ReplayCommand {
    static let usage = """
    infill bench --replay FILE... [--model M] [--threads 2] [--cps 8] [--word-pause-ms 400] [--line-pause-ms 0] [--stretch 0.333:0.667]
                 [--settings JSON] [--order psm|spm] [--daemon PATH] [--llama-server http://127.0.0.1:PORT [--no-infill]] [--json]
      For each file: removes a stretch of whole lines (by default the middle third), starts `infill serve`
      (this binary) over stdio pipes with the model and threads, opens the rest, and types the stretch back
      at --cps keystrokes per second (a line break and the next line's indentation are one keystroke;
      --word-pause-ms more after each word and before each new line, --line-pause-ms more before each new
      line if longer; --word-pause-ms 0 types without pauses), sending incremental didChange and an automatic
      textDocument/inlineCompletion after every keystroke without waiting for answers. A suggestion on
      screen whose first line is what comes next is taken (one keystroke). Reports request→answer latency
      (p50/p95/p99 over answered requests; cancelled ones counted apart), the share of keystrokes answered
      before the next one, accept rate and characters saved; per file and for all files.
      --settings adds daemon settings (initializationOptions), e.g. '{"debounceMs": 0}'; --order starts the
      daemon with that prompt layout (`infill serve --order`); --daemon types into another infill binary's
      `serve` (an older build, for an A/B comparison with the same typing).
      --llama-server also types the same stretch against llama.cpp's server (`/infill`, as llama.vim asks:
      one request in flight, the newest keystroke wins), alternating with the daemon file by file.
    """

    static func run(_ arguments: inout CommandLineArguments) async throws -> Int32 {
        let modelName = try arguments.option("--model") ?? defaultModelName
        let threads = try arguments.integer("--threads", default: 2, in: 1...256)
        let charactersPerSecond = try arguments.number("--cps", default: 8, in: 0.5...100)
        let linePause = try arguments.integer("--line-pause-ms", default: 0, in: 0...60_000)
        let wordPause = try arguments.integer("--word-pause-ms", default: 400, in: 0...60_000)
        let (start, end) = try parseStretch(try arguments.option("--stretch") ?? "0.333:0.667")
        let extraSettings = try parseSettings(try arguments.option("--settings"))
        let llamaURL = try arguments.option("--llama-server").map { text -> URL in
            guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https" else {
                throw UsageError("--llama-server takes a URL like http://127.0.0.1:8012, got '\(text)'")
            }
            return url
        }
        let order = try arguments.option("--order")
        if let order, PromptOrder(rawValue: order) == nil { throw UsageError("--order takes psm or spm, got '\(order)'") }
        let daemon = try arguments.option("--daemon")
        if let daemon, !FileManager.default.isExecutableFile(atPath: daemon) { throw UsageError("--daemon: '\(daemon)' is not an executable file") }
        let skipInfill = arguments.flag("--no-infill")
        let json = arguments.flag("--json")
        let files = arguments.positionals
        try arguments.finish(allowPositionals: files.count)
        guard !files.isEmpty else { throw UsageError("--replay needs at least one file to type") }
        if skipInfill && llamaURL == nil { throw UsageError("--no-infill needs --llama-server") }

        var scripts: [(path: String, script: ReplayScript)] = []
        for path in files {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw CommandError("cannot read '\(path)' as UTF-8")
            }
            guard let script = ReplayScript.make(text: text, start: start, end: end) else {
                throw CommandError("'\(path)': the stretch \(start)–\(end) of its lines holds no code to type")
            }
            scripts.append((path, script))
        }
        var settings: [String: Any] = ["threads": threads]
        if !skipInfill { settings["model"] = try await resolveModelPath(modelName) }
        settings.merge(extraSettings) { $1 }
        let binary = daemon ?? Bundle.main.executablePath ?? CommandLine.arguments[0]
        let typing = ReplayTyping(charactersPerSecond: charactersPerSecond, linePause: Double(linePause) / 1000,
                                  wordPause: Double(wordPause) / 1000)

        var totals: [String: ReplayTally] = [:]
        var targetOrder: [String] = []
        var reports: [ReplayReport] = []
        var failures = 0
        for (path, script) in scripts {
            var targets: [() throws -> ReplayTarget] = []
            if !skipInfill { targets.append { try ReplayDaemonTarget(binary: binary, serveArguments: order.map { ["--order", $0] } ?? [], settings: settings) } }
            if let llamaURL { targets.append { ReplayLlamaServerTarget(baseURL: llamaURL) } }
            for makeTarget in targets {
                // One target failing on one file (a server too slow to answer the warm-up) leaves the others.
                let tally: ReplayTally
                let target: ReplayTarget
                do {
                    target = try makeTarget()
                    let language = LanguageGuess.languageID(forPath: path) ?? "plaintext"
                    tally = try typing.run(script, into: target, path: URL(fileURLWithPath: path).standardizedFileURL.path, languageID: language)
                } catch {
                    failures += 1
                    log("replay: \(path): \(error)")
                    continue
                }
                let report = ReplayReport(target: target.name, file: URL(fileURLWithPath: path).lastPathComponent, tally: tally)
                reports.append(report)
                if json { log(report.line) } else { print(report.line) }
                if totals[target.name] == nil { targetOrder.append(target.name) }
                totals[target.name, default: ReplayTally()].add(tally)
            }
        }
        let overall = targetOrder.map { ReplayReport(target: $0, file: "all", tally: totals[$0] ?? ReplayTally()) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            let output = ReplayOutput(files: reports, all: overall, machine: MachineDescription.current(), charactersPerSecond: charactersPerSecond,
                                      linePauseMilliseconds: linePause, wordPauseMilliseconds: wordPause, threads: threads, model: skipInfill ? nil : modelName)
            FileHandle.standardOutput.write(try encoder.encode(output) + Data("\n".utf8))
        } else {
            for report in overall { print(report.line) }
            let machine = MachineDescription.current()
            print("machine: \(machine.cpu) (\(machine.cpuModel); \(machine.vectorExtensions)), \(machine.cores) cores")
        }
        return failures == 0 ? 0 : 1
    }

    /// "0.333:0.667" → (0.333, 0.667).
    static func parseStretch(_ text: String) throws -> (Double, Double) {
        let parts = text.split(separator: ":").map { Double($0) }
        guard parts.count == 2, let start = parts[0], let end = parts[1], start >= 0, end <= 1, start < end else {
            throw UsageError("--stretch takes START:END, fractions of the file's lines with 0 ≤ START < END ≤ 1, got '\(text)'")
        }
        return (start, end)
    }

    private static func parseSettings(_ text: String?) throws -> [String: Any] {
        guard let text else { return [:] }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
            throw UsageError("--settings takes a JSON object, e.g. '{\"debounceMs\": 0}', got '\(text)'")
        }
        return object
    }
}

/// `infill bench --replay --json`.
struct ReplayOutput: Encodable {
    var files: [ReplayReport]
    var all: [ReplayReport]
    var machine: MachineDescription
    var charactersPerSecond: Double
    var linePauseMilliseconds: Int
    var wordPauseMilliseconds: Int
    var threads: Int
    var model: String?

    enum CodingKeys: String, CodingKey {
        case files, all, machine, threads, model
        case charactersPerSecond = "characters_per_second"
        case linePauseMilliseconds = "line_pause_ms"
        case wordPauseMilliseconds = "word_pause_ms"
    }
}
