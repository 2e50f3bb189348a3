import Decoding
import Ranking

/// Stage 4 of a completion: candidates cleaned, scored, merged and ordered, best first, with suffix fit
/// measured when the weights count it.
public struct CandidateRanking {
    /// The cursor as ranking sees it.
    public let context: RankingContext
    /// How features combine.
    public let weights: RankingWeights
    /// Candidates kept at most.
    public let limit: Int
    /// Measure suffix fit even when the weights give it no say (the eval's recordings).
    public let alwaysMeasureSuffixFit: Bool

    /// A ranking stage.
    public init(context: RankingContext, weights: RankingWeights, limit: Int, alwaysMeasureSuffixFit: Bool = false) {
        self.context = context
        self.weights = weights
        self.limit = limit
        self.alwaysMeasureSuffixFit = alwaysMeasureSuffixFit
    }

    /// Ranks `candidates`; `suffixFit` scores the ranked texts (same order), called only when suffix fit
    /// counts and there are several to order.
    public func rank(_ candidates: [Candidate], suffixFit: ([String]) -> [Double?]?) -> [RankedCompletion] {
        let ranked = Ranking.rank(
            candidates.map { RankingCandidate(text: $0.text, tokenLogprobs: $0.tokenLogprobs, endedByModel: $0.endedByModel) },
            context: context, weights: weights, limit: limit)
        guard weights.suffixFit != 0 || alwaysMeasureSuffixFit, ranked.count > 1, let fits = suffixFit(ranked.map(\.text)) else {
            return ranked
        }
        return rerank(ranked, suffixFit: fits, weights: weights)
    }

    /// Why each candidate that ranking drops is dropped (for the debug log): nothing after the stop rules,
    /// or nothing left after cleaning (it only repeated the suffix or the line already typed).
    public func dropReasons(_ candidates: [Candidate]) -> [String] {
        candidates.compactMap { candidate in
            if !Candidate.hasText(candidate.text) {
                return "\(candidate.tokens.count) tokens, \(candidate.finish) kept \(candidate.text.debugDescription)"
            }
            if !Candidate.hasText(PostProcessing.clean(candidate.text, context: context)) {
                return "\(candidate.text.debugDescription) only repeats the text around the cursor"
            }
            return nil
        }
    }
}
