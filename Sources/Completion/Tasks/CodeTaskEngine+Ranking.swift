import Foundation

extension CodeTaskEngine {
    /// The ranking: more examples held first; then one that builds (or was not checked) before one that does
    /// not; then a first-round candidate before a repaired one (a repair counts only when it holds more
    /// examples, or builds where none did); then one the reviewer read before one it did not (it reads the
    /// best few by this order without it, whose scores carry its negative log-probability); then the higher score.
    static func rankedBefore(_ a: CodeTaskCandidate, _ b: CodeTaskCandidate) -> Bool {
        let (aStanding, bStanding) = (standingBeforeReview(a), standingBeforeReview(b))
        if aStanding != bStanding { return aStanding > bStanding }
        let (aRead, bRead) = (a.features.reviewLogprob != nil, b.features.reviewLogprob != nil)
        if aRead != bRead { return aRead }
        return a.score > b.score
    }

    /// What the ranking weighs before the reviewer's reading, in order, larger first: examples held, building
    /// (or not checked), first round. Only a candidate level with the best here can come first once read.
    static func standingBeforeReview(_ candidate: CodeTaskCandidate) -> (held: Int, builds: Int, firstRound: Int) {
        (candidate.features.examplesHeld ?? 0, candidate.features.builds == false ? 0 : 1, candidate.repaired ? 0 : 1)
    }
}
