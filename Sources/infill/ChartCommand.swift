import Charts
import Foundation

/// `infill chart`: SVG bar charts of the speed and quality comparisons with llama.cpp, drawn from the JSON
/// that `infill bench --json`, `llama-bench -o json` and `infill eval --json` print.
enum ChartCommand {
    static let usage = """
    infill chart [--bench A.json,...] [--llama-bench L.json,...] [--eval E.json,...] [--anchor ANCHOR.json] --output DIR
      Writes DIR/speed.svg and/or DIR/quality.svg, and prints the charted numbers as a Markdown table.
      speed.svg: per model, Infill's prompt and generation tokens per second (median of `infill bench --json`)
      divided by llama.cpp's (`llama-bench -o json` average, same file name, same prompt and generation
      lengths); 1× is llama.cpp. Measure both in the same window on the same CPU.
      quality.svg: per model and dataset, pass@1 of each `infill eval --json` row (one bar per strategy)
      beside the llama.cpp anchor. ANCHOR.json has the eval report's shape, {"source": "how it was measured",
      "rows": [{"model", "dataset", "strategy", "taskCount", "passAt1Percent"}]}, models named as in the
      eval report (e.g. qwen2.5-coder-0.5b-instruct-q4_k_m); --eval also takes files of that shape.
      The committed inputs and the command that redraws docs/charts are in docs/data/README.md.
    """

    static func run(_ arguments: inout CommandLineArguments) throws -> Int32 {
        let benchFiles = try list(arguments.option("--bench"))
        let llamaFiles = try list(arguments.option("--llama-bench"))
        let evalFiles = try list(arguments.option("--eval"))
        let anchorFile = try arguments.option("--anchor")
        guard let output = try arguments.option("--output") else { throw UsageError("--output DIR is required") }
        try arguments.finish()
        guard !benchFiles.isEmpty || !evalFiles.isEmpty else { throw UsageError("give --bench (with --llama-bench) or --eval") }
        if !benchFiles.isEmpty && llamaFiles.isEmpty { throw UsageError("--bench needs --llama-bench: the chart is a ratio to llama.cpp") }

        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        var summary = ""
        if !benchFiles.isEmpty {
            let comparison = try SpeedComparison(bench: benchFiles.map { try decode(BenchReport.self, $0) },
                                                 llamaBench: llamaFiles.flatMap { try decode([LlamaBenchRow].self, $0) })
            try write(comparison.chart().svg(), to: output + "/speed.svg")
            summary += comparison.table()
        }
        if !evalFiles.isEmpty {
            let anchor = try anchorFile.map { try decode(QualityReport.self, $0) }
            let comparison = QualityComparison(rows: try evalFiles.flatMap { try decode(QualityReport.self, $0).rows }, anchor: anchor)
            try write(comparison.chart().svg(), to: output + "/quality.svg")
            summary += comparison.table()
        }
        FileHandle.standardOutput.write(Data(summary.utf8))
        return 0
    }

    private static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map(String.init)
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ path: String) throws -> T {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CommandError("cannot read \(path): \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw CommandError("\(path) is not the JSON expected here (\(type)): \(error)")
        }
    }

    private static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        log("infill chart: wrote \(path)")
    }
}

/// One line of `llama-bench -o json` (the fields the chart reads).
struct LlamaBenchRow: Decodable {
    var model_filename: String
    var n_prompt: Int
    var n_gen: Int
    var n_threads: Int
    var avg_ts: Double
    var build_commit: String?
    var cpu_info: String?

    var fileName: String { URL(fileURLWithPath: model_filename).lastPathComponent }
}

/// Infill's speed over llama.cpp's, per model: what speed.svg shows.
struct SpeedComparison {
    struct Row {
        var model: String
        var prompt: (ours: Double, llama: Double)?
        var generation: (ours: Double, llama: Double)?
    }
    var rows: [Row] = []
    var machine: String

    init(bench: [BenchReport], llamaBench: [LlamaBenchRow]) throws {
        machine = bench.first.map { "\($0.machine.cpu) (\($0.machine.cpuModel)), \($0.threads) threads" } ?? ""
        for report in bench {
            let same = llamaBench.filter { $0.fileName == report.model && $0.n_threads == report.threads }
            let prompt = same.first { $0.n_prompt == report.promptTokens && $0.n_gen == 0 }
            let generation = same.first { $0.n_gen == report.generationTokens && $0.n_prompt == 0 }
            guard prompt != nil || generation != nil else {
                throw CommandError("no llama-bench row for \(report.model) with \(report.threads) threads, "
                                   + "-p \(report.promptTokens) or -n \(report.generationTokens)")
            }
            rows.append(Row(model: report.model,
                            prompt: prompt.map { (report.promptTPS.median, $0.avg_ts) },
                            generation: generation.map { (report.generationTPS.median, $0.avg_ts) }))
        }
    }

    func chart() -> BarChart {
        BarChart(title: "Infill speed relative to llama.cpp (higher is faster)", subtitle: machine,
                 series: ["prompt processing", "generation"],
                 groups: rows.map { row in
                     BarChart.Group(label: shortModelName(row.model),
                                    values: [row.prompt.map { $0.ours / $0.llama }, row.generation.map { $0.ours / $0.llama }])
                 },
                 reference: (1, "llama.cpp = 1×"), valueText: { String(format: "%.2f×", $0) })
    }

    func table() -> String {
        func cell(_ pair: (ours: Double, llama: Double)?) -> String {
            pair.map { String(format: "%.1f / %.1f = %.2f×", $0.ours, $0.llama, $0.ours / $0.llama) } ?? "—"
        }
        var text = "Speed on \(machine) (tokens/s, Infill / llama.cpp)\n\n| model | prompt | generation |\n|---|---|---|\n"
        for row in rows { text += "| \(shortModelName(row.model)) | \(cell(row.prompt)) | \(cell(row.generation)) |\n" }
        return text + "\n"
    }
}

/// The quality figures the chart reads: the `rows` of `infill eval --json` (only model, dataset, strategy,
/// taskCount and passAt1Percent are read), or a file in that shape with a `source` saying where its numbers
/// come from (the llama.cpp anchor, or rows transcribed from an earlier measurement).
struct QualityReport: Decodable {
    struct Row: Decodable {
        var model: String
        var dataset: String
        var strategy: String
        var taskCount: Int
        var passAt1Percent: Double
    }
    /// How the numbers were measured (absent in `infill eval --json` output).
    var source: String?
    var rows: [Row]
}

/// pass@1 of Infill's eval rows beside the anchor, per model and dataset: what quality.svg shows.
struct QualityComparison {
    var rows: [QualityReport.Row]
    var anchor: QualityReport?

    private var keys: [(model: String, dataset: String)] {
        var seen: [(String, String)] = []
        for row in rows where !seen.contains(where: { $0 == (row.model, row.dataset) }) { seen.append((row.model, row.dataset)) }
        return seen
    }

    private var strategies: [String] {
        var seen: [String] = []
        for row in rows where !seen.contains(row.strategy) { seen.append(row.strategy) }
        return seen
    }

    private func anchorRow(_ model: String, _ dataset: String) -> QualityReport.Row? {
        anchor?.rows.first { $0.model == model && $0.dataset == dataset }
    }

    func chart() -> BarChart {
        let strategies = strategies
        let series = strategies.map { "Infill \($0)" } + (anchor == nil ? [] : ["llama.cpp /infill (anchor)"])
        let groups = keys.map { key -> BarChart.Group in
            var values: [Double?] = strategies.map { strategy in
                rows.first { $0.model == key.model && $0.dataset == key.dataset && $0.strategy == strategy }?.passAt1Percent
            }
            if anchor != nil { values.append(anchorRow(key.model, key.dataset)?.passAt1Percent) }
            return BarChart.Group(label: "\(shortModelName(key.model))\n\(key.dataset.replacingOccurrences(of: "Infilling", with: "").lowercased())",
                                  values: values)
        }
        return BarChart(title: "HumanEval infilling pass@1 (%)", subtitle: "same model files and tasks; higher is better",
                        series: series, groups: groups, valueText: { String(format: "%.1f", $0) })
    }

    func table() -> String {
        var text = "pass@1 % (tasks)\n\n| model | dataset | strategy | Infill | llama.cpp anchor |\n|---|---|---|---|---|\n"
        for row in rows {
            let anchored = anchorRow(row.model, row.dataset).map { String(format: "%.1f (%d)", $0.passAt1Percent, $0.taskCount) } ?? "—"
            text += "| \(shortModelName(row.model)) | \(row.dataset) | \(row.strategy) | "
                + String(format: "%.1f (%d)", row.passAt1Percent, row.taskCount) + " | \(anchored) |\n"
        }
        return text + "\n"
    }
}

/// `qwen2.5-coder-0.5b-instruct-q4_k_m.gguf` → `qwen2.5-coder-0.5b`; `SmolLM2-135M-Instruct.Q4_1.gguf` → `SmolLM2-135M`.
func shortModelName(_ name: String) -> String {
    var short = name
    for ending in [".gguf"] where short.hasSuffix(ending) { short.removeLast(ending.count) }
    if let range = short.range(of: "-instruct", options: .caseInsensitive) { short = String(short[..<range.lowerBound]) }
    return short
}
