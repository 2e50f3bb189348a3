import Completion
import Evaluation
import Foundation

/// `infill eval`: completion quality on HumanEval infilling, through the same Completion path as the daemon.
enum EvalCommand {
    static let usage = """
    infill eval [--model M] [--dataset single-line|multi-line|both|mid-line] [--subset N] [--skip N] [--limit N]
                [--strategy greedy|beam:W|sample:N:T|greedy+beam:W[@T]] [--order psm|spm] [--datasets DIR] [--json] [--output FILE]
                [--timeout SECONDS] [--threads T] [--context-tokens N] [--candidates N] [--record-candidates]
                [--no-suffix-fit] [--no-block-rules] [--suffix-tokens N|none] [--typed-characters N]
                [--stale-suffix K] [--export-tasks FILE.jsonl]
    infill eval --tune-ranking REPORT.json[,REPORT.json...]
      Completes every Nth task (--subset N; the llama.cpp anchor in docs/quality.md uses 5 for
      single-line and 25 for multi-line), runs the dataset's tests in python3 (timeout per task), and reports
      exact match, pass@1, median and p95 latency, token counts and empty answers (listed on stderr).
      --json prints the report as JSON. mid-line: holes that start and end inside a line, cut from the
      single-line tasks' programs with a fixed seed (MidLineTasks; not part of "both"). --export-tasks writes
      the selected tasks as HumanEval-Infilling JSON Lines and exits (to run the same tasks elsewhere).
      --skip N leaves out the first N of the selected tasks (to continue or split a long run), --limit N
      stops after N.
      Default --datasets: the HumanEval infilling files shipped in Sources/Evaluation/Datasets (found from the
      source checkout infill was built from, else beside the executable in infill-datasets/).
      --record-candidates keeps every ranked candidate with its ranking features in the --output file and
      tests each one, with every ranking feature measured (suffix fit too) so the weights can be tuned.
      --no-suffix-fit ranks without suffix fit (its weight 0, as if it did not exist, to measure what it
      brings and costs). --no-block-rules turns off the Python block rules
      in the token loop (to measure them). The whole suffix (within --context-tokens) goes into every prompt
      unless --suffix-tokens N caps it as the daemon does while typing. --tune-ranking reads such files and searches the ranking
      weights that put a passing candidate first most often, reporting the ceiling (any candidate passes), the current default, the
      best weights, and a two-fold check (weights chosen on half the tasks, scored on the other half).
      --typed-characters N puts the cursor in the middle of the line to fill, as while typing: after the
      expected line's indentation and its first N characters (at least one character is left to fill),
      which count as part of the answer; the line then ends with a line break, as in an editor.
      --stale-suffix K measures the re-use of the suffix's KV rows while typing (SuffixRowReuse): each
      task's prompt is first computed exactly without the last K characters before the cursor, then the
      real prompt goes through the re-use path (rows moved, however stale). Without it every prompt is
      computed exactly (the re-use is off in the eval).

    """ + TaskEvalCommand.usage + "\n" + TaskRankingReport.usage + "\n" + TaskReviewScores.usage

    static func run(_ arguments: inout CommandLineArguments) async throws -> Int32 {
        if let task = try arguments.option("--task") { return try await TaskEvalCommand.run(task: task, &arguments) }
        if let files = try arguments.option("--task-report") {
            let reviews = try arguments.option("--reviews")
            let withoutReviews = arguments.flag("--without-reviews")
            let anchoredOnly = arguments.flag("--anchored-only")
            let margin = try arguments.number("--review-margin", default: CodeTaskOptions().reviewMargin, in: 0...1000)
            let sampleLimit = try arguments.integer("--candidates", in: 1...64)
            try arguments.finish()
            return try TaskRankingReport.run(files: files, reviews: reviews, withoutReviews: withoutReviews, anchoredOnly: anchoredOnly,
                                             reviewMargin: margin, sampleLimit: sampleLimit)
        }
        if let files = try arguments.option("--task-review") { return try await TaskReviewScores.run(files: files, &arguments) }
        if let reports = try arguments.option("--tune-ranking") {
            try arguments.finish()
            return try RankingTuning.run(reportPaths: reports.split(separator: ",").map(String.init))
        }
        let modelName = try arguments.option("--model") ?? defaultModelName
        let which = try arguments.option("--dataset") ?? "both"
        let every = try arguments.integer("--subset", default: 1, in: 1...10_000)
        let skip = try arguments.integer("--skip", default: 0, in: 0...100_000)
        let limitText = try arguments.option("--limit")
        let directory = try arguments.option("--datasets") ?? EvalDatasetLocation.humanEvalInfilling()
        let json = arguments.flag("--json")
        let output = try arguments.option("--output")
        let exportPath = try arguments.option("--export-tasks")
        let timeout = try arguments.number("--timeout", default: 10, in: 1...600)
        let recordCandidates = arguments.flag("--record-candidates")
        let noSuffixFit = arguments.flag("--no-suffix-fit")
        // The eval keeps the whole suffix unless told otherwise, so that its rows stay comparable (the
        // daemon's typing cap, `automaticSuffixTokens`, is measured separately with --suffix-tokens N).
        let suffixTokens = try arguments.option("--suffix-tokens").map(CompletionOptions.suffixTokenLimit) ?? nil
        let typedCharacters = try arguments.integer("--typed-characters", default: 0, in: 0...1000)
        let staleCharacters = try arguments.option("--stale-suffix").map { text -> Int in
            guard let k = Int(text), k > 0, k <= 10_000 else { throw UsageError("--stale-suffix takes a number of characters from 1 to 10000, got '\(text)'") }
            return k
        }
        let (options, threads) = try CompletionOptions.parse(&arguments)
        try arguments.finish()

        let kinds: [EvalDataset.HumanEvalInfilling]
        let midLine = which == "mid-line"
        switch which {
        case "single-line", "mid-line": kinds = [.singleLine]
        case "multi-line": kinds = [.multiLine]
        case "both": kinds = [.singleLine, .multiLine]
        default: throw UsageError("--dataset takes single-line, multi-line, both or mid-line, got '\(which)'")
        }
        var limit: Int?
        if let limitText {
            guard let n = Int(limitText), n > 0 else { throw UsageError("--limit takes a positive number, got '\(limitText)'") }
            limit = n
        }
        guard let directory else {
            throw CommandError("cannot find the datasets (looked in \(EvalDatasetLocation.candidates().joined(separator: ", "))); "
                + "pass --datasets DIR (the folder with HumanEval-SingleLineInfilling.jsonl.gz)")
        }

        if let exportPath {
            var exported: [EvalTask] = []
            for kind in kinds {
                let dataset = try loadDataset(kind, midLine: midLine, fromDirectory: directory)
                exported += try EvalSubset(every: every, skip: skip, limit: limit).apply(to: dataset.tasks)
            }
            try EvalDataset(name: "export", tasks: exported).jsonLines().write(to: URL(fileURLWithPath: exportPath))
            log("infill eval: wrote \(exported.count) tasks to \(exportPath)")
            return 0
        }
        let model = try await loadModel(modelName, threads: threads)
        var settings = options.settings
        settings.automaticSuffixTokens = suffixTokens
        settings.automaticTimeBudget = 120     // quality runs are not cut by the interactive time budget
        settings.invokedTimeBudget = 120
        // Exact prompts unless the re-use itself is measured (then always, however stale).
        settings.suffixRowReuse.scope = staleCharacters == nil ? .off : .always
        settings.suffixRowReuse.maximumStaleTokens = .max
        if recordCandidates { settings.candidates = 64 }   // every merged candidate, not just the best few
        if recordCandidates { settings.alwaysMeasureSuffixFit = true }
        if noSuffixFit {
            settings.singleLineRankingWeights.suffixFit = 0
            settings.multiLineRankingWeights.suffixFit = 0
        }
        let engine = CompletionEngine(model: model, settings: settings)
        let modelLabel = URL(fileURLWithPath: model.path).deletingPathExtension().lastPathComponent
        let strategyLabel = "\(settings.automaticStrategy) \(settings.promptOrder.rawValue)"

        var rows: [EvalReportRow] = []
        for kind in kinds {
            let dataset = try loadDataset(kind, midLine: midLine, fromDirectory: directory)
            let tasks = try EvalSubset(every: every, skip: skip, limit: limit).apply(to: dataset.tasks)
            log("infill eval: \(dataset.name), \(tasks.count) tasks, model \(modelLabel), strategy \(strategyLabel)")
            let runner = EvalRunner(testRunner: PythonTestRunner(timeoutSeconds: timeout))
            let multiline = kind == .multiLine
            let row = try await runner.run(tasks, model: modelLabel, dataset: dataset.name, strategy: strategyLabel,
                                           progress: EvalRunner.standardErrorProgress) { task in
                // While typing the line, the editor shows it ended by a line break before the suffix.
                let typed = Self.typedStart(of: task.canonicalSolution, characters: typedCharacters)
                let lineEnd = typed.isEmpty ? "" : "\n"
                let request = CompletionRequest(
                    documentKey: "eval.py", text: task.prompt + typed + lineEnd + task.suffix,
                    cursorUTF8Offset: task.prompt.utf8.count + typed.utf8.count,
                    filePath: "solution.py", languageID: "python", trigger: .automatic, multiline: multiline)
                if let staleCharacters {
                    // The document as it was K characters earlier (the cursor right after them).
                    let before = task.prompt + typed
                    let earlier = String(before.dropLast(min(staleCharacters, before.count)))
                    var stale = request
                    stale.text = earlier + lineEnd + task.suffix
                    stale.cursorUTF8Offset = earlier.utf8.count
                    try engine.evaluatePrompt(stale)
                }
                let started = Date()
                let response = try engine.complete(request)
                let best = response.candidates.first
                let alternatives = recordCandidates
                    ? response.candidates.map { EvalAlternative(text: $0.text, score: $0.score, features: $0.features) }
                    : nil
                let answer = best?.text ?? ""
                return EvalCompletion(text: typed.isEmpty ? answer : typed + answer + (answer.hasSuffix("\n") ? "" : lineEnd), latencySeconds: Date().timeIntervalSince(started),
                                      promptTokenCount: response.promptTokens, generatedTokenCount: response.generatedTokens,
                                      stoppedByItself: best?.endedByModel ?? false, alternatives: alternatives,
                                      escalated: response.escalated, generationSeconds: response.generationSeconds)
            }
            let empties = (row.tasks ?? []).filter { $0.completion.map { PythonStrip.strip($0.text).isEmpty } ?? false }
            if !empties.isEmpty { log("infill eval: \(empties.count) empty answers: \(empties.map(\.taskID).joined(separator: ", "))") }
            rows.append(row)
        }
        let report = EvalReport(rows: rows)
        if let output { try report.jsonData(includingTasks: true).write(to: URL(fileURLWithPath: output)) }
        if json {
            FileHandle.standardOutput.write(try report.jsonData() + Data("\n".utf8))
        } else {
            FileHandle.standardOutput.write(Data(report.formattedTable().utf8))
        }
        return 0
    }

    /// A dataset file's tasks, or the mid-line tasks derived from them.
    static func loadDataset(_ kind: EvalDataset.HumanEvalInfilling, midLine: Bool, fromDirectory directory: String) throws -> EvalDataset {
        let dataset = try EvalDataset.load(kind, fromDirectory: directory)
        return midLine ? EvalDataset(name: "MidLine", tasks: MidLineTasks.derive(fromSingleLine: dataset.tasks)) : dataset
    }

    /// What the user has typed of `middle` with `characters` typed: its first line's indentation and then
    /// up to `characters` more, leaving at least one character of the line to fill ("" for 0).
    static func typedStart(of middle: String, characters: Int) -> String {
        guard characters > 0 else { return "" }
        let line = middle.prefix { $0 != "\n" }
        let indentation = line.prefix { $0 == " " || $0 == "\t" }
        let rest = line.dropFirst(indentation.count)
        return String(indentation) + String(rest.prefix(max(0, min(characters, rest.count - 1))))
    }
}
