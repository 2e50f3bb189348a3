import Completion
import Foundation
import GGUF
import TestSupport
import Tokenizer
import XCTest

/// Prompts built from the model's own special tokens, and the engine's per-document KV-cache reuse, on the
/// real 0.5B model.
final class PromptAndEngineTests: XCTestCase {
    private static let model = Result { try LoadedModel(path: TestModels.path("qwen2.5-coder-0.5b"), threads: 2) }

    private func loaded() throws -> LoadedModel {
        try Self.model.get()
    }

    func testPrefixSuffixMiddleUsesTheVocabularysMarkers() throws {
        let tokenizer = try loaded().tokenizer
        let builder = PromptBuilder(tokenizer: tokenizer, order: .prefixSuffixMiddle)
        XCTAssertEqual(builder.template?.family, "qwen2.5-coder")
        let window = ContextWindow(text: "a = 1\nb = \nc = 3\n", cursorUTF8Offset: 10, budget: .init(tokens: 100), countTokens: { _ in 1 })
        let prompt = builder.build(window: window, filePath: "x.py")
        // Ids from Tests/Fixtures/models/README.md: <|fim_prefix|> 151659, <|fim_suffix|> 151661, <|fim_middle|> 151660.
        XCTAssertEqual(prompt.tokens.first, 151659)
        XCTAssertEqual(prompt.tokens.last, 151660)
        XCTAssertTrue(prompt.tokens.contains(151661))
        XCTAssertEqual(prompt.tokens, [151659] + tokenizer.encode("a = 1\nb = ", parseSpecial: false) + [151661]
                       + tokenizer.encode("\nc = 3\n", parseSpecial: false) + [151660])
    }

    func testSuffixPrefixMiddleKeepsTheCursorAtTheEnd() throws {
        let tokenizer = try loaded().tokenizer
        let builder = PromptBuilder(tokenizer: tokenizer, order: .suffixPrefixMiddle)
        let window = ContextWindow(text: "a = 1\nb = \n", cursorUTF8Offset: 10, budget: .init(tokens: 100), countTokens: { _ in 1 })
        let prompt = builder.build(window: window, filePath: nil)
        XCTAssertEqual(prompt.tokens.first, 151661)
        XCTAssertEqual(Array(prompt.tokens.suffix(1)), [151660])
        let prefixTokens = tokenizer.encode("a = 1\nb = ", parseSpecial: false)
        XCTAssertEqual(Array(prompt.tokens.dropLast().suffix(prefixTokens.count + 1)), [151659] + prefixTokens)
    }

    func testOtherFilesGoFirstWithRepositoryMarkers() throws {
        let tokenizer = try loaded().tokenizer
        let builder = PromptBuilder(tokenizer: tokenizer)
        let window = ContextWindow(text: "x = helper()\n", cursorUTF8Offset: 4, budget: .init(tokens: 100), countTokens: { _ in 1 })
        let prompt = builder.build(window: window, filePath: "main.py", otherFiles: [ContextFile(path: "util.py", text: "def helper():\n    return 1\n")])
        // <|repo_name|> 151663, <|file_sep|> 151664 (Tests/Fixtures/models/README.md).
        XCTAssertEqual(prompt.tokens.first, 151663)
        XCTAssertEqual(prompt.tokens.filter { $0 == 151664 }.count, 2, "one separator per file")
        XCTAssertEqual(prompt.tokens.last, 151660)
    }

    func testCodeThatContainsMarkerTextStaysPlain() throws {
        let tokenizer = try loaded().tokenizer
        let builder = PromptBuilder(tokenizer: tokenizer)
        let text = "s = '<|fim_middle|>'\n"
        let window = ContextWindow(text: text, cursorUTF8Offset: text.utf8.count, budget: .init(tokens: 100), countTokens: { _ in 1 })
        let prompt = builder.build(window: window, filePath: nil)
        XCTAssertEqual(prompt.tokens.filter { $0 == 151660 }.count, 1, "only the real middle marker is special")
    }

    func testSecondRequestAfterTypingReusesTheCache() throws {
        let model = try loaded()
        var settings = CompletionSettings()
        settings.promptOrder = .suffixPrefixMiddle
        settings.maxTokensSingleLine = 8
        settings.reusesShownSuggestions = false   // the typed space may start the suggestion: make the model run
        let engine = CompletionEngine(model: model, settings: settings)
        let head = (0..<30).map { "def f\($0)(x):\n    return x + \($0)\n\n" }.joined()
        let first = head + "def add(a, b):\n    return a"
        let tail = "\n\nprint(add(1, 2))\n"
        let r1 = try engine.complete(CompletionRequest(documentKey: "doc", text: first + tail, cursorUTF8Offset: first.utf8.count, filePath: "a.py"))
        let second = first + " "
        let r2 = try engine.complete(CompletionRequest(documentKey: "doc", text: second + tail, cursorUTF8Offset: second.utf8.count, filePath: "a.py"))
        XCTAssertGreaterThan(r1.promptTokens, 300)
        XCTAssertLessThan(r1.reusedPromptTokens, 5, "nothing cached before the first request")
        XCTAssertGreaterThanOrEqual(r2.reusedPromptTokens, r2.promptTokens - 4, "only the typed tail is processed again")
        // Another document does not reuse this one's cache.
        let r3 = try engine.complete(CompletionRequest(documentKey: "other", text: second + tail, cursorUTF8Offset: second.utf8.count, filePath: "a.py"))
        XCTAssertLessThan(r3.reusedPromptTokens, 5)
    }

    /// Typing the first characters of the suggestion on screen is answered with the rest of it at once; an
    /// invoked request, or the same keystroke with the reuse turned off, runs the model.
    func testTypingThroughTheSuggestionIsAnsweredWithoutTheModel() throws {
        let model = try loaded()
        let engine = CompletionEngine(model: model, settings: CompletionSettings())
        let prefix = "def mean(values):\n    if not values:\n        return 0.0\n    "
        let suffix = "\n\nprint(mean([1, 2, 3]))\n"
        let first = try engine.complete(CompletionRequest(documentKey: "mean.py", text: prefix + suffix, cursorUTF8Offset: prefix.utf8.count,
                                                          filePath: "mean.py", languageID: "python"))
        let suggestion = try XCTUnwrap(first.candidates.first?.text)
        XCTAssertGreaterThan(suggestion.count, 4, suggestion)
        let typed = String(suggestion.prefix(2))
        let request = CompletionRequest(documentKey: "mean.py", text: prefix + typed + suffix, cursorUTF8Offset: (prefix + typed).utf8.count,
                                        filePath: "mean.py", languageID: "python")
        let through = try engine.complete(request)
        XCTAssertTrue(through.reusedShownSuggestion)
        XCTAssertEqual(through.generatedTokens, 0)
        XCTAssertEqual(through.candidates.first?.text, String(suggestion.dropFirst(2)))
        // The daemon's fast path (no waiting, no settings) answers the next typed character the same way.
        let three = String(suggestion.prefix(3))
        let next = CompletionRequest(documentKey: "mean.py", text: prefix + three + suffix, cursorUTF8Offset: (prefix + three).utf8.count,
                                     filePath: "mean.py", languageID: "python")
        var invokedNext = next
        invokedNext.trigger = .invoked
        XCTAssertNil(engine.replyFromShownSuggestions(invokedNext))
        XCTAssertEqual(engine.replyFromShownSuggestions(next)?.candidates.first?.text, String(suggestion.dropFirst(3)))
        var invoked = request
        invoked.trigger = .invoked
        XCTAssertFalse(try engine.complete(invoked).reusedShownSuggestion, "an invoked request runs the model")
        // The invoked answer is now the one on screen; with reuse off the model runs for the keystroke too.
        engine.settings.reusesShownSuggestions = false
        let off = try engine.complete(request)
        XCTAssertFalse(off.reusedShownSuggestion)
        XCTAssertGreaterThan(off.generatedTokens, 0)
    }

    func testCompletesAFunctionBody() throws {
        let engine = CompletionEngine(model: try loaded())
        let prefix = "def add(a, b):\n    \"\"\"Return the sum of a and b.\"\"\"\n    return "
        let response = try engine.complete(CompletionRequest(documentKey: "add", text: prefix + "\n", cursorUTF8Offset: prefix.utf8.count, filePath: "add.py", languageID: "python"))
        let best = try XCTUnwrap(response.candidates.first?.text)
        XCTAssertEqual(best.replacingOccurrences(of: " ", with: ""), "a+b")
        XCTAssertFalse(response.multiline)
    }
}
