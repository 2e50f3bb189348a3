import Foundation
import Kernels
import TestSupport
import Transformer
import XCTest

/// Holds the batched forward pass to `Tests/Fixtures/reference/decode-exact`: an independent float64 forward
/// pass over the same weights dequantized exactly as ggml does, with no activation quantization. For
/// SmolLM2 (Q4_1 and Q8_0 weights) our batched path is plain f32 math on decoded weights (the f32
/// tiled kernel, f32 KV cache), so the reference README's tight tolerance applies: about 1e-3 instead of
/// the 0.5–1.25 allowed against llama.cpp's quantized kernels. This catches errors that quantization
/// noise would hide (a wrong RoPE frequency, a norm epsilon, a mask off by one). Measured: max |Δ| 5e-5 to
/// 7e-5 per case (llama.cpp on an all-F32 file: 2e-4). On the `avx512` kernel path batched products
/// quantize the activations too (the VNNI kernel), so these tests ask for the f32 batched kernel with
/// `MatMul.exactBatches`; everything else (attention, norms, RoPE, the path's matrix-vector kernels) is
/// the path's own.
final class ExactDecodeTests: XCTestCase {
    override func setUp() {
        super.setUp()
        MatMul.exactBatches = true
    }

    override func tearDown() {
        MatMul.exactBatches = false
        super.tearDown()
    }

    private struct ExactCase: Decodable {
        struct Step: Decodable {
            let step: Int
            let fed_token: Int32
            let top_logprobs: [[Double]]
        }
        let `case`: String
        let prompt_tokens: [Int32]
        let fed_tokens: [Int32]
        let steps: [Step]
    }

    func testSmolLM2BatchedPathMatchesExactMath() throws {
        let transformer = try Transformer(contentsOf: try TestModels.path("smollm2-135m"), threads: ProcessInfo.processInfo.activeProcessorCount)
        let directory = Fixtures.path("reference/decode-exact")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("smollm2-135m-") }.sorted()
        XCTAssertEqual(names.count, 6)
        for name in names {
            let reference = try JSONDecoder().decode(ExactCase.self, from: Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))
            // Every step's distribution from one batched pass (logits for every row: all matrix-matrix).
            let sequence = reference.prompt_tokens + reference.fed_tokens.dropLast()
            let cache = transformer.makeCache(maximumLength: sequence.count + 1)
            let all = try transformer.forwardAll(sequence, cache: cache)
            var worst = 0.0, total = 0.0, count = 0
            for step in reference.steps {
                let ours = LogProbabilities(logits: all[reference.prompt_tokens.count - 1 + step.step])
                for entry in step.top_logprobs {
                    let delta = abs(Double(ours.values[Int(entry[0])]) - entry[1])
                    worst = max(worst, delta)
                    total += delta
                    count += 1
                }
            }
            XCTAssertLessThan(worst, 5e-4, "\(reference.case): largest |Δlogprob| against exact math")
            FileHandle.standardError.write(Data("exact smollm2-135m \(reference.case): mean |Δ| \(String(format: "%.2e", total / Double(max(count, 1)))), max |Δ| \(String(format: "%.2e", worst))\n".utf8))
        }
    }

    /// Logits from a later row only (what suffix-fit scoring asks for): row i must be the distribution
    /// after token `logitsFrom + i`, the same as the full pass's, and a start past the end gives none
    /// while still filling the cache.
    func testSmolLM2LogitsFromALaterRowMatchExactMath() throws {
        let transformer = try Transformer(contentsOf: try TestModels.path("smollm2-135m"), threads: ProcessInfo.processInfo.activeProcessorCount)
        let path = Fixtures.path("reference/decode-exact/smollm2-135m-l2r-python.json")
        let reference = try JSONDecoder().decode(ExactCase.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        let sequence = reference.prompt_tokens + reference.fed_tokens.dropLast()
        let cache = transformer.makeCache(maximumLength: sequence.count + 1)
        let tail = try transformer.forwardAll(sequence, cache: cache, logitsFrom: reference.prompt_tokens.count - 1)
        XCTAssertEqual(tail.count, reference.steps.count)
        XCTAssertEqual(cache.count, sequence.count)
        for step in reference.steps {
            let ours = LogProbabilities(logits: tail[step.step])
            let worst = step.top_logprobs.map { abs(Double(ours.values[Int($0[0])]) - $0[1]) }.max() ?? .infinity
            XCTAssertLessThan(worst, 5e-4, "step \(step.step)")
        }
        let other = transformer.makeCache(maximumLength: sequence.count + 1)
        XCTAssertEqual(try transformer.forwardAll(sequence, cache: other, logitsFrom: sequence.count + 5).count, 0)
        XCTAssertEqual(other.count, sequence.count)
    }

    /// The single-query attention (chunks of 64 positions combined afterwards, rows split between a root
    /// and its branches) against exact math: sixteen branches of one root take the same token in one step,
    /// so the matrix products run as matrix-matrix f32 work (batches below 12 take the integer kernels,
    /// whose activation quantization this tolerance would not allow) and only the attention path differs
    /// from the batched test above.
    func testSmolLM2SingleQueryAttentionMatchesExactMath() throws {
        let transformer = try Transformer(contentsOf: try TestModels.path("smollm2-135m"), threads: ProcessInfo.processInfo.activeProcessorCount)
        let path = Fixtures.path("reference/decode-exact/smollm2-135m-long-swift.json")
        let reference = try JSONDecoder().decode(ExactCase.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        // Steps whose context spans one, two and several 64-position chunks.
        for index in [0, reference.steps.count / 2, reference.steps.count - 1] {
            let step = reference.steps[index]
            let context = reference.prompt_tokens + reference.fed_tokens[..<step.step]
            let root = transformer.makeCache(maximumLength: context.count + 1)
            _ = try transformer.forwardAll(Array(context.dropLast()), cache: root)
            let branches = (0..<16).map { _ in root.fork() }
            let results = try transformer.step(branches.map { (context.last!, $0) })
            for logits in results {
                let ours = LogProbabilities(logits: logits)
                let worst = step.top_logprobs.map { abs(Double(ours.values[Int($0[0])]) - $0[1]) }.max() ?? .infinity
                XCTAssertLessThan(worst, 5e-4, "step \(step.step) (context \(context.count) tokens)")
            }
        }
    }
}
