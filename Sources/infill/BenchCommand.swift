import Completion
import Foundation
import InfillLog
import Kernels
import TensorFormats
import Transformer

/// `infill bench`: prompt-processing and generation speed of the in-process engine, in release builds.
enum BenchCommand {
    static let usage = """
    infill bench [--model M] [--prompt-tokens 512] [--gen-tokens 64] [--repetitions 3] [--threads T] [--json]
    infill bench --latency FILE:LINE:COLUMN [--model M] [--threads T] [--json] [--clear-line] [--suffix-tokens N|none]
                 [--strategies greedy,beam:2,beam:4] [--repetitions 5] [--no-suffix-fit]
    infill bench --kernels [--types q8_0,q5_0,...] [--batches 1,64] [--matrix-mib 96] [--threads T] [--kernel-path P]
    Every form takes --kernel-path portable|avx2|avxvnni|avx512 to force the kernels' instruction-set path (default: the
    fastest this CPU has, or INFILL_KERNELS); the report names the path that ran.
      Measures prompt processing (a fresh cache each repetition) and greedy generation, in tokens per second,
      plus load time and peak resident memory. Reports median, min and max over the repetitions.
      With --latency: one completion at the cursor through the daemon's engine, cold and again after one
      typed character (KV cache reused), for both prompt orders (psm, spm), and that keystroke answered
      from the suggestion on screen when it types the suggestion's first character. With --strategies, instead:
      the completion after one typed character with each decoding strategy, taken in turn --repetitions
      times, as median seconds and as a ratio to the first strategy (what ranking costs while typing);
      --no-suffix-fit ranks without the suffix-fit pass. --clear-line first removes the rest of the cursor's
      line, so that the line is to be written.
      With --kernels: matrix-product speed per weight type on random weights (GFLOP/s, GB/s), on every
      kernel path this CPU has (or the one --kernel-path names), then the tokens per second the matrix
      products alone allow for each supported model's shapes (skipped when --types is given). Batch-1 matrices take --matrix-mib MiB (0 keeps a small one in cache, to
      measure the arithmetic alone).
      Build with `swift build -c release` first: debug builds are 10-50x slower.
    """

    static func run(_ arguments: inout CommandLineArguments) async throws -> Int32 {
        if arguments.flag("--replay") { return try await ReplayCommand.run(&arguments) }
        if arguments.flag("--soak") { return try await SoakCommand.run(&arguments) }
        let modelName = try arguments.option("--model") ?? defaultModelName
        let promptTokens = try arguments.integer("--prompt-tokens", default: 512, in: 1...32_768)
        let genTokens = try arguments.integer("--gen-tokens", default: 64, in: 0...4096)
        let repetitions = try arguments.integer("--repetitions", default: 3, in: 1...100)
        let threads = try arguments.integer("--threads", default: LoadedModel.defaultThreadCount, in: 1...256)
        let json = arguments.flag("--json")
        let latencyTarget = try arguments.option("--latency")
        let strategies = try arguments.option("--strategies").map { list in
            try list.split(separator: ",").map { text -> StrategyChoice in
                guard let choice = StrategyChoice(parsing: String(text)) else {
                    throw UsageError("--strategies takes greedy, beam:W or sample:N:T separated by commas, got '\(text)'")
                }
                return choice
            }
        }
        let noSuffixFit = arguments.flag("--no-suffix-fit")
        let clearLine = arguments.flag("--clear-line")
        var baseSettings = CompletionSettings()
        if let text = try arguments.option("--suffix-tokens") {
            baseSettings.automaticSuffixTokens = try CompletionOptions.suffixTokenLimit(text)
        }
        let forcedPath = try arguments.option("--kernel-path").map(parseKernelPath)
        if let forcedPath { KernelPath.select(forcedPath) }
        if arguments.flag("--kernels") {
            let chosenTypes = try arguments.option("--types").map(parseTypes)
            let batches = try arguments.option("--batches").map(parseIntegers) ?? [1, 64]
            let matrixMiB = try arguments.integer("--matrix-mib", default: 96, in: 0...4096)
            try arguments.finish()
            runKernelBenchmark(types: chosenTypes ?? [.f32, .q8_0, .q5_0, .q4_1, .q4_K, .q6_K], batches: batches, threads: threads,
                               matvecBytes: matrixMiB << 20, models: chosenTypes == nil,
                               paths: forcedPath.map { [$0] } ?? KernelPath.available)
            return 0
        }
        try arguments.finish()

        let path = try await resolveModelPath(modelName)
        let model = try LoadedModel(path: path, threads: threads)
        if let latencyTarget, let strategies {
            let results = try StrategyLatencyBenchmark.run(target: latencyTarget, model: model, strategies: strategies,
                                                           repetitions: repetitions, suffixFit: !noSuffixFit, clearingLine: clearLine,
                                                           settings: baseSettings)
            try printResult(results, json: json) {
                results.map { r in
                    String(format: "%@: after one typed character %.3f s median [%.3f–%.3f], %.2f× %@, %d tokens generated (prompt tail %.3f s, generation %.3f s)\n",
                           r.strategy, r.medianSeconds, r.minimumSeconds, r.maximumSeconds, r.ratioToFirst, results[0].strategy, r.generatedTokens,
                           r.medianPromptSeconds, r.medianGenerationSeconds)
                }.joined()
            }
            return 0
        }
        if let latencyTarget {
            let results = try LatencyBenchmark.run(target: latencyTarget, model: model, orders: [.prefixSuffixMiddle, .suffixPrefixMiddle],
                                                   clearingLine: clearLine, settings: baseSettings)
            try printResult(results, json: json) {
                results.map { r in
                    String(format: "%@ order %@: cold %.2f s (%d prompt tokens); after one typed character %.2f s (%d processed, %d reused)",
                           r.file, r.promptOrder, r.coldSeconds, r.coldPromptTokens, r.afterTypingSeconds, r.afterTypingProcessedTokens, r.afterTypingReusedTokens)
                        + (r.typingThroughSeconds.map { String(format: "; typing the suggestion's first character: %.2f ms from the shown suggestion", $0 * 1000) }
                           ?? "; no suggestion to type through") + "\n"
                }.joined()
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
            var logits = try transformer.evaluate(prompt, cache: cache)
            let promptSeconds = Date().timeIntervalSince(start)
            promptRates.append(Double(promptTokens) / promptSeconds)

            let genStart = Date()
            for _ in 0..<genTokens {
                let next = LogProbabilities.argmax(logits)
                logits = try transformer.forward([next], cache: cache)
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
            loadSeconds: model.loadSeconds, peakRSSBytes: peakResidentBytes(), machine: MachineDescription.current(),
            kernelPath: KernelPath.active.rawValue)
        try printResult(report, json: json) { report.table }
        return 0
    }

    /// Writes `result` to stdout as sorted, indented JSON, or else the text `forPeople` makes.
    private static func printResult<T: Encodable>(_ result: T, json: Bool, forPeople: () -> String) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            FileHandle.standardOutput.write(try encoder.encode(result) + Data("\n".utf8))
        } else {
            FileHandle.standardOutput.write(Data(forPeople().utf8))
        }
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

    /// `infill bench --kernels`: one line per (type, batch, threads), then (unless `models` is false, as
    /// when the user picked types) the matrix-product-only tokens per second for each model's shapes.
    private static func runKernelBenchmark(types: [GGMLType], batches: [Int], threads: Int, matvecBytes: Int, models showModels: Bool,
                                           paths: [KernelPath]) {
        let threadCounts = threads == 1 ? [1] : [1, threads]
        let peak = KernelBenchmark.fmaPeakGigaflops()
        FileHandle.standardOutput.write(Data(String(format: "f32 FMA peak of one thread (registers only): %.1f GFLOP/s\n", peak).utf8))
        FileHandle.standardOutput.write(Data("CPU features: \(CPUFeatures.current.summary); kernel paths: \(paths.map(\.rawValue).joined(separator: ", "))\n".utf8))
        for path in paths {
            KernelPath.select(path)
            let results = KernelBenchmark.run(types: types, batches: batches, threadCounts: threadCounts,
                                              rows: matvecBytes == 0 ? 128 : 1024, matvecBytes: matvecBytes)
            for result in results {
                FileHandle.standardOutput.write(Data((path.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0) + result.description + "\n").utf8))
            }
        }
        guard showModels else { return }
        let models = [("qwen2.5-coder-0.5b", KernelBenchmark.qwen05B), ("qwen2.5-coder-1.5b", KernelBenchmark.qwen15B), ("smollm2-135m", KernelBenchmark.smolLM135M)]
        for (name, shapes) in models {
            for batch in batches {
                for path in paths {
                    KernelPath.select(path)
                    let rate = KernelBenchmark.tokensPerSecond(shapes: shapes, batch: batch, threads: threads)
                    FileHandle.standardOutput.write(Data("\(name) batch \(batch), \(threads) threads, \(path.rawValue): \(format(rate)) tok/s (matrix products only)\n".utf8))
                }
            }
        }
    }

    private static func parseKernelPath(_ text: String) throws -> KernelPath {
        guard let path = KernelPath(rawValue: text.lowercased()) else {
            throw UsageError("--kernel-path takes \(KernelPath.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'")
        }
        guard path.isAvailable else {
            throw UsageError("--kernel-path \(text): this CPU (\(CPUFeatures.current.summary)) cannot take that path")
        }
        return path
    }

    private static func parseTypes(_ text: String) throws -> [GGMLType] {
        try text.split(separator: ",").map { name in
            guard let type = GGMLType.allCases.first(where: { "\($0)".lowercased() == name.lowercased() }) else {
                throw UsageError("--types: unknown weight type '\(name)'")
            }
            return type
        }
    }

    private static func parseIntegers(_ text: String) throws -> [Int] {
        try text.split(separator: ",").map { item in
            guard let value = Int(item), (1...4096).contains(value) else { throw UsageError("--batches: '\(item)' is not a batch size from 1 to 4096") }
            return value
        }
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
    /// The kernel path that ran (`KernelPath`).
    var kernelPath: String

    enum CodingKeys: String, CodingKey {
        case model, threads, repetitions, machine
        case kernelPath = "kernel_path"
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
        machine          \(machine.cpu) (\(machine.cpuModel); \(machine.vectorExtensions)), \(machine.cores) cores, \(machine.os)
        threads          \(threads)
        kernels          \(kernelPath) (CPU: \(CPUFeatures.current.summary))
        prompt \(String(promptTokens).padding(toLength: 9, withPad: " ", startingAt: 0)) \(f(promptTPS)) tok/s
        generation \(String(generationTokens).padding(toLength: 5, withPad: " ", startingAt: 0)) \(f(generationTPS)) tok/s
        load             \(String(format: "%.3f", loadSeconds)) s
        peak memory      \(peakRSSBytes / 1_048_576) MiB
        repetitions      \(repetitions)

        """
    }
}

/// What machine a benchmark ran on. Machines of one cloud "kind" differ between sessions (the same name,
/// "AMD EPYC", has been a Zen 1 and a Zen 4), so the family/model numbers and vector extensions are part
/// of every result: compare only runs made on the same CPU.
struct MachineDescription: Codable {
    var cpu: String
    /// Vendor, family and model from /proc/cpuinfo, e.g. "AuthenticAMD family 25 model 17".
    var cpuModel: String
    /// The vector extensions that matter for the kernels, e.g. "avx2 fma f16c avx512f avx512_vnni".
    var vectorExtensions: String
    var cores: Int
    var os: String

    static func current() -> MachineDescription {
        var fields: [String: String] = [:]
        if let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) {
            for line in info.split(separator: "\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let key = line[..<colon].trimmingCharacters(in: .whitespaces)
                if fields[key] == nil { fields[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces) }
            }
        }
        let cpuModel = [fields["vendor_id"], fields["cpu family"].map { "family \($0)" }, fields["model"].map { "model \($0)" }]
            .compactMap { $0 }.joined(separator: " ")
        let flags = Set((fields["flags"] ?? "").split(separator: " ").map(String.init))
        let wanted = ["avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512_vnni", "avx_vnni", "neon", "asimd"]
        return MachineDescription(cpu: fields["model name"] ?? "unknown CPU", cpuModel: cpuModel.isEmpty ? "unknown" : cpuModel,
                                  vectorExtensions: wanted.filter(flags.contains).joined(separator: " "),
                                  cores: ProcessInfo.processInfo.activeProcessorCount,
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
    StandardError.write(message + "\n")
}
