import Foundation

/// Parameters of sampled decoding.
public struct SamplingParameters: Sendable, Equatable {
    public var temperature: Double
    public var topK: Int?
    public var topP: Double?
    public var minP: Double?
    public var repetitionPenalty: Double?
    /// The first of the n candidates takes the most likely token at every step (the greedy path) and the
    /// others sample, so a ranked set of samples always contains what greedy decoding would have said.
    public var greedyFirst: Bool

    public init(temperature: Double = 0.6, topK: Int? = 40, topP: Double? = 0.95, minP: Double? = 0.05, repetitionPenalty: Double? = nil,
                greedyFirst: Bool = false) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.minP = minP
        self.repetitionPenalty = repetitionPenalty
        self.greedyFirst = greedyFirst
    }
}

/// How candidates are produced.
public enum DecodingStrategy: Sendable, Equatable {
    /// The most likely token at each step: one candidate.
    case greedy
    /// `count` independent samples, stepped together as one batch.
    case sampling(SamplingParameters, count: Int, seed: UInt64)
    /// Beam search with `width` beams; finished beams compare by Σ logprob / length^lengthPenalty.
    case beamSearch(width: Int, lengthPenalty: Double)
}

/// Limits on one decoding run.
public struct DecodingLimits: Sendable {
    public var maxTokens: Int
    /// Absolute deadline in `Date.timeIntervalSinceReferenceDate` seconds.
    public var deadline: Double?

    public init(maxTokens: Int, deadline: Double? = nil) {
        self.maxTokens = maxTokens
        self.deadline = deadline
    }
}

/// Why a candidate ended.
public enum FinishReason: Sendable, Equatable {
    case endToken
    case stopRule(String)
    case maxTokens
    case deadline
    case cancelled
}

/// One generated continuation.
public struct Candidate: Sendable {
    public var tokens: [Int32]
    /// The accepted text (what the stop rules kept).
    public var text: String
    /// Log-probability of each token under the raw distribution.
    public var tokenLogprobs: [Double]
    public var finish: FinishReason
    /// Whether the model ended the text itself with an end token.
    public var endedByModel: Bool
    /// Whether the text breaks a language rule of the stop rules (`BlockRules`), which the decoder
    /// could not steer around; the engine prefers candidates that do not.
    public var violatesLanguageRules: Bool

    public init(tokens: [Int32], text: String, tokenLogprobs: [Double], finish: FinishReason, endedByModel: Bool,
                violatesLanguageRules: Bool = false) {
        self.tokens = tokens
        self.text = text
        self.tokenLogprobs = tokenLogprobs
        self.finish = finish
        self.endedByModel = endedByModel
        self.violatesLanguageRules = violatesLanguageRules
    }

    /// Whether the candidate can be offered: it has text other than whitespace and keeps the language's
    /// rules. Ranking drops blank candidates and keeps rule-breaking ones only when nothing else is left.
    public var isUsable: Bool {
        !violatesLanguageRules && Self.hasText(text)
    }

    /// Whether `text` has anything but white space.
    public static func hasText(_ text: String) -> Bool {
        text.contains { !$0.isWhitespace }
    }
}

/// A small seeded generator (SplitMix64) so that sampled results are reproducible.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
