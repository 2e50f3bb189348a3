import Foundation
import Languages

/// The checks a round of candidates goes through after decoding, each recording its verdict in the
/// candidates' features: the prompt fits the context, the code builds, the examples hold (only with
/// `allowRunningCode`), and the reviewer's reading of the comment. All run under the engine's lock, from `run`.
extension CodeTaskEngine {
    /// Throws `promptTooLong` unless `promptTokens` and the answer's `maxTokens` fit in the model's context.
    func checkFits(promptTokens: Int, options: CodeTaskOptions) throws {
        let context = model.transformer.configuration.trainedContextLength
        guard promptTokens + options.maxTokens <= context else {
            throw CodeTaskError.promptTooLong(tokens: promptTokens, context: context, answerTokens: options.maxTokens)
        }
    }

    /// Builds `scope` of every candidate not yet checked (`builds` nil) with the language's compiler, side by
    /// side, and records the verdicts; when they all fail, judged against `baseline` (the verdict of the file
    /// `runnable` places them in, without them: `BuildBaseline`).
    func checkBuilds(_ judged: inout [CodeTaskCandidate], language: CodeLanguage, scope: BuildScope, runnable: (String) -> String,
                     baseline: BuildBaseline? = nil, isCancelled: () -> Bool) {
        let pending = judged.indices.filter { judged[$0].features.builds == nil }
        guard !pending.isEmpty, !isCancelled() else { return }
        let codes = pending.map { runnable(judged[$0].code) }
        let built = buildChecker.check(codes: codes, language: language, scope: scope)
        let verdicts = baseline?.judged(built) ?? built
        for (i, verdict) in zip(pending, verdicts) {
            judged[i].features.builds = verdict?.builds
            judged[i].buildFailure = verdict?.failure
        }
    }

    /// Runs the examples on every candidate not yet checked (`examplesHeld` nil), side by side
    /// (`ExampleRunner.check(codes:examples:language:)`), and records the verdicts.
    func checkExamples(_ judged: inout [CodeTaskCandidate], examples: [CodeExample], language: CodeLanguage,
                       runnable: (String) -> String, isCancelled: () -> Bool) {
        let pending = judged.indices.filter { judged[$0].features.examplesHeld == nil }
        guard !pending.isEmpty, !isCancelled() else { return }
        let codes = pending.map { runnable(judged[$0].code) }
        for (i, verdict) in zip(pending, exampleRunner.check(codes: codes, examples: examples, language: language)) {
            judged[i].features.examplesPassed = verdict?.allHold
            judged[i].features.examplesHeld = verdict?.held
            judged[i].exampleFailure = verdict?.failure
        }
    }

    /// Scores candidates with the reviewer (`CandidateReviewer`): the mean log-probability of `text`
    /// (the function's comment; "" for a translation, which is not reviewed) after the candidate's code as
    /// `program` makes it whole (a fill-in-the-middle body with its signature). Which codes are read is
    /// `reviewPlan`'s choice; every contender whose code differs from a read one only in comments shares its
    /// score, and the others keep nil and rank after the reviewed (`rankedBefore`). The cache is the engine's
    /// second, kept for the next task. Nothing is scored without a chat template or without text to read.
    func review(_ judged: inout [CodeTaskCandidate], reading text: String, language: CodeLanguage, program: (String) -> String,
                limit: Int, margin: Double, isCancelled: () -> Bool) throws {
        guard let template, text.contains(where: { !$0.isWhitespace }) else { return }
        let bareCodes = judged.map { CandidateReviewer.codeWithoutComments(program($0.code), language: language) }
        let plan = Self.reviewPlan(judged, bareCodes: bareCodes, limit: limit, margin: margin)
        guard !plan.read.isEmpty else { return }
        let reviewer = CandidateReviewer(model: model, template: template)
        let textTokens = model.tokenizer.encode(text, parseSpecial: false).count
        let longest = plan.read.map { model.tokenizer.encode($0, parseSpecial: false).count }.max() ?? 0
        let needed = textTokens + longest + 128   // the request's words and the chat template's turns
        if reviewCache == nil || reviewCache!.maximumLength < needed {
            reviewCache = model.transformer.makeCache(maximumLength: max(needed, 1024))
        }
        guard let reviewCache else { return }
        // Read in the order of what the reviewer reads (`CandidateReviewer.readCode`): neighbours share the
        // longest beginnings. Codes that differ only in their imports are read once.
        let scored = CandidateReviewer.scoredText(of: text)
        let readingOf = Dictionary(plan.read.map { ($0, CandidateReviewer.readCode($0, language: language)) }, uniquingKeysWith: { first, _ in first })
        var byReading: [String: Double] = [:]
        for reading in Set(readingOf.values).sorted() {
            guard !isCancelled() else { return }
            byReading[reading] = try reviewer.meanLogprob(ofScored: scored, givenReading: reading, language: language, cache: reviewCache)
        }
        for i in plan.contenders { judged[i].features.reviewLogprob = readingOf[bareCodes[i]].flatMap { byReading[$0] } }
    }

    /// Which candidates the reviewer's reading concerns, and which codes it reads.
    struct ReviewPlan: Equatable {
        /// The indices of the candidates level with the best before the reading (`standingBeforeReview`), best first.
        var contenders: [Int]
        /// The distinct codes to read (without comments), in the order of their text.
        var read: [String]
    }

    /// Only candidates level with the best on examples, build and round can come first once read, and the
    /// reading changes nothing unless two of them differ in more than comments (then nothing is read). Nothing
    /// is read either when the best two of them are `margin` or more apart by score (`reviewMargin`). Of them,
    /// the best `limit` distinct codes by the ranking so far are read (`reviewSelection`), sorted by their text.
    /// `bareCodes[i]` is candidate i's code without comments.
    static func reviewPlan(_ judged: [CodeTaskCandidate], bareCodes: [String], limit: Int, margin: Double = .infinity) -> ReviewPlan {
        let order = judged.indices.sorted { rankedBefore(judged[$0], judged[$1]) }
        let standings = order.map { i in
            let standing = standingBeforeReview(judged[i])
            return [standing.held, standing.builds, standing.firstRound]
        }
        let selection = reviewSelection(standings: standings,
                                        scores: order.map { judged[$0].score }, bareCodes: order.map { bareCodes[$0] },
                                        limit: limit, margin: margin)
        return ReviewPlan(contenders: selection.contenders.map { order[$0] }, read: selection.read.sorted())
    }

    /// The reviewer's reading, decided before it reads; the one rule for the engine (`reviewPlan`) and for
    /// `infill eval --task-report`, which ranks recorded candidates again. The candidates come in their order by
    /// the ranking without the reviewer: `standings[i]` is what weighs before the score (compared in order,
    /// larger first), `scores[i]` the score, `bareCodes[i]` the code without comments. Returns the positions of
    /// the contenders (level with the first's standing: only they can come first once read) and the codes read:
    /// the first `limit` distinct codes among the contenders, and none when the contenders all have the same
    /// code or the first two of them are `margin` or more apart by score.
    public static func reviewSelection(standings: [[Int]], scores: [Double], bareCodes: [String], limit: Int,
                                       margin: Double) -> (contenders: [Int], read: [String]) {
        guard let best = standings.first else { return ([], []) }
        let contenders = standings.indices.filter { standings[$0] == best }
        var read: [String] = []
        for i in contenders where !read.contains(bareCodes[i]) && read.count < limit { read.append(bareCodes[i]) }
        guard Set(contenders.map { bareCodes[$0] }).count > 1, scores[contenders[0]] - scores[contenders[1]] < margin else {
            return (contenders, [])
        }
        return (contenders, read)
    }
}
