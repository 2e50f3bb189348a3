import Foundation

/// The aggregate of one evaluation run: one model on one dataset with one decoding strategy.
public struct EvalReportRow: Sendable, Codable, Equatable {
    /// The model's name, e.g. the GGUF file name.
    public var model: String
    /// The dataset's name, e.g. `SingleLineInfilling`.
    public var dataset: String
    /// The decoding / prompting strategy's name, e.g. `greedy`.
    public var strategy: String
    /// Number of tasks run.
    public var taskCount: Int
    /// Percentage of tasks whose completion equals the reference after `strip()`.
    public var exactMatchPercent: Double
    /// Percentage of tasks whose tests passed (pass@1 with one greedy candidate).
    public var passAt1Percent: Double
    /// Tasks whose tests timed out (counted as not passed).
    public var timeoutCount: Int
    /// Tasks on which the engine threw (counted as not passed).
    public var errorCount: Int
    /// Median completion latency in seconds, over tasks with a completion.
    public var medianLatencySeconds: Double
    /// 95th percentile of completion latency in seconds (linear interpolation).
    public var p95LatencySeconds: Double
    /// Median prompt length in tokens.
    public var medianPromptTokens: Double
    /// Mean number of generated tokens.
    public var meanGeneratedTokens: Double
    /// Percentage of completions the model ended itself.
    public var stoppedByItselfPercent: Double
    /// Percentage of completions where an escalating strategy ran its second strategy (nil for other
    /// strategies and for reports made before it existed).
    public var escalatedPercent: Double?
    /// Median seconds of generation and ranking alone (nil when the completions do not say).
    public var medianGenerationSeconds: Double?
    /// Completions that were empty or only white space (nil in reports made before it was counted). Every
    /// task has a non-blank reference, so an empty answer is always a failure worth looking at.
    public var emptyCount: Int?
    /// The per-task results, when kept (`nil` in compact reports).
    public var tasks: [EvalTaskResult]?

    /// Aggregates `results`; statistics over completions are 0 when no task produced one.
    public init(model: String, dataset: String, strategy: String, results: [EvalTaskResult],
                keepingTasks: Bool = true) {
        self.model = model
        self.dataset = dataset
        self.strategy = strategy
        taskCount = results.count
        exactMatchPercent = EvalStatistics.percent(results.filter(\.isExactMatch).count, of: results.count)
        passAt1Percent = EvalStatistics.percent(results.filter { $0.outcome == .passed }.count, of: results.count)
        timeoutCount = results.filter { $0.outcome == .timedOut }.count
        errorCount = results.filter { $0.completion == nil }.count
        let completions = results.compactMap(\.completion)
        let latencies = completions.map(\.latencySeconds)
        medianLatencySeconds = EvalStatistics.median(latencies) ?? 0
        p95LatencySeconds = EvalStatistics.percentile(95, of: latencies) ?? 0
        medianPromptTokens = EvalStatistics.median(completions.map { Double($0.promptTokenCount) }) ?? 0
        meanGeneratedTokens = EvalStatistics.mean(completions.map { Double($0.generatedTokenCount) }) ?? 0
        stoppedByItselfPercent = EvalStatistics.percent(completions.filter(\.stoppedByItself).count,
                                                        of: completions.count)
        let escalations = completions.compactMap(\.escalated)
        escalatedPercent = escalations.contains(true) || strategy.hasPrefix("greedy+")
            ? EvalStatistics.percent(escalations.filter { $0 }.count, of: completions.count) : nil
        medianGenerationSeconds = EvalStatistics.median(completions.compactMap(\.generationSeconds))
        emptyCount = completions.filter { PythonStrip.strip($0.text).isEmpty }.count
        tasks = keepingTasks ? results : nil
    }
}

/// Several evaluation rows, printable as a table for people or JSON for machines.
public struct EvalReport: Sendable, Codable, Equatable {
    /// One row per (model, dataset, strategy).
    public var rows: [EvalReportRow]

    /// Creates a report from rows.
    public init(rows: [EvalReportRow]) {
        self.rows = rows
    }

    /// The report as pretty-printed JSON with sorted keys; per-task results only when `includingTasks`.
    public func jsonData(includingTasks: Bool = false) throws -> Data {
        var copy = self
        if !includingTasks {
            for index in copy.rows.indices { copy.rows[index].tasks = nil }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(copy)
    }

    /// The report as an aligned plain-text table, one line per row, with a header line.
    public func formattedTable() -> String {
        let header = ["model", "dataset", "strategy", "n", "exact %", "pass@1 %", "timeouts", "errors",
                      "p50 s", "p95 s", "prompt tok", "gen tok", "self-stop %", "escalated %", "gen p50 s", "empty"]
        let body = rows.map { row in
            [row.model, row.dataset, row.strategy, String(row.taskCount),
             Self.format(row.exactMatchPercent, digits: 1), Self.format(row.passAt1Percent, digits: 1),
             String(row.timeoutCount), String(row.errorCount),
             Self.format(row.medianLatencySeconds, digits: 3), Self.format(row.p95LatencySeconds, digits: 3),
             Self.format(row.medianPromptTokens, digits: 0), Self.format(row.meanGeneratedTokens, digits: 1),
             Self.format(row.stoppedByItselfPercent, digits: 1),
             row.escalatedPercent.map { Self.format($0, digits: 1) } ?? "-",
             row.medianGenerationSeconds.map { Self.format($0, digits: 3) } ?? "-",
             row.emptyCount.map(String.init) ?? "-"]
        }
        let all = [header] + body
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        let lines = all.map { cells in
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column < 3 ? cell + padding : padding + cell     // text left, numbers right
            }.joined(separator: "  ")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `value` with a fixed number of decimals ("." as separator whatever the locale).
    static func format(_ value: Double, digits: Int) -> String {
        value.isFinite ? String(format: "%.\(digits)f", value) : "-"
    }
}
