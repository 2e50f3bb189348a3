import Foundation
import GGUF
import TensorFormats
import TestSupport
import XCTest

/// Reads the real model files used by the project and checks facts published with them
/// (Tests/Fixtures/models/README.md and Tests/Fixtures/reference/README.md).
final class GGUFRealModelTests: XCTestCase {
    func testQwenCoderHeaderMatchesPublishedFacts() throws {
        let path = try TestModels.path("qwen2.5-coder-0.5b")   // pulled first when missing, outside the timing
        let start = Date()
        let file = try GGUFFile(contentsOf: path)
        let seconds = Date().timeIntervalSince(start)
        // Opening must stay well under 1 s in release; printed, not asserted (no wall-clock limits in tests).
        print("GGUFRealModelTests: opened the Qwen 0.5B header in \(Int(seconds * 1000)) ms")
        XCTAssertEqual(file.fileSize, 491_400_064)
        XCTAssertEqual(file.string("general.architecture"), "qwen2")
        XCTAssertEqual(file.integer("qwen2.block_count"), 24)
        XCTAssertEqual(file.integer("qwen2.embedding_length"), 896)
        XCTAssertEqual(file.integer("qwen2.attention.head_count"), 14)
        XCTAssertEqual(file.integer("qwen2.attention.head_count_kv"), 2)
        XCTAssertEqual(file.float("qwen2.rope.freq_base"), 1_000_000)
        let tokens = try XCTUnwrap(file.strings("tokenizer.ggml.tokens"))
        XCTAssertEqual(tokens.count, 151_936)
        XCTAssertEqual(tokens[151_659], "<|fim_prefix|>")
        XCTAssertEqual(tokens[151_660], "<|fim_middle|>")
        XCTAssertEqual(tokens[151_643], "<|endoftext|>")
        XCTAssertEqual(file.strings("tokenizer.ggml.merges")?.count, 151_387)
        XCTAssertEqual(file.integers("tokenizer.ggml.token_type")?.count, 151_936)
        XCTAssertEqual(file.string("tokenizer.ggml.pre"), "qwen2")
        XCTAssertEqual(file.bool("tokenizer.ggml.add_bos_token"), false)

        let embedding = try XCTUnwrap(file.tensor(named: "token_embd.weight"))
        XCTAssertEqual(embedding.dimensions, [896, 151_936])
        XCTAssertEqual(embedding.type, .q5_0)
        XCTAssertEqual(embedding.byteCount, 896 * 151_936 / 32 * 22)
        XCTAssertEqual(file.data(for: embedding).count, embedding.byteCount)
        // Tensor type census from reference/README.md.
        var census: [GGMLType: Int] = [:]
        for tensor in file.tensors { census[tensor.type, default: 0] += 1 }
        XCTAssertEqual(census, [.q5_0: 133, .q8_0: 13, .q6_K: 12, .q4_K: 12, .f32: 121])
        XCTAssertEqual(file.tensor(named: "output.weight")?.type, .q8_0)
        for tensor in file.tensors { XCTAssertEqual(tensor.offset % file.alignment, 0, tensor.name) }
    }

    func testSmolLMHeaderMatchesPublishedFacts() throws {
        let file = try GGUFFile(contentsOf: TestModels.path("smollm2-135m"))
        XCTAssertEqual(file.fileSize, 98_362_432)
        XCTAssertEqual(file.string("general.architecture"), "llama")
        XCTAssertEqual(file.integer("llama.block_count"), 30)
        XCTAssertEqual(file.integer("llama.embedding_length"), 576)
        XCTAssertEqual(file.strings("tokenizer.ggml.tokens")?.count, 49_152)
        var census: [GGMLType: Int] = [:]
        for tensor in file.tensors { census[tensor.type, default: 0] += 1 }
        XCTAssertEqual(census, [.q4_1: 210, .q8_0: 1, .f32: 61])
        XCTAssertEqual(file.tensor(named: "token_embd.weight")?.type, .q8_0)
        XCTAssertEqual(file.tensor(named: "token_embd.weight")?.dimensions, [576, 49_152])
    }
}
