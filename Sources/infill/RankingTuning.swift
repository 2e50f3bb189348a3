import Evaluation
import Foundation
import Ranking

/// `infill eval --tune-ranking`: chooses the ranking weights from recorded eval runs, separately for
/// single-line and multi-line tasks (each has its own weights in `RankingWeights`).
enum RankingTuning {
    /// The recorded tasks of one kind: each task's candidates, and how many tasks passed as recorded.
    private struct Recorded {
        var tasks: [[RankingWeightSearch.Candidate]] = []
        var firstPassed = 0
    }

    /// Stands for the empty answer of a task that had no candidate to rank but passed anyway.
    private static let emptyAnswer = RankingWeightSearch.Candidate(
        features: RankingFeatures(meanLogprob: 0, totalLogprob: 0, endedByModel: false, suffixOverlap: 0,
                                  bracketImbalance: 0, repetition: 0, lines: 0),
        passed: true)

    static func run(reportPaths: [String]) throws -> Int32 {
        var singleLine = Recorded(), multiLine = Recorded()
        for path in reportPaths {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                throw CommandError("cannot read '\(path)': \(error.localizedDescription)")
            }
            let report: EvalReport
            do { report = try JSONDecoder().decode(EvalReport.self, from: data) } catch {
                throw CommandError("'\(path)' is not an infill eval report (written with --output): \(error)")
            }
            for row in report.rows {
                guard let results = row.tasks else {
                    throw CommandError("'\(path)' has no per-task results; write it with --output")
                }
                let isMultiLine = row.dataset.localizedCaseInsensitiveContains("multi")
                for result in results {
                    let alternatives = result.completion?.alternatives ?? []
                    var candidates = alternatives.compactMap { a in
                        a.features.map { RankingWeightSearch.Candidate(features: $0, passed: a.passed ?? false) }
                    }
                    // No candidate means an empty answer, which some holes accept: it passes whatever the weights.
                    if candidates.isEmpty && result.outcome == .passed { candidates = [emptyAnswer] }
                    let passed = result.outcome == .passed ? 1 : 0
                    if isMultiLine {
                        multiLine.tasks.append(candidates); multiLine.firstPassed += passed
                    } else {
                        singleLine.tasks.append(candidates); singleLine.firstPassed += passed
                    }
                }
            }
        }
        var sections: [String] = []
        for (name, recorded, current) in [("single-line", singleLine, RankingWeights.singleLine),
                                          ("multi-line", multiLine, RankingWeights.multiLine)]
        where recorded.tasks.contains(where: { !$0.isEmpty }) {
            sections.append("\(name) tasks (current weights: RankingWeights.\(name == "single-line" ? "singleLine" : "multiLine"))\n"
                            + report(recorded, current: current))
        }
        guard !sections.isEmpty else {
            throw CommandError("no recorded candidates in \(reportPaths.joined(separator: ", ")); run infill eval with --record-candidates --output FILE")
        }
        FileHandle.standardOutput.write(Data((sections.joined(separator: "\n\n") + "\n").utf8))
        return 0
    }

    /// The search's findings on one kind of task, as lines of text.
    private static func report(_ recorded: Recorded, current: RankingWeights) -> String {
        let tasks = recorded.tasks
        let withCandidates = tasks.filter { !$0.isEmpty }.count
        func percent(_ n: Int, _ of: Int) -> String { String(format: "%.1f %%", of == 0 ? 0 : 100 * Double(n) / Double(of)) }
        let n = tasks.count
        let found = RankingWeightSearch.best(tasks, preferred: current)
        // Two-fold check: choose on even-numbered tasks, score on odd ones, and the other way round.
        let even = tasks.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        let odd = tasks.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        let evenBest = RankingWeightSearch.best(even, preferred: current).weights
        let oddBest = RankingWeightSearch.best(odd, preferred: current).weights
        let heldOut = RankingWeightSearch.passCount(odd, weights: evenBest) + RankingWeightSearch.passCount(even, weights: oddBest)
        let meanCandidates = Double(tasks.map(\.count).reduce(0, +)) / Double(max(withCandidates, 1))
        func describe(_ w: RankingWeights) -> String {
            "RankingWeights(meanLogprob: \(w.meanLogprob), totalLogprob: \(w.totalLogprob), endedByModel: \(w.endedByModel), suffixOverlap: \(w.suffixOverlap), bracketImbalance: \(w.bracketImbalance), repetition: \(w.repetition), suffixFit: \(w.suffixFit))"
        }
        return [
            "tasks                               \(n) (\(withCandidates) with recorded candidates, mean \(String(format: "%.1f", meanCandidates)) candidates)",
            "first candidate as recorded         \(percent(recorded.firstPassed, n)) pass@1",
            "current default weights             \(percent(RankingWeightSearch.passCount(tasks, weights: current), n)) pass@1",
            "best weights on all tasks           \(percent(found.passed, n)) pass@1 (chosen and scored on the same tasks)",
            "two-fold (chosen on half, scored on the other)  \(percent(heldOut, n)) pass@1",
            "ceiling (any candidate passes)      \(percent(RankingWeightSearch.oracleCount(tasks), n))",
            "best weights: \(describe(found.weights))",
            "fold weights: \(describe(evenBest)) / \(describe(oddBest))",
        ].joined(separator: "\n")
    }
}
