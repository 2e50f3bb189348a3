import Completion
import Foundation
import Kernels
import Ranking
import TestSupport
import Tokenizer
import Transformer
import XCTest

/// The suffix-fit ranking feature: what part of the suffix is scored, that prefix-suffix-middle prompts
/// expose their prefix rows, and that the score prefers the candidate the following code depends on.
final class SuffixFitTests: XCTestCase {
    private static let model = Result { try LoadedModel(path: TestModels.path("qwen2.5-coder-0.5b"), threads: 2) }

    func testProbeIsTheRestOfTheLineAndTwoNonBlankLines() {
        XCTAssertEqual(SuffixFit.probe(suffix: ")\n\n    return x\n    y = 2\n"), ")\n\n    return x\n")
        XCTAssertEqual(SuffixFit.probe(suffix: "\n    return x\n    y = 2\n    z = 3\n"), "\n    return x\n    y = 2\n")
        XCTAssertEqual(SuffixFit.probe(suffix: "x"), "x", "a last line without a line break")
        XCTAssertNil(SuffixFit.probe(suffix: " \n\n\t\n"), "nothing but white space")
        XCTAssertNil(SuffixFit.probe(suffix: ""))
    }

    func testPrefixSuffixMiddlePromptsExposeThePrefixRows() throws {
        let tokenizer = try Self.model.get().tokenizer
        let window = ContextWindow(text: "a = 1\nb = \nc = 3\n", cursorUTF8Offset: 10, budget: .init(tokens: 100), countTokens: { _ in 1 })
        let psm = PromptBuilder(tokenizer: tokenizer, order: .prefixSuffixMiddle).build(window: window, filePath: nil)
        let prefixTokens = tokenizer.encode("a = 1\nb = ", parseSpecial: false)
        XCTAssertEqual(psm.prefixEnd, 1 + prefixTokens.count)
        XCTAssertEqual(Array(psm.tokens[1..<(psm.prefixEnd ?? 0)]), prefixTokens)
        XCTAssertNil(PromptBuilder(tokenizer: tokenizer, order: .suffixPrefixMiddle).build(window: window, filePath: nil).prefixEnd,
                     "suffix first: the prefix rows are not a prefix of the prompt")
    }

    func testTheCandidateTheSuffixDependsOnFitsBetter() throws {
        let model = try Self.model.get()
        let text = "def area(width, height):\n    \n    return result\n"
        let cursor = "def area(width, height):\n    ".utf8.count
        let window = ContextWindow(text: text, cursorUTF8Offset: cursor, budget: .init(tokens: 200), countTokens: { _ in 1 })
        let prompt = PromptBuilder(tokenizer: model.tokenizer).build(window: window, filePath: "area.py")
        let cache = model.transformer.makeCache(maximumLength: 512)
        _ = try model.transformer.evaluate(prompt.tokens, cache: cache, pool: model.pool)
        let probe = try XCTUnwrap(SuffixFit.probe(suffix: window.suffix))
        let fits = SuffixFit.scores(["result = width * height", "return width * height"], probe: probe, cache: cache,
                                    prefixEnd: try XCTUnwrap(prompt.prefixEnd), transformer: model.transformer, pool: model.pool,
                                    tokenizer: model.tokenizer, isCancelled: { false })
        let defining = try XCTUnwrap(fits[0]), returning = try XCTUnwrap(fits[1])
        XCTAssertGreaterThan(defining, returning, "'return result' reads better after the line that defines result")
        XCTAssertEqual(cache.count, prompt.tokens.count, "scoring leaves the document's cache as it was")
    }

    func testTheEngineMeasuresSuffixFitWhenItCountsOrWhenAsked() throws {
        var settings = CompletionSettings()
        settings.invokedStrategy = .sample(count: 6, temperature: 1.0)   // seeded: diverse but reproducible
        settings.candidates = 6
        settings.maxTokensMultiline = 24
        settings.maxTokensSingleLine = 24
        // An open spot: many different lines could define `files`.
        let prefix = "import os\n\n\ndef list_python_files(folder):\n    "
        let suffix = "\n    return files\n"
        let request = CompletionRequest(documentKey: "files", text: prefix + suffix, cursorUTF8Offset: prefix.utf8.count,
                                        filePath: "files.py", languageID: "python", trigger: .invoked)

        // Weights without suffix fit: nothing is measured unless asked (the eval's --record-candidates).
        settings.singleLineRankingWeights.suffixFit = 0
        settings.multiLineRankingWeights.suffixFit = 0
        let unweighted = try CompletionEngine(model: try Self.model.get(), settings: settings).complete(request)
        XCTAssertGreaterThan(unweighted.candidates.count, 1)
        XCTAssertTrue(unweighted.candidates.allSatisfy { $0.features?.suffixFit == nil }, "measured although it does not count")

        settings.alwaysMeasureSuffixFit = true
        let recorded = try CompletionEngine(model: try Self.model.get(), settings: settings).complete(request)
        XCTAssertGreaterThan(recorded.candidates.count, 1)
        XCTAssertTrue(recorded.candidates.allSatisfy { $0.features?.suffixFit != nil }, "every ranked candidate was scored")

        // The default weights count it: measured without being asked.
        var defaults = CompletionSettings()
        defaults.invokedStrategy = settings.invokedStrategy
        defaults.candidates = 6
        defaults.maxTokensMultiline = 24
        defaults.maxTokensSingleLine = 24
        let byDefault = try CompletionEngine(model: try Self.model.get(), settings: defaults).complete(request)
        if RankingWeights.measured(multiLine: byDefault.multiline).suffixFit != 0 {
            XCTAssertTrue(byDefault.candidates.allSatisfy { $0.features?.suffixFit != nil })
        } else {
            XCTAssertTrue(byDefault.candidates.allSatisfy { $0.features?.suffixFit == nil })
        }
    }
}
