import Foundation
import GGUF
import TestSupport
import Transformer
import XCTest

/// Crafted model files that the loader must refuse with an error naming the key or tensor at fault. Before
/// these checks, an output projection with fewer rows than the vocabulary loaded and then crashed the
/// daemon (SIGILL) when a token past its last row was scored, and a NaN epsilon turned every logit to NaN.
final class ModelValidationTests: XCTestCase {
    private func load(_ model: TinyModelFile) throws -> Transformer {
        let path = try model.write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try Transformer(contentsOf: path, threads: 1)
    }

    private func assertRefused(_ model: TinyModelFile, _ expected: TransformerError, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try load(model), file: file, line: line) { error in
            XCTAssertEqual(error as? TransformerError, expected, "\(error)", file: file, line: line)
        }
    }

    func testValidTinyModelsOfEachArchitectureLoadAndRun() throws {
        for architecture in ["llama", "qwen2"] {
            for separateOutput in [true, false] {
                var model = TinyModelFile(architecture: architecture)
                model.separateOutput = separateOutput
                let transformer = try load(model)
                XCTAssertEqual(transformer.configuration.architecture, architecture)
                XCTAssertEqual(transformer.configuration.vocabularySize, model.vocabulary.count)
                let logits = try transformer.evaluate([1, 2, 3], cache: transformer.makeCache())
                XCTAssertEqual(logits.count, model.vocabulary.count)
                XCTAssertTrue(logits.allSatisfy(\.isFinite), architecture)
            }
        }
    }

    func testUnknownArchitectureIsNamedWithTheSupportedOnes() {
        var model = TinyModelFile()
        model.metadata["general.architecture"] = .string("gemma")
        assertRefused(model, .unsupportedArchitecture("gemma"))
        XCTAssertEqual(TransformerError.unsupportedArchitecture("gemma").description,
                       "unsupported model architecture 'gemma' (supported: qwen2, llama)")
    }

    func testOutputProjectionMustCoverTheVocabulary() {
        for rows in [3, 0, 65] {
            var model = TinyModelFile()
            model.shapes["output.weight"] = [32, rows]
            assertRefused(model, .tensorShapeMismatch(name: "output.weight", expected: [32, 64], found: [32, rows]))
        }
    }

    func testTokenEmbeddingsMustCoverTheVocabulary() {
        var model = TinyModelFile()
        model.separateOutput = false
        model.shapes["token_embd.weight"] = [32, 3]
        assertRefused(model, .tensorShapeMismatch(name: "token_embd.weight", expected: [32, 64], found: [32, 3]))
    }

    func testBlockTensorsMustHaveTheConfiguredWidths() {
        var model = TinyModelFile()
        model.shapes["blk.1.attn_k.weight"] = [32, 32]          // 4 key/value heads' width instead of 2
        assertRefused(model, .tensorShapeMismatch(name: "blk.1.attn_k.weight", expected: [32, 16], found: [32, 32]))
        model = TinyModelFile()
        model.shapes["blk.0.ffn_down.weight"] = [32, 64]        // transposed
        assertRefused(model, .tensorShapeMismatch(name: "blk.0.ffn_down.weight", expected: [64, 32], found: [32, 64]))
        model = TinyModelFile(architecture: "qwen2")
        model.shapes["blk.0.attn_v.bias"] = [8]
        assertRefused(model, .tensorShapeMismatch(name: "blk.0.attn_v.bias", expected: [16], found: [8]))
        model = TinyModelFile(architecture: "qwen2")
        model.omitted = ["blk.1.attn_q.bias"]
        assertRefused(model, .missingTensor(name: "blk.1.attn_q.bias"))
    }

    func testRMSEpsilonMustBeFiniteAndPositive() {
        for value: Float in [.nan, .infinity, 0, -1e-5] {
            var model = TinyModelFile()
            model.metadata["llama.attention.layer_norm_rms_epsilon"] = .float32(value)
            XCTAssertThrowsError(try load(model)) { error in
                guard case .invalidMetadata(let key, _)? = error as? TransformerError else { return XCTFail("\(error)") }
                XCTAssertEqual(key, "llama.attention.layer_norm_rms_epsilon")
            }
        }
    }

    func testHeadCountsMustDivideTheWidth() {
        var model = TinyModelFile()
        model.metadata["llama.attention.head_count"] = .uint32(3)
        assertRefused(model, .invalidMetadata(key: "llama.attention.head_count", reason: "3 heads do not divide the width 32"))
        model = TinyModelFile()
        model.metadata["llama.attention.head_count_kv"] = .uint32(3)
        assertRefused(model, .invalidMetadata(key: "llama.attention.head_count_kv", reason: "3 key/value heads do not divide 4 query heads"))
        model = TinyModelFile()
        model.metadata["llama.attention.head_count_kv"] = .uint32(0)
        assertRefused(model, .invalidMetadata(key: "llama.attention.head_count_kv", reason: "0 is out of range"))
    }

    func testRopeBaseAndContextLengthMustBeSane() {
        for value: Float in [0, -10_000, .nan, .infinity] {
            var model = TinyModelFile()
            model.metadata["llama.rope.freq_base"] = .float32(value)
            XCTAssertThrowsError(try load(model)) { error in
                guard case .invalidMetadata(let key, _)? = error as? TransformerError else { return XCTFail("\(error)") }
                XCTAssertEqual(key, "llama.rope.freq_base")
            }
        }
        for value: UInt64 in [0, 1 << 40] {
            var model = TinyModelFile()
            model.metadata["llama.context_length"] = .uint64(value)
            assertRefused(model, .invalidMetadata(key: "llama.context_length", reason: "\(value) is out of range"))
        }
        var model = TinyModelFile()
        model.metadata["llama.context_length"] = .string("4096")
        assertRefused(model, .invalidMetadata(key: "llama.context_length", reason: "not an integer"))
        model = TinyModelFile()
        model.metadata["llama.block_count"] = nil
        assertRefused(model, .missingMetadata(key: "llama.block_count"))
    }
}
