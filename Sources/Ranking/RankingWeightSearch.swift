/// Chooses `RankingWeights` by measurement: given, for each task, every candidate's features and whether
/// its tests passed, find the weights whose top-scoring candidate passes on the most tasks.
///
/// The search is exhaustive over a small grid (a few thousand weight vectors; each evaluation is a pass
/// over the recorded candidates, so it takes well under a second for hundreds of tasks). To keep the
/// choice honest the caller can search on one half of the tasks and score the result on the other.
public enum RankingWeightSearch {
    /// One recorded candidate: its features and whether the task's tests passed with it.
    public struct Candidate: Sendable, Codable, Equatable {
        /// The ranking features of the cleaned candidate.
        public var features: RankingFeatures
        /// Whether the dataset's tests passed with this candidate.
        public var passed: Bool
        /// Creates a recorded candidate.
        public init(features: RankingFeatures, passed: Bool) {
            self.features = features
            self.passed = passed
        }
    }

    /// The values tried for each weight. Signs follow the feature's meaning (penalties are ≤ 0).
    public struct Grid: Sendable {
        public var meanLogprob: [Double] = [0, 0.5, 1, 2, 4]
        public var totalLogprob: [Double] = [0, 0.02, 0.05, 0.1, 0.2, 0.5]
        public var endedByModel: [Double] = [0, 0.3, 1, 3]
        public var suffixOverlap: [Double] = [0, -0.02, -0.1, -0.5]
        public var bracketImbalance: [Double] = [0, -0.5, -2]
        public var repetition: [Double] = [0, -1, -3]
        public var suffixFit: [Double] = [0, 0.5, 1, 2, 4]
        /// The default grid.
        public init() {}

        /// Every combination, in a fixed order.
        var all: [RankingWeights] {
            var result: [RankingWeights] = []
            for a in meanLogprob { for b in totalLogprob { for c in endedByModel {
                for d in suffixOverlap { for e in bracketImbalance { for f in repetition { for g in suffixFit {
                    result.append(RankingWeights(meanLogprob: a, totalLogprob: b, endedByModel: c,
                                                 suffixOverlap: d, bracketImbalance: e, repetition: f, suffixFit: g))
                } } } }
            } } }
            return result
        }
    }

    /// The number of tasks (each an array of its candidates) whose best-scoring candidate passed under
    /// `weights`. Ties in score go to the earlier candidate, as in `rank`. Tasks without candidates count
    /// as failed.
    public static func passCount(_ tasks: [[Candidate]], weights: RankingWeights) -> Int {
        var passed = 0
        for candidates in tasks {
            var best: Candidate?
            var bestScore = -Double.infinity
            for candidate in candidates {
                let score = weights.score(candidate.features)
                if best == nil || score > bestScore {
                    best = candidate
                    bestScore = score
                }
            }
            if best?.passed == true { passed += 1 }
        }
        return passed
    }

    /// The tasks on which at least one candidate passed: the ceiling any weights can reach.
    public static func oracleCount(_ tasks: [[Candidate]]) -> Int {
        tasks.filter { $0.contains(where: \.passed) }.count
    }

    /// The grid point with the most passing tasks; among equals, the one closest to `preferred` (so the
    /// current default is kept unless something measurably beats it).
    public static func best(_ tasks: [[Candidate]], grid: Grid = Grid(), preferred: RankingWeights = .singleLine) -> (weights: RankingWeights, passed: Int) {
        var best = preferred
        var bestPassed = passCount(tasks, weights: preferred)
        var bestDistance = 0.0
        for weights in grid.all {
            let passed = passCount(tasks, weights: weights)
            let distance = weights.distance(to: preferred)
            if passed > bestPassed || (passed == bestPassed && distance < bestDistance) {
                best = weights
                bestPassed = passed
                bestDistance = distance
            }
        }
        return (best, bestPassed)
    }
}

extension RankingWeights {
    /// Sum of absolute differences, weight by weight.
    func distance(to other: RankingWeights) -> Double {
        abs(meanLogprob - other.meanLogprob) + abs(totalLogprob - other.totalLogprob) + abs(endedByModel - other.endedByModel)
            + abs(suffixOverlap - other.suffixOverlap) + abs(bracketImbalance - other.bracketImbalance) + abs(repetition - other.repetition)
            + abs(suffixFit - other.suffixFit)
    }
}
