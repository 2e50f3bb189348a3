import Ranking
import Decoding
import Languages

/// Everything the engine needs to complete code at one cursor. Wire formats (LSP, the CLI, the eval) are
/// turned into this by their own layers.
public struct CompletionRequest: Sendable {
    /// Identifies the document for the per-document KV cache (an LSP URI, a file path, an eval task id).
    public var documentKey: String
    /// The whole text of the document.
    public var text: String
    /// The cursor, as a UTF-8 byte offset into `text` (clamped to the text).
    public var cursorUTF8Offset: Int
    /// The file's path as shown to the model, when it has one.
    public var filePath: String?
    /// The editor's language id ("python", "swift", ...), when known.
    public var languageID: String?
    /// How the request was triggered, and so how long it may take and how many lines it may fill.
    public var trigger: Trigger
    /// Forces one line or several; nil decides from the cursor's context.
    public var multiline: Bool?

    /// The document's language, by `languageID` or else the file name (`PlainText` when unknown).
    public var language: any Language { Languages.detect(languageID: languageID, filePath: filePath) }

    /// Why a completion is asked for.
    public enum Trigger: String, Sendable, Codable {
        /// While typing: must be fast; one line unless the cursor opens a block.
        case automatic
        /// The user asked: may take longer and return more candidates, several lines allowed.
        case invoked
    }

    /// Creates a request.
    public init(documentKey: String, text: String, cursorUTF8Offset: Int, filePath: String? = nil,
                languageID: String? = nil, trigger: Trigger = .automatic, multiline: Bool? = nil) {
        self.documentKey = documentKey
        self.text = text
        self.cursorUTF8Offset = cursorUTF8Offset
        self.filePath = filePath
        self.languageID = languageID
        self.trigger = trigger
        self.multiline = multiline
    }
}

/// How completions are produced; the daemon's configuration maps onto this.
public struct CompletionSettings: Sendable, Equatable {
    /// Tokens of prefix and suffix together in the prompt.
    public var contextTokens: Int = 1024
    /// Share of the context budget that goes to the prefix first.
    public var prefixShare: Double = 0.75
    /// Most suffix tokens in the prompt of an automatic (typing) request; nil: no limit but the budget.
    /// Each keystroke processes the suffix again (prefix-suffix-middle), so this bounds typing latency:
    /// 128 halves a keystroke's work in the middle of a file for one task of 207 on the 0.5B's single lines
    /// (57.0 against 57.5 %; 64 tokens: 54.1 %), see the README.
    public var automaticSuffixTokens: Int? = 128
    /// Most tokens generated for one line.
    public var maxTokensSingleLine: Int = 64
    /// Most tokens generated for several lines.
    public var maxTokensMultiline: Int = 256
    /// Candidates returned at most.
    public var candidates: Int = 3
    /// Decoding for automatic (while typing) requests: greedy, and beam:2 as well when greedy was unsure
    /// (measured on the 0.5B's single lines: +4.8 points of pass@1 over greedy, escalating on about a
    /// quarter of them, so the median completion costs what greedy costs; see the README).
    public var automaticStrategy: StrategyChoice = .escalating(threshold: StrategyChoice.defaultEscalationThreshold, then: .beam(width: 2))
    /// Decoding for invoked requests.
    public var invokedStrategy: StrategyChoice = .beam(width: 4)
    /// Wall-clock budget of one automatic completion, seconds.
    public var automaticTimeBudget: Double = 5
    /// Wall-clock budget of one invoked completion, seconds.
    public var invokedTimeBudget: Double = 20
    /// Prompt layout for fill-in-the-middle models.
    public var promptOrder: PromptOrder = .prefixSuffixMiddle
    /// Bytes of KV cache kept across documents.
    public var cacheBudgetBytes: Int = 512 << 20
    /// Measure suffix fit for every ranked candidate even when the weights give it no say (the eval's
    /// `--record-candidates`, so that its weight can be tuned). Otherwise it is measured (`SuffixFit`: a
    /// short left-to-right pass per candidate) only when the weights in use count it and there are several
    /// candidates to order, so greedy completions while typing pay nothing.
    public var alwaysMeasureSuffixFit: Bool = false
    /// The language's block rules inside the token loop (`Language.blockRules`; for Python `PythonBlockGuard`:
    /// no suggestion that leaves a header without its body or walks out of a function before writing it).
    public var pythonBlockRules: Bool = true
    /// Answer an automatic request that only types the start of the document's last suggestion with the
    /// rest of it, without the model (`ShownSuggestions`). Invoked requests always run the model.
    public var reusesShownSuggestions: Bool = true
    /// Re-use of the suffix's KV rows across keystrokes (`SuffixRowReuse`; automatic requests by default).
    public var suffixRowReuse = SuffixRowReuse()
    /// How ranking features combine for single-line suggestions (measured defaults: `RankingWeights.singleLine`).
    public var singleLineRankingWeights: RankingWeights = .singleLine
    /// How ranking features combine for multi-line suggestions (measured defaults: `RankingWeights.multiLine`).
    public var multiLineRankingWeights: RankingWeights = .multiLine

    /// Default settings.
    public init() {}
}

/// A decoding strategy as chosen in configuration.
public indirect enum StrategyChoice: Sendable, Equatable, CustomStringConvertible {
    /// One candidate, the most likely token each step.
    case greedy
    /// Beam search with `width` beams.
    case beam(width: Int)
    /// `count` independent samples at `temperature`, then ranked.
    case sample(count: Int, temperature: Double)
    /// Greedy first; when its suggestion's mean token log-probability is below −`threshold` (the model was
    /// unsure), `then` as well, and all candidates ranked together. A confident suggestion costs what
    /// greedy costs; an unsure one pays for a second opinion, where ranking has something to win.
    case escalating(threshold: Double, then: StrategyChoice)

    /// The default threshold of "greedy+…": a mean token log-probability below −0.3 (chosen on the 0.5B's
    /// single-line eval, see the README).
    public static let defaultEscalationThreshold = 0.3

    /// Parses "greedy", "beam", "beam:4", "sample", "sample:6", "sample:6:0.6", and "greedy+S" or
    /// "greedy+S@T" for `escalating(threshold: T, then: S)` (S one of the others but greedy).
    public init?(parsing text: String) {
        let lowered = text.lowercased()
        if lowered.hasPrefix("greedy+") {
            let rest = lowered.dropFirst("greedy+".count)
            let pieces = rest.split(separator: "@", omittingEmptySubsequences: false).map(String.init)
            guard pieces.count <= 2, let then = StrategyChoice(parsing: pieces[0]), then != .greedy else { return nil }
            if case .escalating = then { return nil }
            guard let threshold = pieces.count == 2 ? Double(pieces[1]) : Self.defaultEscalationThreshold,
                  threshold.isFinite, threshold >= 0 else { return nil }
            self = .escalating(threshold: threshold, then: then)
            return
        }
        let parts = lowered.split(separator: ":").map(String.init)
        switch parts.first {
        case "greedy" where parts.count == 1: self = .greedy
        case "beam":
            guard parts.count <= 2, let width = parts.count == 2 ? Int(parts[1]) : 4, (1...16).contains(width) else { return nil }
            self = .beam(width: width)
        case "sample":
            guard parts.count <= 3, let count = parts.count >= 2 ? Int(parts[1]) : 4, (1...32).contains(count),
                  let temperature = parts.count == 3 ? Double(parts[2]) : 0.6, temperature > 0, temperature <= 2 else { return nil }
            self = .sample(count: count, temperature: temperature)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .greedy: return "greedy"
        case .beam(let width): return "beam:\(width)"
        case .sample(let count, let temperature): return "sample:\(count):\(temperature)"
        case .escalating(let threshold, let then): return "greedy+\(then)@\(threshold)"
        }
    }
}

/// One suggestion, best first in a response.
public struct CompletionCandidate: Sendable, Equatable {
    /// Text to insert at the cursor.
    public var text: String
    /// Ranking score (higher is better).
    public var score: Double
    /// Whether the model ended the text itself (end token) rather than a stop rule or limit.
    public var endedByModel: Bool
    /// What the ranking stage measured (recorded by `infill eval` to choose the ranking weights).
    public var features: RankingFeatures? = nil

    /// A candidate.
    public init(text: String, score: Double, endedByModel: Bool, features: RankingFeatures? = nil) {
        self.text = text
        self.score = score
        self.endedByModel = endedByModel
        self.features = features
    }
}

/// The answer to a request, with what it cost.
public struct CompletionResponse: Sendable {
    /// Candidates, best first (empty when nothing useful was produced).
    public var candidates: [CompletionCandidate]
    /// Tokens in the prompt.
    public var promptTokens: Int
    /// Prompt tokens found in the document's KV cache (not processed again).
    public var reusedPromptTokens: Int
    /// Tokens generated over all candidates.
    public var generatedTokens: Int
    /// Seconds spent processing the prompt.
    public var promptSeconds: Double
    /// Seconds spent generating and ranking.
    public var generationSeconds: Double
    /// Whether several lines were allowed.
    public var multiline: Bool
    /// Whether the request was cancelled before it finished.
    public var cancelled: Bool
    /// Whether an escalating strategy ran its second strategy (the greedy suggestion was unsure).
    public var escalated: Bool = false
    /// Whether the answer is the rest of the document's previous suggestions, which the user had started to
    /// type (no model work; see `CompletionSettings.reusesShownSuggestions`).
    public var reusedShownSuggestion: Bool = false

    /// A response.
    public init(candidates: [CompletionCandidate], promptTokens: Int, reusedPromptTokens: Int, generatedTokens: Int,
                promptSeconds: Double, generationSeconds: Double, multiline: Bool, cancelled: Bool, escalated: Bool = false,
                reusedShownSuggestion: Bool = false) {
        self.candidates = candidates
        self.promptTokens = promptTokens
        self.reusedPromptTokens = reusedPromptTokens
        self.generatedTokens = generatedTokens
        self.promptSeconds = promptSeconds
        self.generationSeconds = generationSeconds
        self.multiline = multiline
        self.cancelled = cancelled
        self.escalated = escalated
        self.reusedShownSuggestion = reusedShownSuggestion
    }
}
