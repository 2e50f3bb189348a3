import Foundation
import InfillLog
import Languages

/// The prompt of a repair round, given what failed in the best candidate (`ExampleVerdict.failure`).
typealias RepairPrompt = (_ failure: String) -> [Int32]

/// One repair round ("self-repair"): when no candidate builds (`buildCheck`, on by default: the compiler
/// runs, the code does not), or running code is allowed and no candidate satisfies every example of the
/// comment or source, the model is asked again, told what failed in the best candidate (the compiler's
/// messages with the lines they point at, or each example's value against the expected one); the new
/// candidates are decoded as the first round's were (same strategy and count) and checked the same way.
///
/// A repaired candidate is ranked before the first round's only when it holds more examples than all of
/// them, or builds where none of them did (`CodeTaskEngine.rankedBefore`): a repair cannot displace a
/// candidate on score alone, so examples the harness cannot run (a Java call in a Python translation's
/// examples) cost time, never a choice.
/// Only instruction tasks are repaired (a fill-in-the-middle prompt is the file itself: there is no request
/// to tell what failed).
extension CodeTaskEngine {
    /// Runs the repair round on `judged` (already built when `checksBuilds`, each candidate as `buildable`
    /// makes it, judged against `buildBaseline` when there is one, and checked against `examples`, empty when
    /// they were not run, as `runnable` makes it) when it is called for, and returns the tokens it generated (0
    /// when it was not). Repaired candidates are numbered after the first round's `firstSample` samples; one that
    /// repeats a first-round candidate's code adds its sample there.
    func repairRound(_ judged: inout [CodeTaskCandidate], prompt: RepairPrompt, decoding: Decoding, firstSample: Int, checksBuilds: Bool,
                     examples: [CodeExample], language: CodeLanguage, buildScope: BuildScope, buildBaseline: BuildBaseline? = nil,
                     runnable: (String) -> String, buildable: (String) -> String) throws -> Int {
        guard let (target, failure) = Self.repairTarget(judged) else { return 0 }
        let tokens = prompt(failure)
        do { try checkFits(promptTokens: tokens.count, options: decoding.options) } catch {
            Logger.shared.info("tasks", "no repair round: \(error)")   // the first round's candidates stand
            return 0
        }
        decoding.options.onStage?(.repairing(becauseNoneBuilt: target.features.builds == false))
        Logger.shared.trace("tasks", "repair prompt: \(String(decoding: tokens.flatMap { model.tokenizer.bytes(for: $0) }, as: UTF8.self))")
        guard let round = try decode(tokens, decoding, firstSample: firstSample) else { return 0 }
        for candidate in round.judged { Logger.shared.trace("tasks", "repair candidate \(candidate.sampleIndices): \(candidate.code)") }
        var fresh: [CodeTaskCandidate] = []
        for var candidate in round.judged {
            if let same = judged.firstIndex(where: { $0.code == candidate.code }) {
                judged[same].sampleIndices += candidate.sampleIndices
                continue
            }
            candidate.repaired = true
            fresh.append(candidate)
        }
        if checksBuilds {
            checkBuilds(&fresh, language: language, scope: buildScope, runnable: buildable, baseline: buildBaseline, isCancelled: decoding.isCancelled)
        }
        if !examples.isEmpty { checkExamples(&fresh, examples: examples, language: language, runnable: runnable, isCancelled: decoding.isCancelled) }
        let best = fresh.map { $0.features.examplesHeld ?? 0 }.max() ?? 0
        let building = fresh.filter { $0.features.builds == true }.count
        Logger.shared.debug("tasks", "repair: \(fresh.count) new candidates, \(building) build, the best holds \(best) of \(examples.count) examples (before: \(target.features.examplesHeld ?? 0))")
        judged += fresh
        return round.tokens
    }

    /// The candidate a repair starts from, and what failed in it: the best-ranked one that says what failed,
    /// when every candidate failed its examples (they ran) or failed to build (it was checked); nil otherwise.
    static func repairTarget(_ judged: [CodeTaskCandidate]) -> (CodeTaskCandidate, String)? {
        guard !judged.isEmpty else { return nil }
        let ranked = judged.sorted(by: rankedBefore)
        if judged.allSatisfy({ $0.features.examplesPassed == false }),
           let target = ranked.first(where: { $0.exampleFailure != nil }), let failure = target.exampleFailure {
            return (target, failure)
        }
        if judged.allSatisfy({ $0.features.builds == false }),
           let target = ranked.first(where: { $0.buildFailure != nil }), let failure = target.buildFailure {
            return (target, failure)
        }
        return nil
    }
}
