import Foundation

/// Text of a growing token sequence, decoded from bytes with an incomplete UTF-8 sequence held back.
struct TextAccumulator {
    var bytes: [UInt8] = []

    mutating func append(_ piece: [UInt8]) { bytes += piece }

    /// The text of every complete character so far.
    var text: String {
        var end = bytes.count
        // Hold back a trailing lead byte and its continuation bytes if the sequence is not complete yet.
        var back = 0
        while back < 4 && end - back - 1 >= 0 {
            let b = bytes[end - back - 1]
            if b & 0xC0 == 0x80 { back += 1; continue }
            let need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
            if need > back + 1 { end -= back + 1 }
            break
        }
        return String(decoding: bytes[0..<end], as: UTF8.self)
    }
}

/// How many tokens in a row a language rule may reject at one step before the decoder accepts the next
/// choice anyway (a model with no acceptable idea still answers).
let maxRejectedTokens = 8
/// After this many steps with a rejected token, a candidate is left to end as the model wants (it is then
/// marked `violatesLanguageRules`): a model that insists on ending a line with `if x:` would otherwise write
/// an ever longer condition.
let maxRejectingSteps = 3

/// The stop rules' verdict on extending `text` by `token`, and the extended text. An end token adds no text
/// and may only end a text the rules accept.
private func verdict(extending text: TextAccumulator, by token: Int32, endTokens: Set<Int32>, stopRules: StopRules,
                     tokenText: (Int32) -> [UInt8]) -> (StepVerdict, TextAccumulator) {
    if endTokens.contains(token) { return (stopRules.acceptsEnding(text.text) ? .proceed : .reject, text) }
    var extended = text
    extended.append(tokenText(token))
    return (stopRules.verdict(extended.text), extended)
}

/// A continuation being decoded.
private struct Beam {
    var branch: BranchID
    var tokens: [Int32] = []
    var logprobs: [Double] = []
    var text = TextAccumulator()
    var logits: [Float]
    /// Steps at which a language rule rejected a token of this continuation.
    var rejectingSteps = 0
    var total: Double { logprobs.reduce(0, +) }
}

/// Runs `strategy` and returns candidates: for beam search best first by length-normalised score, for
/// sampling in the order of the samples, for greedy the one candidate. Stop rules are applied after every
/// token, end tokens finish a candidate, cancellation and the deadline are checked every step.
public func generateCandidates(model: BranchingLanguageModel, strategy: DecodingStrategy, limits: DecodingLimits,
                               endTokens: Set<Int32>, stopRules: StopRules, tokenText: (Int32) -> [UInt8],
                               isCancelled: () -> Bool) throws -> [Candidate] {
    switch strategy {
    case .greedy:
        return try independentBranches(model: model, count: 1, limits: limits, endTokens: endTokens, stopRules: stopRules,
                                       tokenText: tokenText, isCancelled: isCancelled) { logits, _, _, banned in
            Distribution.argmax(logits, banned: banned)
        }
    case .sampling(let parameters, let count, let seed):
        var generators = (0..<max(1, count)).map { SeededGenerator(seed: seed &+ UInt64($0) &* 0x9E37_79B9) }
        return try independentBranches(model: model, count: max(1, count), limits: limits, endTokens: endTokens, stopRules: stopRules,
                                       tokenText: tokenText, isCancelled: isCancelled) { logits, history, index, banned in
            if index == 0 && parameters.greedyFirst { return Distribution.argmax(logits, banned: banned) }
            return Distribution.sample(logits, parameters: parameters, history: history, banned: banned, using: &generators[index])
        }
    case .beamSearch(let width, let lengthPenalty):
        return try beamSearch(model: model, width: max(1, width), lengthPenalty: lengthPenalty, limits: limits, endTokens: endTokens,
                              stopRules: stopRules, tokenText: tokenText, isCancelled: isCancelled)
    }
}

/// Greedy and n samples: `count` continuations stepped together, one batched append per step.
///
/// Samples that have chosen the same tokens so far share one branch (one cache row per step instead of
/// one per sample): their logits are the same, so each still draws its own next token from them, and
/// where the draws differ the branch forks before the step's append. At temperature 0.6 about a third
/// of the samples' tokens are ones another sample had already chosen on the same path (HumanEval-X
/// records, docs/translate-and-write.md), whole samples often. The time saved is less than that share, as a
/// step's rows share its weight reads: on a Zen 2 the samples' decoding took 8 % less.
private func independentBranches(model: BranchingLanguageModel, count: Int, limits: DecodingLimits, endTokens: Set<Int32>,
                                 stopRules: StopRules, tokenText: (Int32) -> [UInt8], isCancelled: () -> Bool,
                                 choose: ([Float], [Int32], Int, Set<Int32>) -> Int32) throws -> [Candidate] {
    let rootLogits = model.rootLogits()
    let first = try model.fork(model.rootBranch)
    var live: [(index: Int, beam: Beam)] = (0..<count).map { ($0, Beam(branch: first, logits: rootLogits)) }
    var users = SharedBranches()
    users.add(first, count: count)
    var results = [Candidate?](repeating: nil, count: count)
    defer { for branch in users.branches { model.release(branch) } }
    func finish(_ i: Int, _ beam: Beam, _ reason: FinishReason, text: String? = nil) {
        let text = text ?? beam.text.text
        results[i] = Candidate(tokens: beam.tokens, text: text, tokenLogprobs: beam.logprobs, finish: reason, endedByModel: reason == .endToken,
                               violatesLanguageRules: !stopRules.acceptsEnding(text))
    }
    func leave(_ branch: BranchID) { if users.remove(branch) { model.release(branch) } }
    var step = 0
    while !live.isEmpty {
        if isCancelled() { for item in live { finish(item.index, item.beam, .cancelled) }; break }
        if let deadline = limits.deadline, Date().timeIntervalSinceReferenceDate > deadline { for item in live { finish(item.index, item.beam, .deadline) }; break }
        if step >= limits.maxTokens { for item in live { finish(item.index, item.beam, .maxTokens) }; break }
        var next: [(index: Int, beam: Beam)] = []
        var moves: [(from: BranchID, token: Int32)] = []   // one per continuing sample, in `next`'s order
        for var item in live {
            // The chosen token, unless a language rule rejects it: then the next choice without it, a few times.
            var banned = Set<Int32>()
            var token = choose(item.beam.logits, item.beam.tokens, item.index, banned)
            var text = item.beam.text
            var verdict = StepVerdict.proceed
            let guarded = item.beam.rejectingSteps < maxRejectingSteps
            for attempt in 0...maxRejectedTokens {
                (verdict, text) = Decoding.verdict(extending: item.beam.text, by: token, endTokens: endTokens, stopRules: stopRules, tokenText: tokenText)
                guard verdict == .reject, guarded, attempt < maxRejectedTokens else { break }
                banned.insert(token)
                token = choose(item.beam.logits, item.beam.tokens, item.index, banned)
            }
            if !banned.isEmpty { item.beam.rejectingSteps += 1 }
            if endTokens.contains(token) {
                finish(item.index, item.beam, .endToken)
                leave(item.beam.branch)
                continue
            }
            let normalizer = Distribution.logNormalizer(item.beam.logits)
            item.beam.tokens.append(token)
            item.beam.logprobs.append(Double(item.beam.logits[Int(token)]) - normalizer)
            item.beam.text = text
            if case .stop(let stop) = verdict {
                finish(item.index, item.beam, .stopRule(stop.rule), text: stop.keptText)
                leave(item.beam.branch)
                continue
            }
            if verdict == .reject, let stop = stopRules.check(text.text) {   // out of alternatives: the plain stop rules
                finish(item.index, item.beam, .stopRule(stop.rule), text: stop.keptText)
                leave(item.beam.branch)
                continue
            }
            moves.append((item.beam.branch, token))
            next.append(item)
        }
        live = next
        guard !moves.isEmpty, step + 1 < limits.maxTokens else {
            for item in live { finish(item.index, item.beam, .maxTokens) }
            live = []
            break
        }
        // One row per distinct (branch, token): the first such pair of a branch extends it, every other one
        // extends a fork of it, made before the append so that it holds the history without this step's token.
        var steps: [(branch: BranchID, token: Int32)] = []
        var rowOf: [Int] = []
        var rows: [BranchID: [Int32: Int]] = [:]
        for move in moves {
            if let row = rows[move.from]?[move.token] {
                rowOf.append(row)
                continue
            }
            let branch = rows[move.from] == nil ? move.from : try model.fork(move.from)
            rows[move.from, default: [:]][move.token] = steps.count
            rowOf.append(steps.count)
            steps.append((branch, move.token))
        }
        for (move, row) in zip(moves, rowOf) where steps[row].branch != move.from {
            users.move(from: move.from, to: steps[row].branch)
        }
        let logits = try model.append(steps)
        for i in live.indices {
            live[i].beam.branch = steps[rowOf[i]].branch
            live[i].beam.logits = logits[rowOf[i]]
        }
        step += 1
    }
    return results.compactMap { $0 }
}

/// How many live samples use each branch; a branch is released when its last user leaves it.
private struct SharedBranches {
    private var counts: [BranchID: Int] = [:]

    /// Every branch still in use.
    var branches: [BranchID] { Array(counts.keys) }

    mutating func add(_ branch: BranchID, count: Int) { counts[branch, default: 0] += count }

    /// One user leaves `branch`; true when it was the last.
    mutating func remove(_ branch: BranchID) -> Bool {
        counts[branch, default: 0] -= 1
        guard counts[branch]! <= 0 else { return false }
        counts.removeValue(forKey: branch)
        return true
    }

    /// One user goes from `branch` to its fork `fork` (the branch keeps the users of its first token).
    mutating func move(from branch: BranchID, to fork: BranchID) {
        counts[branch, default: 0] -= 1
        counts[fork, default: 0] += 1
    }
}

/// Beam search: `width` live beams, one batched append per step; a beam whose best continuation is an end
/// token is finished there; finished beams compare by Σ logprob / length^lengthPenalty.
private func beamSearch(model: BranchingLanguageModel, width: Int, lengthPenalty: Double, limits: DecodingLimits,
                        endTokens: Set<Int32>, stopRules: StopRules, tokenText: (Int32) -> [UInt8],
                        isCancelled: () -> Bool) throws -> [Candidate] {
    func normalised(_ total: Double, _ length: Int) -> Double { total / pow(Double(max(length, 1)), lengthPenalty) }
    var finished: [(score: Double, candidate: Candidate)] = []
    var live = [Beam(branch: try model.fork(model.rootBranch), logits: model.rootLogits())]
    defer { for beam in live { model.release(beam.branch) } }
    func finish(_ beam: Beam, _ reason: FinishReason, text: String? = nil) {
        let text = text ?? beam.text.text
        let candidate = Candidate(tokens: beam.tokens, text: text, tokenLogprobs: beam.logprobs, finish: reason, endedByModel: reason == .endToken,
                                  violatesLanguageRules: !stopRules.acceptsEnding(text))
        finished.append((normalised(beam.total, beam.tokens.count), candidate))
    }
    var step = 0
    while !live.isEmpty {
        if isCancelled() { live.forEach { finish($0, .cancelled) }; break }
        if let deadline = limits.deadline, Date().timeIntervalSinceReferenceDate > deadline { live.forEach { finish($0, .deadline) }; break }
        if step >= limits.maxTokens { live.forEach { finish($0, .maxTokens) }; break }
        // Expansions: the best tokens of every live beam, ranked by the beam's new total.
        // Twice the width per beam, as finished candidates (an end token, a stop with nothing but whitespace)
        // do not take a live beam's place; a few spare tokens stand in for those a language rule rejects.
        let spare = width + (stopRules.context.blockRules == nil ? 0 : 2)
        var expansions: [(beam: Int, token: Int32, logprob: Double, total: Double)] = []
        for (b, beam) in live.enumerated() {
            let normalizer = Distribution.logNormalizer(beam.logits)
            for t in Distribution.topIndices(beam.logits, width + spare) {
                let logprob = Double(beam.logits[t]) - normalizer
                expansions.append((b, Int32(t), logprob, beam.total + logprob))
            }
        }
        expansions.sort { $0.total > $1.total }
        let finishedBefore = finished.count
        var rejected: [(beam: Int, token: Int32, logprob: Double, total: Double)] = []
        var rejectingBeams = Set<Int>()
        // The verdict is kept with a chosen expansion (with the extended text) so that the stop rules run
        // once per expansion; a rejected expansion taken anyway has none and is checked again below.
        var chosen: [(beam: Int, token: Int32, logprob: Double, verdict: (StepVerdict, TextAccumulator)?)] = []
        for e in expansions where chosen.count < width {
            let judged = verdict(extending: live[e.beam].text, by: e.token, endTokens: endTokens, stopRules: stopRules, tokenText: tokenText)
            if judged.0 == .reject && live[e.beam].rejectingSteps < maxRejectingSteps {
                rejected.append(e); rejectingBeams.insert(e.beam); continue
            }
            if case .stop(let decision) = judged.0, !Candidate.hasText(decision.keptText) {
                // A stop with nothing but whitespace: finished (ranking will drop it), without taking a live slot.
                var done = live[e.beam]
                done.tokens.append(e.token)
                done.logprobs.append(e.logprob)
                finish(done, .stopRule(decision.rule), text: decision.keptText)
                continue
            }
            if endTokens.contains(e.token) {
                var done = live[e.beam]
                done.logprobs.append(e.logprob)    // the end token's probability counts toward the score
                let score = normalised(done.total, live[e.beam].tokens.count + 1)
                let text = live[e.beam].text.text
                finished.append((score, Candidate(tokens: live[e.beam].tokens, text: text, tokenLogprobs: live[e.beam].logprobs,
                                                  finish: .endToken, endedByModel: true, violatesLanguageRules: !stopRules.acceptsEnding(text))))
                continue
            }
            chosen.append((e.beam, e.token, e.logprob, judged.0 == .reject ? nil : judged))
        }
        // Everything rejected (or blank): take the best anyway rather than end with no candidate.
        if chosen.isEmpty && !finished[finishedBefore...].contains(where: { $0.candidate.isUsable }) {
            for e in rejected.prefix(width) where !endTokens.contains(e.token) { chosen.append((e.beam, e.token, e.logprob, nil)) }
        }
        // Branches: the first use of a beam takes its branch, later uses fork it; unused beams are released.
        var used = Set<Int>()
        var next: [(beam: Beam, stop: StopDecision?)] = []
        var steps: [(branch: BranchID, token: Int32)] = []
        for c in chosen {
            var beam = live[c.beam]
            if used.contains(c.beam) {
                beam.branch = try model.fork(live[c.beam].branch)
            }
            used.insert(c.beam)
            if rejectingBeams.contains(c.beam) { beam.rejectingSteps += 1 }
            beam.tokens.append(c.token)
            beam.logprobs.append(c.logprob)
            let stop: StopDecision?
            if let (judgement, extendedText) = c.verdict {
                beam.text = extendedText
                if case .stop(let decision) = judgement { stop = decision } else { stop = nil }
            } else {
                beam.text.append(tokenText(c.token))
                stop = stopRules.check(beam.text.text)   // taken although rejected: the plain stop rules
            }
            next.append((beam, stop))
        }
        // Forks must be made before any parent is extended, so extend after all forks exist.
        for (b, beam) in live.enumerated() where !used.contains(b) { model.release(beam.branch) }
        var extended: [Beam] = []
        for (beam, stop) in next {
            if let stop {
                finish(beam, .stopRule(stop.rule), text: stop.keptText)
                model.release(beam.branch)
            } else {
                extended.append(beam)
                steps.append((beam.branch, beam.tokens[beam.tokens.count - 1]))
            }
        }
        live = extended
        // Stop early when `width` usable candidates (text, no broken language rule) have finished and no live
        // beam can beat the best of them (log-probabilities only decrease): ranking needs that many to choose
        // from, and a model that likes to end with nothing must not end the search before real text finishes.
        let usable = finished.filter { $0.candidate.isUsable }
        if let best = usable.map(\.score).max(), usable.count >= width,
           live.allSatisfy({ normalised($0.total, $0.tokens.count) < best }) {
            live.forEach { model.release($0.branch) }
            live = []
            break
        }
        guard !steps.isEmpty else { break }
        if step + 1 >= limits.maxTokens {
            live.forEach { finish($0, .maxTokens); model.release($0.branch) }
            live = []
            break
        }
        let logits = try model.append(steps)
        for i in live.indices { live[i].logits = logits[i] }
        step += 1
    }
    return finished.sorted { $0.score > $1.score }.map(\.candidate)
}
