import Evaluation
import Foundation
import Ranking

/// `infill eval --tune-ranking`: chooses the ranking weights from recorded eval runs.
enum RankingTuning {
    static func run(reportPaths: [String]) throws -> Int32 {
        var tasks: [[RankingWeightSearch.Candidate]] = []
        var recordedFirstPassed = 0
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
                for result in results {
                    let alternatives = result.completion?.alternatives ?? []
                    tasks.append(alternatives.compactMap { a in
                        a.features.map { RankingWeightSearch.Candidate(features: $0, passed: a.passed ?? false) }
                    })
                    if result.outcome == .passed { recordedFirstPassed += 1 }
                }
            }
        }
        let recorded = tasks.filter { !$0.isEmpty }.count
        guard recorded > 0 else {
            throw CommandError("no recorded candidates in \(reportPaths.joined(separator: ", ")); run infill eval with --record-candidates --output FILE")
        }
        func percent(_ n: Int, _ of: Int) -> String { String(format: "%.1f %%", of == 0 ? 0 : 100 * Double(n) / Double(of)) }
        let n = tasks.count
        let current = RankingWeights.default
        let found = RankingWeightSearch.best(tasks)
        // Two-fold check: choose on even-numbered tasks, score on odd ones, and the other way round.
        let even = tasks.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        let odd = tasks.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        let evenBest = RankingWeightSearch.best(even).weights, oddBest = RankingWeightSearch.best(odd).weights
        let heldOut = RankingWeightSearch.passCount(odd, weights: evenBest) + RankingWeightSearch.passCount(even, weights: oddBest)
        let heldOutDefault = RankingWeightSearch.passCount(tasks, weights: current)
        var lines = [
            "tasks                               \(n) (\(recorded) with recorded candidates, mean \(String(format: "%.1f", Double(tasks.map(\.count).reduce(0, +)) / Double(max(recorded, 1)))) candidates)",
            "first candidate as recorded         \(percent(recordedFirstPassed, n)) pass@1",
            "current default weights             \(percent(heldOutDefault, n)) pass@1",
            "best weights on all tasks           \(percent(found.passed, n)) pass@1 (chosen and scored on the same tasks)",
            "two-fold (chosen on half, scored on the other)  \(percent(heldOut, n)) pass@1",
            "ceiling (any candidate passes)      \(percent(RankingWeightSearch.oracleCount(tasks), n))",
        ]
        func describe(_ w: RankingWeights) -> String {
            "RankingWeights(meanLogprob: \(w.meanLogprob), totalLogprob: \(w.totalLogprob), endedByModel: \(w.endedByModel), suffixOverlap: \(w.suffixOverlap), bracketImbalance: \(w.bracketImbalance), repetition: \(w.repetition), suffixFit: \(w.suffixFit))"
        }
        lines.append("best weights: \(describe(found.weights))")
        lines.append("fold weights: \(describe(evenBest)) / \(describe(oddBest))")
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        return 0
    }
}
