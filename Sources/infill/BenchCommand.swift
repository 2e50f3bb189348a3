import Completion
import Foundation
import Kernels
import Transformer

/// `infill bench`: prompt-processing and generation speed of the in-process engine, in release builds.
enum BenchCommand {
    static let usage = """
    infill bench [--model M] [--prompt-tokens 512] [--gen-tokens 64] [--repetitions 3] [--threads T] [--json]
    infill bench --latency FILE:LINE:COLUMN [--model M] [--threads T] [--json]
      Measures prompt processing (a fresh cache each repetition) and greedy generation, in tokens per second,
      plus load time and peak resident memory. Reports median, min and max over the repetitions.
      With --latency: one completion at the cursor through the daemon's engine, cold and again after one
      typed character (KV cache reused), for both prompt orders (psm, spm).
      Build with `swift build -c release` first: debug builds are 10-50x slower.
    """

    static func run(_ arguments: inout CommandLineArguments) async throws -> Int32 {
        let modelName = try arguments.option("--model") ?? defaultModelName
        let promptTokens = try arguments.integer("--prompt-tokens", default: 512, in: 1...32_768)
        let genTokens = try arguments.integer("--gen-tokens", default: 64, in: 0...4096)
        let repetitions = try arguments.integer("--repetitions", default: 3, in: 1...100)
        let threads = try arguments.integer("--threads", default: LoadedModel.defaultThreadCount, in: 1...256)
        let json = arguments.flag("--json")
        let latencyTarget = try arguments.option("--latency")
        try arguments.finish()

        let path = try await resolveModelPath(modelName)
        let model = try LoadedModel(path: path, threads: threads)
        if let latencyTarget {
            let results = try LatencyBenchmark.run(target: latencyTarget, model: model, orders: [.prefixSuffixMiddle, .suffixPrefixMiddle])
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
                FileHandle.standardOutput.write(try encoder.encode(results) + Data("\n".utf8))
            } else {
                for r in results {
                    FileHandle.standardOutput.write(Data(String(format: "%@ order %@: cold %.2f s (%d prompt tokens); after one typed character %.2f s (%d processed, %d reused)\n",
                        r.file, r.promptOrder, r.coldSeconds, r.coldPromptTokens, r.afterTypingSeconds, r.afterTypingProcessedTokens, r.afterTypingReusedTokens).utf8))
                }
            }
            return 0
        }
        let transformer = model.transformer
        let prompt = benchmarkPrompt(tokenizer: model, count: promptTokens)

        var promptRates: [Double] = []
        var generationRates: [Double] = []
        for repetition in 0..<repetitions {
            let cache = transformer.makeCache(maximumLength: promptTokens + genTokens + 1)
            let start = Date()
            var logits = try transformer.evaluate(prompt, cache: cache, pool: model.pool)
            let promptSeconds = Date().timeIntervalSince(start)
            promptRates.append(Double(promptTokens) / promptSeconds)

            let genStart = Date()
            for _ in 0..<genTokens {
                let next = LogProbabilities.argmax(logits)
                logits = try transformer.forward([next], cache: cache, pool: model.pool)
            }
            let genSeconds = Date().timeIntervalSince(genStart)
            if genTokens > 0 { generationRates.append(Double(genTokens) / genSeconds) }
            if !json {
                log("repetition \(repetition + 1)/\(repetitions): prompt \(format(promptRates.last ?? 0)) tok/s, generation \(format(generationRates.last ?? 0)) tok/s")
            }
        }
        let report = BenchReport(
            model: URL(fileURLWithPath: path).lastPathComponent, modelSummary: model.summary, threads: threads,
            promptTokens: promptTokens, generationTokens: genTokens, repetitions: repetitions,
            promptTPS: Spread(promptRates), generationTPS: Spread(generationRates),
            loadSeconds: model.loadSeconds, peakRSSBytes: peakResidentBytes(), machine: MachineDescription.current())
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            FileHandle.standardOutput.write(try encoder.encode(report) + Data("\n".utf8))
        } else {
            FileHandle.standardOutput.write(Data(report.table.utf8))
        }
        return 0
    }

    /// A realistic prompt: the tokens of this repository's kind of text (source code), repeated to length.
    private static func benchmarkPrompt(tokenizer model: LoadedModel, count: Int) -> [Int32] {
        let sample = """
        import Foundation

        /// Parses a configuration file of `key = value` lines, ignoring comments.
        func parseConfiguration(_ text: String) throws -> [String: String] {
            var result: [String: String] = [:]
            for (number, line) in text.split(separator: "\\n").enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                guard let equals = trimmed.firstIndex(of: "=") else {
                    throw ConfigurationError.missingEquals(line: number + 1)
                }
                let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
                result[key] = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            }
            return result
        }

        """
        let unit = model.tokenizer.encode(sample, parseSpecial: false)
        var tokens: [Int32] = []
        while tokens.count < count { tokens += unit }
        return Array(tokens.prefix(count))
    }

    private static func format(_ x: Double) -> String { String(format: "%.1f", x) }
}

/// Median, minimum and maximum of repeated measurements.
struct Spread: Codable {
    var median: Double
    var min: Double
    var max: Double

    init(_ values: [Double]) {
        let sorted = values.sorted()
        median = sorted.isEmpty ? 0 : (sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2)
        min = sorted.first ?? 0
        max = sorted.last ?? 0
    }
}

/// The result of one `infill bench` run.
struct BenchReport: Codable {
    var model: String
    var modelSummary: String
    var threads: Int
    var promptTokens: Int
    var generationTokens: Int
    var repetitions: Int
    var promptTPS: Spread
    var generationTPS: Spread
    var loadSeconds: Double
    var peakRSSBytes: Int
    var machine: MachineDescription

    enum CodingKeys: String, CodingKey {
        case model, threads, repetitions, machine
        case modelSummary = "model_summary"
        case promptTokens = "prompt_tokens"
        case generationTokens = "generation_tokens"
        case promptTPS = "prompt_tps"
        case generationTPS = "generation_tps"
        case loadSeconds = "load_seconds"
        case peakRSSBytes = "peak_rss_bytes"
    }

    var table: String {
        func f(_ s: Spread) -> String { String(format: "%.1f (min %.1f, max %.1f)", s.median, s.min, s.max) }
        return """
        model            \(model) — \(modelSummary)
        machine          \(machine.cpu), \(machine.cores) cores, \(machine.os)
        threads          \(threads)
        prompt \(String(promptTokens).padding(toLength: 9, withPad: " ", startingAt: 0)) \(f(promptTPS)) tok/s
        generation \(String(generationTokens).padding(toLength: 5, withPad: " ", startingAt: 0)) \(f(generationTPS)) tok/s
        load             \(String(format: "%.3f", loadSeconds)) s
        peak memory      \(peakRSSBytes / 1_048_576) MiB
        repetitions      \(repetitions)

        """
    }
}

/// What machine a benchmark ran on.
struct MachineDescription: Codable {
    var cpu: String
    var cores: Int
    var os: String

    static func current() -> MachineDescription {
        var cpu = "unknown CPU"
        if let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
           let colon = line.firstIndex(of: ":") {
            cpu = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return MachineDescription(cpu: cpu, cores: ProcessInfo.processInfo.activeProcessorCount,
                                  os: ProcessInfo.processInfo.operatingSystemVersionString)
    }
}

/// The process's peak resident set size in bytes.
func peakResidentBytes() -> Int {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    #if os(Linux)
    return Int(usage.ru_maxrss) * 1024     // kilobytes on Linux
    #else
    return Int(usage.ru_maxrss)            // bytes on macOS
    #endif
}

/// Writes a line to stderr.
func log(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
