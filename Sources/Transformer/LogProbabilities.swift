import Foundation

/// Log-probabilities of a full next-token distribution, computed stably (max-subtracted, summed in Double).
public struct LogProbabilities: Sendable {
    /// log p for every token of the vocabulary.
    public let values: [Float]

    /// Converts raw logits into log-probabilities over the whole vocabulary.
    public init(logits: [Float]) {
        let maximum = logits.max() ?? 0
        var sum = 0.0
        for l in logits { sum += exp(Double(l - maximum)) }
        let logSum = log(sum)
        values = logits.map { Float(Double($0 - maximum) - logSum) }
    }

    /// The `k` most likely tokens, most likely first (ties by lower id).
    public func top(_ k: Int) -> [(id: Int32, logprob: Float)] {
        guard k > 0 else { return [] }
        var best: [(id: Int32, logprob: Float)] = []
        best.reserveCapacity(k + 1)
        for (i, v) in values.enumerated() where best.count < k || v > best[best.count - 1].logprob {
            let entry = (id: Int32(i), logprob: v)
            let at = best.firstIndex { $0.logprob < v } ?? best.count
            best.insert(entry, at: at)
            if best.count > k { best.removeLast() }
        }
        return best
    }

    /// The most likely token that is not in `excluded`.
    public func argmax(excluding excluded: Set<Int32> = []) -> Int32 {
        var bestID: Int32 = 0
        var bestValue = -Float.infinity
        for (i, v) in values.enumerated() where v > bestValue && !excluded.contains(Int32(i)) {
            bestID = Int32(i)
            bestValue = v
        }
        return bestID
    }
}

extension LogProbabilities {
    /// The index of the largest logit (the greedy choice), without building the distribution.
    public static func argmax(_ logits: [Float]) -> Int32 {
        var best = 0
        for i in logits.indices where logits[i] > logits[best] { best = i }
        return Int32(best)
    }
}
