import Foundation
import Ranking

/// Stage 5 of a completion: the ranked suggestions as the response, each with the line ending the cursor's
/// position needs, and what the work cost.
public struct CompletionReply {
    /// Where the suggestion goes.
    public let cursor: CursorContext
    /// Whether several lines were allowed.
    public let multiline: Bool

    /// A reply stage.
    public init(cursor: CursorContext, multiline: Bool) {
        self.cursor = cursor
        self.multiline = multiline
    }

    /// The response for `ranked`.
    public func response(_ ranked: [RankedCompletion], promptTokens: Int, reusedPromptTokens: Int, generatedTokens: Int,
                  promptSeconds: Double, generationSeconds: Double, cancelled: Bool, escalated: Bool) -> CompletionResponse {
        let lineEnd = LineEnding(cursor: cursor)
        return CompletionResponse(
            candidates: ranked.map { CompletionCandidate(text: lineEnd.apply(to: $0.text), score: $0.score, endedByModel: $0.endedByModel, features: $0.features) },
            promptTokens: promptTokens, reusedPromptTokens: reusedPromptTokens, generatedTokens: generatedTokens,
            promptSeconds: promptSeconds, generationSeconds: generationSeconds, multiline: multiline, cancelled: cancelled,
            escalated: escalated)
    }

    /// The response of a request cancelled while its prompt was processed.
    public func cancelled(promptTokens: Int, reusedPromptTokens: Int, promptSeconds: Double) -> CompletionResponse {
        CompletionResponse(candidates: [], promptTokens: promptTokens, reusedPromptTokens: reusedPromptTokens,
                           generatedTokens: 0, promptSeconds: promptSeconds, generationSeconds: 0,
                           multiline: multiline, cancelled: true)
    }
}
