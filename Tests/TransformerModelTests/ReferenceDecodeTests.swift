import Foundation
import GGUF
import Kernels
import TestSupport
import Tokenizer
import Transformer
import XCTest

/// Holds the forward pass to llama.cpp's golden greedy decodes, teacher-forced: step i is the distribution
/// after `prompt + tokens[..<i]`. Tolerances are the ones Tests/Fixtures/reference/README.md derives for an
/// implementation that is not bit-identical to ggml (caveat 4), and greedy agreement is required except at
/// its listed near-tie steps (margin < 0.3, caveat 3).
final class ReferenceDecodeTests: XCTestCase {
    func testQwen05BAgreesWithLlamaCpp() throws {
        try checkModel(catalogName: "qwen2.5-coder-0.5b", referenceName: "qwen2.5-coder-0.5b")
    }

    func testSmolLM2AgreesWithLlamaCpp() throws {
        try checkModel(catalogName: "smollm2-135m", referenceName: "smollm2-135m")
    }

    /// The 1.5B is large for CI; it runs when INFILL_TEST_LARGE=1 (done by hand before resolving the issue).
    func testQwen15BAgreesWithLlamaCpp() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["INFILL_TEST_LARGE"] == "1", "set INFILL_TEST_LARGE=1 to run the 1.5B check")
        try checkModel(catalogName: "qwen2.5-coder-1.5b", referenceName: "qwen2.5-coder-1.5b")
    }

    private func checkModel(catalogName: String, referenceName: String) throws {
        let model = try TestModel(path: try TestModels.path(catalogName))
        let cases = try ReferenceCase.all(model: referenceName)
        XCTAssertEqual(cases.count, 6, "expected six reference cases for \(referenceName)")
        for reference in cases {
            try check(reference, model: model, stepByStep: false)
            try check(reference, model: model, stepByStep: true)
        }
    }

    /// The pieces of a model these tests need (the Completion layer's LoadedModel is above this module).
    private struct TestModel {
        let tokenizer: Tokenizer
        let transformer: Transformer
        let pool = ThreadPool(threadCount: ProcessInfo.processInfo.activeProcessorCount)

        init(path: String) throws {
            let file = try GGUFFile(contentsOf: path)
            tokenizer = try Tokenizer(gguf: file)
            transformer = try Transformer(file: file)
        }
    }

    /// `stepByStep` feeds the reference tokens one `forward` call each, as generation does (matrix-vector
    /// kernels, single-query attention); otherwise they go in one batched `forwardAll` (matrix-matrix
    /// kernels, blocked attention). Both paths are held to the same golden data.
    private func check(_ reference: ReferenceCase, model: TestModel, stepByStep: Bool) throws {
        let label = "\(reference.model) \(reference.case)\(stepByStep ? " (step by step)" : "")"
        let ids = model.tokenizer.encode(reference.prompt, parseSpecial: true)
        XCTAssertEqual(ids, reference.prompt_tokens, "\(label): prompt ids differ from llama.cpp's")
        XCTAssertEqual(model.tokenizer.endOfGenerationTokens, Set(reference.eog_token_ids), "\(label): end-of-generation set")

        let cache = model.transformer.makeCache(maximumLength: ids.count + reference.tokens.count + 1)
        let first = try model.transformer.evaluate(reference.prompt_tokens, cache: cache, pool: model.pool)
        let fed = Array(reference.tokens.dropLast())
        let rest = stepByStep
            ? try fed.map { try model.transformer.forward([$0], cache: cache, pool: model.pool) }
            : try model.transformer.forwardAll(fed, cache: cache, pool: model.pool)
        let distributions = [first] + rest
        let eog = Set(reference.eog_token_ids)
        // Tests/Fixtures/reference/README.md, caveat 3: one greedy flip outside the loose near-ties is documented
        // between correct implementations, SmolLM2 prefix-python step 16 (margin 0.81), seen with llama.cpp's
        // flash attention, which combines attention over chunks of positions as our single-query path does.
        let documentedFlips: Set<Int> = reference.model == "smollm2-135m" && reference.case == "prefix-python" ? [16] : []
        let nearTies = Set(reference.near_tie_steps_loose).union(documentedFlips)

        var totalDelta = 0.0
        var entries = 0
        var worst = (delta: 0.0, step: 0, id: Int32(0))
        for (step, logits) in distributions.enumerated() {
            let ours = LogProbabilities(logits: logits)
            let expected = reference.completion_probabilities[step]
            if !nearTies.contains(step) {
                XCTAssertEqual(ours.argmax(excluding: eog), reference.tokens[step], "\(label) step \(step): greedy token differs")
            }
            let top40 = Set(ours.top(40).map(\.id))
            for entry in expected.top_logprobs {
                let delta = abs(Double(ours.values[Int(entry.id)]) - entry.logprob)
                let tolerance = entry.logprob >= -1 ? 0.5 : entry.logprob >= -3 ? 0.75 : 1.25
                XCTAssertLessThanOrEqual(delta, tolerance, "\(label) step \(step) token \(entry.id): logprob \(ours.values[Int(entry.id)]) vs \(entry.logprob)")
                XCTAssertTrue(top40.contains(entry.id), "\(label) step \(step): reference top-10 token \(entry.id) not in our top 40")
                totalDelta += delta
                entries += 1
                if delta > worst.delta { worst = (delta, step, entry.id) }
            }
        }
        let mean = totalDelta / Double(max(entries, 1))
        XCTAssertLessThanOrEqual(mean, 0.2, "\(label): mean |Δlogprob| over the top-10 entries")
        // One line per case, for the issue notes.
        FileHandle.standardError.write(Data("reference \(label): mean |Δ| \(String(format: "%.4f", mean)), max |Δ| \(String(format: "%.4f", worst.delta)) at step \(worst.step)\n".utf8))
    }
}
