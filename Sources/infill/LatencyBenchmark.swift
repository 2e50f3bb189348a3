import Completion
import Foundation

/// `infill bench --latency FILE:LINE:COLUMN`: how long a completion takes through the daemon's engine,
/// cold (nothing cached) and again after one typed character (the document's KV cache reused); and how
/// long the answer takes when that character is the start of the suggestion and the engine answers with
/// the rest of it (`CompletionSettings.reusesShownSuggestions`).
enum LatencyBenchmark {
    struct Result: Codable {
        var file: String
        var promptOrder: String
        var coldSeconds: Double
        var coldPromptTokens: Int
        var afterTypingSeconds: Double
        var afterTypingPromptTokens: Int
        var afterTypingReusedTokens: Int
        var afterTypingProcessedTokens: Int
        /// Seconds to answer a keystroke that types the suggestion's first character, from the shown
        /// suggestion (nil when the engine ran the model instead: no suggestion to type through).
        var typingThroughSeconds: Double?

        enum CodingKeys: String, CodingKey {
            case file
            case promptOrder = "prompt_order"
            case coldSeconds = "cold_seconds"
            case coldPromptTokens = "cold_prompt_tokens"
            case afterTypingSeconds = "after_typing_seconds"
            case afterTypingPromptTokens = "after_typing_prompt_tokens"
            case afterTypingReusedTokens = "after_typing_reused_tokens"
            case afterTypingProcessedTokens = "after_typing_processed_tokens"
            case typingThroughSeconds = "typing_through_seconds"
        }
    }

    /// The file named by a `FILE:LINE:COLUMN` target, its text, and the cursor's UTF-8 offset in it. With
    /// `clearingLine`, the rest of the cursor's line is removed from the text (the line the user is about
    /// to write), so an existing file serves as a spot with a whole line to fill.
    static func load(_ target: String, clearingLine: Bool = false) throws -> (path: String, text: String, offset: Int) {
        let (path, line, column) = try CompleteCommand.parseTarget(target)
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw CommandError("cannot read '\(path)' as UTF-8")
        }
        let offset = try CompleteCommand.utf8Offset(in: text, line: line, column: column)
        guard clearingLine else { return (path, text, offset) }
        let bytes = Array(text.utf8)
        let lineEnd = bytes[offset...].firstIndex(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) ?? bytes.count
        return (path, String(decoding: bytes[..<offset] + bytes[lineEnd...], as: UTF8.self), offset)
    }

    /// `text` with `typed` inserted at the UTF-8 `offset` (the keystroke both latency modes time).
    static func typing(_ typed: String, into text: String, at offset: Int) -> String {
        let bytes = Array(text.utf8)
        return String(decoding: bytes[..<offset] + Array(typed.utf8) + bytes[offset...], as: UTF8.self)
    }

    static func run(target: String, model: LoadedModel, orders: [PromptOrder], clearingLine: Bool,
                    settings base: CompletionSettings = CompletionSettings()) throws -> [Result] {
        let (path, text, offset) = try load(target, clearingLine: clearingLine)
        var results: [Result] = []
        for order in orders {
            var settings = base
            settings.promptOrder = order
            settings.reusesShownSuggestions = false   // the keystroke below times the model's work
            let engine = CompletionEngine(model: model, settings: settings)
            let name = URL(fileURLWithPath: path).lastPathComponent
            let language = LanguageGuess.languageID(forPath: path)
            let coldRequest = CompletionRequest(documentKey: path, text: text, cursorUTF8Offset: offset, filePath: name, languageID: language)
            var start = Date()
            let cold = try engine.complete(coldRequest)
            let coldSeconds = Date().timeIntervalSince(start)
            // The user types the first character of the suggestion (a space when there was none).
            let typed = cold.candidates.first?.text.first.map(String.init) ?? " "
            let typedRequest = CompletionRequest(documentKey: path, text: typing(typed, into: text, at: offset),
                                                 cursorUTF8Offset: offset + typed.utf8.count, filePath: name, languageID: language)
            start = Date()
            let warm = try engine.complete(typedRequest)
            let warmSeconds = Date().timeIntervalSince(start)
            // The same keystroke once more, answered from the suggestion on screen.
            engine.settings.reusesShownSuggestions = true
            _ = try engine.complete(coldRequest)
            start = Date()
            let through = try engine.complete(typedRequest)
            let throughSeconds = Date().timeIntervalSince(start)
            results.append(Result(file: name, promptOrder: order.rawValue, coldSeconds: coldSeconds, coldPromptTokens: cold.promptTokens,
                                  afterTypingSeconds: warmSeconds, afterTypingPromptTokens: warm.promptTokens,
                                  afterTypingReusedTokens: warm.reusedPromptTokens,
                                  afterTypingProcessedTokens: warm.promptTokens - warm.reusedPromptTokens,
                                  typingThroughSeconds: through.reusedShownSuggestion ? throughSeconds : nil))
        }
        return results
    }
}
