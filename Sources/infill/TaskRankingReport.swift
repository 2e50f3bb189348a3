import Completion
import Foundation
import InfillLog
import Languages

/// `infill eval --task-report FILE.jsonl[,FILE.jsonl...]`: what the ranking of code-task candidates is worth,
/// from the `--output` files of `infill eval --task … --judge-candidates`, where every candidate was tested.
///
/// Generation does not depend on the ranking (samples come from fixed seeds, the score only orders them), so
/// ranking the recorded candidates again with this binary's `CodeCandidateFeatures.score` gives exactly what
/// this binary's `ranked` would answer on those tasks. Per eval and model it prints: the anchor's pass@1; the
/// greedy path's (the first candidate of `ranked`); the ranked default's (`allowRunningCode` off: what
/// builds first, then the score; a repair round's candidates count only where no first-round candidate
/// built, the one repair the default makes); ranked with examples run first (only where the run recorded them, `--allow-running-code`); the
/// ceiling (some candidate passes); and median seconds of ranked without the examples' time, and of the anchor.
/// A task and variant recorded in more than one file (overlapping runs) counts once, the first record read.
/// Features recorded before they existed are computed from the record: the placeholder check from the code, a
/// beam translation's control-flow drift (`ControlFlowShape`) from the code and the HumanEval-X source.
/// With `--anchored-only` a task counts only where both a ranked record and an anchor record were read (our
/// runs made apart from the anchor's, on tasks it answered in earlier runs: the anchor is greedy, so its
/// answer to the same text does not change).
enum TaskRankingReport {
    static let usage = """
    infill eval --task-report FILE.jsonl[,FILE.jsonl...] [--reviews REVIEWS.jsonl[,...]] [--without-reviews] [--anchored-only] [--review-margin M]
                              [--candidates N]
      Reads the --output files of 'infill eval --task … --judge-candidates' and ranks every task's recorded
      candidates again with this binary's score: pass@1 of the anchor, the greedy path, ranked (examples off,
      the default), ranked with examples run first (where recorded), the ceiling (any candidate passes), and
      median seconds of ranked (without running examples) and of the anchor. --reviews adds the reviewer's
      scores that 'infill eval --task-review' wrote for the same files (named by the same paths) to records
      made before the engine reviewed candidates itself; --without-reviews ranks as if nothing was reviewed
      (with --reviews: the file's scores only, in place of those the engine recorded).
      --anchored-only counts a task only where both a ranked and an anchor record were read. --review-margin:
      reviews count only where the best two are within M by score, as in the engine (default 0.05; 1000: always).
      --candidates N ranks as if only the first N samples had been drawn (the greedy path is sample 0): a
      candidate none of them gave is left out. Each sample has its own seed, so a run with N candidates
      draws exactly those; a repair round's candidates are kept as recorded. Records of beam search (a translation
      into Python's default) are rows of their own, "(beam)", with no greedy column (their first candidate is the
      best beam), in the total only where their eval has no ranked row. Beam translations recorded before the
      control-flow comparison get it here, from the source the eval gave (the shipped HumanEval-X).
    """

    /// Whether a record's variant holds ranked candidates: `ranked` (writing: `ranked/fim`, `ranked/instruction`) or
    /// `beam` (its rows apart, named `(beam)`, its greedy column empty: its first candidate is the best beam).
    static func isRankedKind(_ variant: String) -> Bool {
        variant.hasPrefix("ranked") || variant == "beam"
    }

    /// The fields of a record the report reads.
    struct RecordFields {
        var record: [String: Any]
        var eval: String
        var model: String
        var variant: String
        var result: String
        var task: String

        /// The eval on its model (`translate js→python on M`): what a row and the anchor's answers belong to.
        var evalKey: String { "\(eval) on \(model)" }
        /// One task of that eval.
        var taskKey: String { "\(evalKey)|\(task)" }
    }

    /// Every record of `files` (comma-separated paths), in order, with the path it came from.
    static func readRecords(_ files: String) throws -> [(path: String, fields: RecordFields)] {
        var records: [(path: String, fields: RecordFields)] = []
        for path in files.split(separator: ",").map(String.init) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw CommandError("cannot read '\(path)'") }
            for (number, line) in text.split(separator: "\n").enumerated() where !line.isEmpty {
                guard let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      let eval = record["eval"] as? String, let model = record["model"] as? String,
                      let variant = record["variant"] as? String, let result = record["result"] as? String else {
                    throw CommandError("\(path):\(number + 1): not a record of 'infill eval --task … --output'")
                }
                records.append((path, RecordFields(record: record, eval: eval, model: model, variant: variant, result: result,
                                                   task: record["task"] as? String ?? "")))
            }
        }
        return records
    }

    /// One row of the report: an eval (`translate js→python`) on one model.
    struct Row {
        /// The eval and model (`translate js→python on M`), which the anchor's answers belong to.
        var eval = ""
        /// Whether the row is the default way (translation, or writing by the method the daemon picks).
        var isDefaultMethod = true
        /// Whether the first candidate is the greedy path's (`ranked`; beam search's first is the best beam).
        var greedyRecorded = true
        var tasks = 0
        var anchor = 0
        var anchorTasks = 0
        var greedy = 0
        var ranked = 0
        var rankedWithExamples = 0
        var examplesRecorded = false
        var ceiling = 0
        /// Tasks whose examples-first choice a repair round wrote, and how many of those passed.
        var repairsChosen = 0
        var repairsPassed = 0
        /// Tasks whose default choice a repair round wrote (no first-round candidate built), and how many passed.
        var buildRepairsChosen = 0
        var buildRepairsPassed = 0
        var rankedSeconds: [Double] = []
        var anchorSeconds: [Double] = []
    }

    static func run(files: String, reviews reviewFiles: String? = nil, withoutReviews: Bool = false, anchoredOnly: Bool = false,
                    reviewMargin: Double = CodeTaskOptions().reviewMargin, sampleLimit: Int? = nil) throws -> Int32 {
        let reviews = try reviewFiles.map(loadReviews) ?? [:]
        var reviewedTasks = 0
        var rows: [String: Row] = [:]
        var anchors: [String: Row] = [:]
        var order: [String] = []
        // A task's record counts once: overlapping runs (`--start 2 --every 6` and `--start 8 --every 6` share
        // all but one task) must not count a task twice. The first record read is kept.
        var seen: Set<String> = []
        var repeats: [String] = []
        let records = try readRecords(files)
        let humanEvalX = HumanEvalXLookup()
        // Tasks (`eval on model|task`) with an anchor record, and with a ranked one.
        var anchored: Set<String> = []
        var ranked: Set<String> = []
        for (_, fields) in records {
            if fields.variant == "anchor" { anchored.insert(fields.taskKey) } else if isRankedKind(fields.variant) { ranked.insert(fields.taskKey) }
        }
        for (path, fields) in records {
            if anchoredOnly && !(anchored.contains(fields.taskKey) && ranked.contains(fields.taskKey)) { continue }
            let (record, eval, model, variant, result, task) = (fields.record, fields.eval, fields.model, fields.variant, fields.result, fields.task)
            let evalKey = fields.evalKey
            guard seen.insert("\(evalKey)|\(task)|\(variant)").inserted else {
                repeats.append("\(task) \(variant) in \(path)")
                continue
            }
            let seconds = record["seconds"] as? Double ?? 0
            if variant == "anchor" {
                anchors[evalKey, default: Row()].anchorTasks += 1
                if result == "passed" { anchors[evalKey]!.anchor += 1 }
                anchors[evalKey]!.anchorSeconds.append(seconds)
                continue
            }
            // Writing has two methods (`ranked/fim`, `ranked/instruction`): one row each, and a row of the
            // method the daemon picks per task (`defaultMethod`; files from before it was recorded: fim).
            let method = variant.split(separator: "/").dropFirst().first.map(String.init)
            guard isRankedKind(variant), let judged = record["judged"] as? [[String: Any]], !judged.isEmpty else { continue }
            // The language the candidates are in: the eval's last word (`write cpp`, `translate python→js`).
            let words = evalWords(eval)
            let language = words.last.flatMap(CodeLanguage.named)
            var candidates = try judged.map(Judged.init)
            // Records from before the placeholder check: it is read from the recorded code, as the engine reads it.
            if let language {
                for i in candidates.indices where candidates[i].features.placeholder == nil {
                    candidates[i].features.placeholder = CodeCandidateExpectation.isPlaceholder(candidates[i].code, language: language)
                }
            }
            // Beam translations recorded before the control-flow comparison: it is made on the source the eval gave.
            if variant == "beam", words.first == "translate", words.count == 3, let language, let from = CodeLanguage.named(words[1]),
               candidates.contains(where: { $0.features.controlFlowDrift == nil }),
               let source = try? humanEvalX?.task(task, words[1]).translationSource {   // a task not in HumanEval-X: left as recorded
                let shape = ControlFlowShape(of: source, language: from)
                for i in candidates.indices where candidates[i].features.controlFlowDrift == nil {
                    candidates[i].features.controlFlowDrift = ControlFlowShape(of: candidates[i].code, language: language).distance(to: shape)
                }
            }
            if withoutReviews { for i in candidates.indices { candidates[i].features.reviewLogprob = nil } }
            if let scores = reviews["\(path)|\(task)|\(variant)"], scores.count == candidates.count {
                for i in candidates.indices where candidates[i].features.reviewLogprob == nil { candidates[i].features.reviewLogprob = scores[i] }
                reviewedTasks += 1
            }
            if let sampleLimit { candidates = drawnWithin(sampleLimit, candidates) }
            guard !candidates.isEmpty else { continue }
            let picked = record["defaultMethod"] as? String
            var keys = [(method.map { "\(eval) (\($0)) on \(model)" } ?? (variant == "beam" ? "\(eval) (beam) on \(model)" : evalKey),
                         method == nil || (picked == nil && method == "fim"))]
            if let method, method == picked { keys.append(("\(eval) (default) on \(model)", true)) }
            for (key, isDefault) in keys {
                if rows[key] == nil {
                    rows[key] = Row(eval: evalKey, isDefaultMethod: isDefault, greedyRecorded: variant != "beam")
                    order.append(key)
                }
                tally(candidates, language: language, seconds: seconds - (record["exampleSeconds"] as? Double ?? 0), reviewMargin: reviewMargin, into: &rows[key]!)
            }
        }
        // A beam row counts in the total only where its eval has no ranked row (one row a task).
        let rankedEvals = Set(order.filter { rows[$0]!.greedyRecorded }.map { rows[$0]!.eval })
        for key in order where !rows[key]!.greedyRecorded && rankedEvals.contains(rows[key]!.eval) { rows[key]!.isDefaultMethod = false }
        for key in order {
            let anchor = anchors[rows[key]!.eval] ?? Row()
            (rows[key]!.anchor, rows[key]!.anchorTasks, rows[key]!.anchorSeconds) = (anchor.anchor, anchor.anchorTasks, anchor.anchorSeconds)
        }
        FileHandle.standardOutput.write(Data(table(rows: order.map { ($0, rows[$0]!) }).utf8))
        if reviewFiles != nil { FileHandle.standardOutput.write(Data("\nreviewer scores added to \(reviewedTasks) ranked records\n".utf8)) }
        if !repeats.isEmpty {
            let shown = repeats.prefix(3).joined(separator: "; ") + (repeats.count > 3 ? "; …" : "")
            StandardError.write("note: \(repeats.count) records repeat a task already read and were not counted again (\(shown))\n")
        }
        return 0
    }

    /// The candidates a run drawing only samples 0..<limit would have had: those some of them gave, each with
    /// only those samples; a repair round's as recorded.
    static func drawnWithin(_ limit: Int, _ candidates: [Judged]) -> [Judged] {
        candidates.compactMap { candidate in
            guard !candidate.repaired else { return candidate }
            var kept = candidate
            kept.samples = candidate.samples.filter { $0 < limit }
            return kept.samples.isEmpty ? nil : kept
        }
    }

    /// The words of a record's eval: `write cpp` → write, cpp; `translate python→js` → translate, python, js
    /// (the candidates' language is the last).
    static func evalWords(_ eval: String) -> [String] {
        eval.split(whereSeparator: { $0 == " " || $0 == "→" }).map(String.init)
    }

    /// The reviews `infill eval --task-review` wrote, by `path|task|variant`, one per judged candidate (nil
    /// where a candidate had no code to review).
    static func loadReviews(_ files: String) throws -> [String: [Double?]] {
        var reviews: [String: [Double?]] = [:]
        for path in files.split(separator: ",").map(String.init) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw CommandError("cannot read '\(path)'") }
            for line in text.split(separator: "\n") where !line.isEmpty {
                guard let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      let key = record["key"] as? String, let values = record["reviews"] as? [Any] else {
                    throw CommandError("'\(path)' is not an output of 'infill eval --task-review'")
                }
                reviews[key] = values.map { $0 as? Double }
            }
        }
        return reviews
    }

    /// Counts one task's recorded candidates into `row`.
    static func tally(_ all: [Judged], language: CodeLanguage?, seconds: Double, reviewMargin: Double = CodeTaskOptions().reviewMargin,
                      into row: inout Row) {
        row.tasks += 1
        row.rankedSeconds.append(seconds)
        // Without running code the only repair is the one after no first-round candidate built: otherwise the
        // greedy, default and ceiling columns are the first round's.
        let first = all.filter { !$0.repaired }
        let buildRepair = !first.isEmpty && first.allSatisfy { $0.features.builds == false }
        let candidates = buildRepair ? all : first
        if first.contains(where: { $0.samples.contains(0) && $0.passed }) { row.greedy += 1 }
        if candidates.contains(where: \.passed) { row.ceiling += 1 }
        // The default ranks what builds first, then by the score, as if no example had run (a failed example costs score).
        if let chosen = best(of: candidates, language: language, margin: reviewMargin, by: { candidate in
            var features = candidate.features
            features.examplesPassed = nil
            return ([candidate.features.builds == false ? 0 : 1, candidate.repaired ? 0 : 1], features.score)
        }) {
            if chosen.passed { row.ranked += 1 }
            if chosen.repaired {
                row.buildRepairsChosen += 1
                if chosen.passed { row.buildRepairsPassed += 1 }
            }
        }
        // Examples first, as the engine sorts with allowRunningCode: more examples held first, then a first-round
        // candidate before a repaired one, then by score (records from before `examplesHeld` existed count
        // all-passed as 1, else 0).
        let examplesRan = all.contains(where: { $0.features.examplesPassed != nil })
        if examplesRan { row.examplesRecorded = true }
        guard let chosen = best(of: all, language: language, margin: reviewMargin, by: {
            ([$0.features.examplesHeld ?? ($0.features.examplesPassed == true ? 1 : 0), $0.features.builds == false ? 0 : 1, $0.repaired ? 0 : 1], $0.features.score)
        }) else { return }
        if chosen.passed { row.rankedWithExamples += 1 }
        if chosen.repaired && examplesRan {
            row.repairsChosen += 1
            if chosen.passed { row.repairsPassed += 1 }
        }
    }

    /// The candidate `key` ranks first (the larger key: its integers in order, then its score; ties keep the
    /// recorded order). As in the engine (`CodeTaskEngine.reviewSelection`, the same rule), the reviewer's score
    /// counts only for the contenders whose code (without comments, in `language`) is among the best `reviewed`
    /// distinct codes by `key` without it, and those come before the others at equal priorities
    /// (`CodeTaskEngine.rankedBefore`); and not at all when the best two at equal priorities are `margin` or more
    /// apart by score (`reviewMargin`) or all have the same code.
    static func best(of candidates: [Judged], language: CodeLanguage?, reviewed: Int = CodeTaskOptions().reviewedCandidates,
                     margin: Double = CodeTaskOptions().reviewMargin, by key: (Judged) -> ([Int], Double)) -> Judged? {
        func larger(_ a: ([Int], Double), _ b: ([Int], Double)) -> Bool {
            for (x, y) in zip(a.0, b.0) where x != y { return x > y }
            return a.1 > b.1
        }
        let unread = candidates.map { candidate -> Judged in
            var copy = candidate
            copy.features.reviewLogprob = nil
            return copy
        }
        let order = unread.indices.sorted { larger(key(unread[$0]), key(unread[$1])) }
        let bareCodes = candidates.map { candidate in language.map { CandidateReviewer.codeWithoutComments(candidate.code, language: $0) } ?? candidate.code }
        let selection = CodeTaskEngine.reviewSelection(standings: order.map { key(unread[$0]).0 }, scores: order.map { key(unread[$0]).1 },
                                                       bareCodes: order.map { bareCodes[$0] }, limit: reviewed, margin: margin)
        let read = Set(selection.read)
        let readCandidates = Set(selection.contenders.map { order[$0] }.filter { read.contains(bareCodes[$0]) })
        let ranked = candidates.indices.map { readCandidates.contains($0) ? candidates[$0] : unread[$0] }
        func finalKey(_ candidate: Judged) -> ([Int], Double) {
            let (priorities, score) = key(candidate)
            return (priorities + [candidate.features.reviewLogprob == nil ? 0 : 1], score)
        }
        guard var chosen = ranked.first else { return nil }
        var chosenKey = finalKey(chosen)
        for candidate in ranked.dropFirst() {
            let k = finalKey(candidate)
            if larger(k, chosenKey) { (chosen, chosenKey) = (candidate, k) }
        }
        return chosen
    }

    /// A recorded candidate: its features, which samples gave it, and whether the tests passed it.
    struct Judged {
        var features: CodeCandidateFeatures
        var samples: [Int]
        var passed: Bool
        /// The candidate's code as recorded.
        var code: String
        /// Written by a repair round (`CodeTaskEngine+Repair`).
        var repaired: Bool

        init(_ record: [String: Any]) throws {
            guard let features = record["features"], let result = record["result"] as? String else {
                throw CommandError("a judged candidate without features or result (recorded with --judge-candidates?)")
            }
            self.features = try JSONDecoder().decode(CodeCandidateFeatures.self, from: JSONSerialization.data(withJSONObject: features))
            samples = record["samples"] as? [Int] ?? []
            code = record["code"] as? String ?? ""
            passed = result == "passed"
            repaired = record["repaired"] as? Bool ?? false
        }
    }

    static func table(rows: [(String, Row)]) -> String {
        func cell(_ passed: Int, _ total: Int) -> String {
            total == 0 ? "—" : String(format: "%d/%d (%.0f %%)", passed, total, 100 * Double(passed) / Double(total))
        }
        func median(_ values: [Double]) -> String {
            guard !values.isEmpty else { return "—" }
            return String(format: "%.1f", values.sorted()[values.count / 2])
        }
        var out = "| eval | tasks | anchor | greedy | ranked (default) | ranked, examples first | ceiling | median s ranked / anchor |\n"
        out += "|---|---|---|---|---|---|---|---|\n"
        var total = Row()
        var counted = Set<String>()
        for (name, row) in rows {
            out += "| \(name) | \(row.tasks) | \(cell(row.anchor, row.anchorTasks)) | \(row.greedyRecorded ? cell(row.greedy, row.tasks) : "—") | \(cell(row.ranked, row.tasks)) | "
            out += "\(row.examplesRecorded ? cell(row.rankedWithExamples, row.tasks) : "—") | \(cell(row.ceiling, row.tasks)) | "
            out += "\(median(row.rankedSeconds)) / \(median(row.anchorSeconds)) |\n"
            guard row.isDefaultMethod else { continue }
            total.tasks += row.tasks; total.greedy += row.greedy; total.greedyRecorded = total.greedyRecorded && row.greedyRecorded
            total.ranked += row.ranked; total.rankedWithExamples += row.rankedWithExamples; total.ceiling += row.ceiling
            total.examplesRecorded = total.examplesRecorded || row.examplesRecorded
            total.repairsChosen += row.repairsChosen; total.repairsPassed += row.repairsPassed
            total.buildRepairsChosen += row.buildRepairsChosen; total.buildRepairsPassed += row.buildRepairsPassed
            if counted.insert(row.eval).inserted { total.anchor += row.anchor; total.anchorTasks += row.anchorTasks }
        }
        out += "| all (default method) | \(total.tasks) | \(cell(total.anchor, total.anchorTasks)) | \(total.greedyRecorded ? cell(total.greedy, total.tasks) : "—") | "
        out += "\(cell(total.ranked, total.tasks)) | \(total.examplesRecorded ? cell(total.rankedWithExamples, total.tasks) : "—") | "
        out += "\(cell(total.ceiling, total.tasks)) | |\n"
        if total.repairsChosen > 0 {
            out += "\nrepaired candidates chosen first (examples first) in \(total.repairsChosen) tasks, passed in \(total.repairsPassed) (greedy counts the first round only)\n"
        }
        if total.buildRepairsChosen > 0 {
            out += "\nthe default chose a candidate of the repair after no candidate built in \(total.buildRepairsChosen) tasks, passed in \(total.buildRepairsPassed)\n"
        }
        return out
    }
}
