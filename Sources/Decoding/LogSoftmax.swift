import Foundation
import Kernels

/// Numerically stable log-softmax and the samplers' distribution shaping.
public enum Distribution {
    /// log Σ exp(l_j): a token's log-probability is l_t − this. Computed with the vectorised
    /// exponential in f32 lanes (one pass over the vocabulary, no copy), which matters because it runs
    /// once per beam per step, on one thread, over the whole vocabulary.
    public static func logNormalizer(_ logits: [Float]) -> Double {
        logits.withUnsafeBufferPointer { Double(VectorOps.logSumExp($0.baseAddress.unsafelyUnwrapped, count: $0.count)) }
    }

    /// log p_i = l_i − log Σ exp(l_j) for every i.
    public static func logSoftmax(_ logits: [Float]) -> [Double] {
        guard !logits.isEmpty else { return [] }
        let normalizer = logNormalizer(logits)
        return logits.map { Double($0) - normalizer }
    }

    /// The index of the largest value not in `banned`.
    /// Ties go to the lowest index.
    public static func argmax(_ values: [Float], banned: Set<Int32> = []) -> Int32 {
        var best = -1
        if banned.isEmpty {   // the usual case: no set lookup per vocabulary entry
            for i in values.indices where best < 0 || values[i] > values[best] { best = i }
            return Int32(max(best, 0))
        }
        for i in values.indices where !banned.contains(Int32(i)) && (best < 0 || values[i] > values[best]) { best = i }
        return Int32(max(best, 0))
    }

    /// The `k` largest indices, largest first (ties in index order).
    public static func topIndices(_ values: [Float], _ k: Int, banned: Set<Int32> = []) -> [Int] {
        guard k > 0 else { return [] }
        var best: [Int] = []
        for i in values.indices where banned.isEmpty || !banned.contains(Int32(i)) {
            if best.count < k || values[i] > values[best[best.count - 1]] {
                let at = best.firstIndex { values[$0] < values[i] } ?? best.count
                best.insert(i, at: at)
                if best.count > k { best.removeLast() }
            }
        }
        return best
    }

    /// Draws one token: repetition penalty, temperature, top-k, top-p and min-p, in that order.
    public static func sample(_ logits: [Float], parameters p: SamplingParameters, history: [Int32], banned: Set<Int32>,
                              using rng: inout SeededGenerator) -> Int32 {
        var l = logits
        if let penalty = p.repetitionPenalty, penalty != 1 {
            for t in Set(history) where Int(t) < l.count {
                l[Int(t)] = l[Int(t)] > 0 ? l[Int(t)] / Float(penalty) : l[Int(t)] * Float(penalty)
            }
        }
        guard p.temperature > 0 else { return argmax(l, banned: banned) }
        let k = min(p.topK ?? 64, 256)
        let candidates = topIndices(l, max(1, k), banned: banned)
        let maximum = Double(l[candidates[0]])
        var weights = candidates.map { exp((Double(l[$0]) - maximum) / p.temperature) }
        let total = weights.reduce(0, +)
        weights = weights.map { $0 / total }
        var keep = candidates.count
        if let topP = p.topP, topP < 1 {
            var cumulative = 0.0
            for (i, w) in weights.enumerated() {
                cumulative += w
                if cumulative >= topP { keep = i + 1; break }
            }
        }
        if let minP = p.minP, minP > 0 {
            let threshold = weights[0] * minP
            keep = min(keep, weights.prefix(keep).filter { $0 >= threshold }.count)
        }
        let kept = weights.prefix(max(1, keep))
        let sum = kept.reduce(0, +)
        var r = Double(rng.next() >> 11) / Double(1 << 53) * sum
        for (i, w) in kept.enumerated() {
            r -= w
            if r <= 0 { return Int32(candidates[i]) }
        }
        return Int32(candidates[kept.count - 1])
    }
}
