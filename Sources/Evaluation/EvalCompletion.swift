import Ranking

/// What the completion engine produced for one task, with the measurements the report needs.
public struct EvalCompletion: Sendable, Codable, Equatable {
    /// The text proposed for the hole.
    public var text: String
    /// Wall-clock seconds from request to final text.
    public var latencySeconds: Double
    /// Tokens in the prompt given to the model.
    public var promptTokenCount: Int
    /// Tokens the model generated.
    public var generatedTokenCount: Int
    /// Whether the model ended the middle itself (an end-of-middle token) rather than being cut by a stop
    /// rule or a length or time budget.
    public var stoppedByItself: Bool
    /// Every candidate the engine ranked (best first, `text` is the first), when recorded with
    /// `infill eval --record-candidates`; each is tested too, so the ranking weights can be chosen by
    /// measurement (`infill eval --tune-ranking`).
    public var alternatives: [EvalAlternative]?
    /// Whether an escalating strategy ran its second strategy (nil in records made before it existed).
    public var escalated: Bool?
    /// Seconds of generation and ranking alone, after the prompt (nil in records made before it existed):
    /// what a strategy costs on top of the prompt, which every strategy processes alike.
    public var generationSeconds: Double?

    /// Creates a completion record.
    public init(text: String, latencySeconds: Double, promptTokenCount: Int, generatedTokenCount: Int,
                stoppedByItself: Bool, alternatives: [EvalAlternative]? = nil, escalated: Bool? = nil,
                generationSeconds: Double? = nil) {
        self.escalated = escalated
        self.generationSeconds = generationSeconds
        self.text = text
        self.latencySeconds = latencySeconds
        self.promptTokenCount = promptTokenCount
        self.generatedTokenCount = generatedTokenCount
        self.stoppedByItself = stoppedByItself
        self.alternatives = alternatives
    }
}

/// One ranked candidate of a task, with what the ranking stage measured and how its tests ended.
public struct EvalAlternative: Sendable, Codable, Equatable {
    /// The candidate's text.
    public var text: String
    /// The score the ranking gave it.
    public var score: Double
    /// The ranking features, when the engine reported them.
    public var features: RankingFeatures?
    /// Whether the tests passed with this candidate (`nil` until tested).
    public var passed: Bool?

    /// Creates an alternative (untested unless `passed` is given).
    public init(text: String, score: Double, features: RankingFeatures?, passed: Bool? = nil) {
        self.text = text
        self.score = score
        self.features = features
        self.passed = passed
    }
}

/// The outcome of one task: the completion, whether it matched the reference exactly, and how its tests ended.
public struct EvalTaskResult: Sendable, Codable, Equatable {
    /// The task's identifier.
    public var taskID: String
    /// The completion, or nil when the engine failed on this task (see `error`).
    public var completion: EvalCompletion?
    /// Whether the completion equals the reference after Python `strip()`.
    public var isExactMatch: Bool
    /// How the tests ended (`failed` when there was no completion).
    public var outcome: EvalTestOutcome
    /// The engine's error for this task, if it threw one.
    public var error: String?

    /// Creates a task result.
    public init(taskID: String, completion: EvalCompletion?, isExactMatch: Bool, outcome: EvalTestOutcome,
                error: String? = nil) {
        self.taskID = taskID
        self.completion = completion
        self.isExactMatch = isExactMatch
        self.outcome = outcome
        self.error = error
    }
}
