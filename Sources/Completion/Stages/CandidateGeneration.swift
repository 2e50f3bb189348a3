import Decoding
import Foundation

/// Stage 3 of a completion: candidates from the model after the prompt, with the stop rules applied inside
/// the token loop and an escalating strategy's second opinion when greedy was unsure.
public struct CandidateGeneration {
    /// The rules that end and steer a candidate.
    public let stopRules: StopRules
    /// Tokens that end a candidate.
    public let endTokens: Set<Int32>
    /// Token and time limits.
    public let limits: DecodingLimits
    /// The bytes of a token's text.
    public let tokenText: (Int32) -> [UInt8]

    /// A generation stage.
    public init(stopRules: StopRules, endTokens: Set<Int32>, limits: DecodingLimits, tokenText: @escaping (Int32) -> [UInt8]) {
        self.stopRules = stopRules
        self.endTokens = endTokens
        self.limits = limits
        self.tokenText = tokenText
    }

    /// What a run produced.
    public struct Result {
        /// A result.
        public init(generated: [Candidate], escalated: Bool) {
            self.generated = generated
            self.escalated = escalated
        }

        /// Every candidate generated, in the strategy's order.
        public var generated: [Candidate]
        /// Whether an escalating strategy ran its second strategy.
        public var escalated: Bool
        /// The candidates to rank: those that keep the language's block rules, or all when none does.
        public var valid: [Candidate] {
            let keeping = generated.filter { !$0.violatesLanguageRules }
            return keeping.isEmpty ? generated : keeping
        }
        /// Tokens generated over all candidates.
        public var tokenCount: Int { generated.reduce(0) { $0 + $1.tokens.count } }
    }

    /// Runs `choice` on `model`.
    public func run(_ choice: StrategyChoice, on model: BranchingLanguageModel, isCancelled: () -> Bool) throws -> Result {
        func generate(_ choice: StrategyChoice) throws -> [Candidate] {
            try generateCandidates(model: model, strategy: CompletionEngine.decodingStrategy(choice), limits: limits,
                                   endTokens: endTokens, stopRules: stopRules, tokenText: tokenText, isCancelled: isCancelled)
        }
        guard case .escalating(let threshold, let then) = choice else {
            return Result(generated: try generate(choice), escalated: false)
        }
        // Greedy first; a second opinion only when the model was unsure of it.
        var candidates = try generate(.greedy)
        guard CompletionEngine.isUnsure(candidates, threshold: threshold) && !isCancelled() else {
            return Result(generated: candidates, escalated: false)
        }
        candidates += try generate(then)
        return Result(generated: candidates, escalated: true)
    }

    /// The strategy to try when every candidate of `choice` came out empty after the stop rules and cleaning:
    /// a beam twice as wide (at least 4), whose blank finishes do not take a live beam's place.
    public static func fallback(after choice: StrategyChoice) -> StrategyChoice {
        switch choice {
        case .beam(let width): return .beam(width: min(16, max(4, width * 2)))
        case .escalating(_, .beam(let width)): return .beam(width: min(16, max(4, width * 2)))
        default: return .beam(width: 4)
        }
    }
}
