import Foundation
import GGUF
import TensorFormats
import XCTest

/// Reads the real model files used by the project and checks facts published with them
/// (Tests/Fixtures/models/README.md and Tests/Fixtures/reference/README.md).
final class GGUFRealModelTests: XCTestCase {
    /// The path of a model in the model cache, or a test failure saying where it was looked for.
    // TODO(TestSupport): use the TestSupport helper (which pulls missing models through ModelStore) once it exists.
    private func modelPath(_ name: String) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let home = environment["INFILL_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".cache/infill")
        let path = (home as NSString).appendingPathComponent("models/" + name)
        guard FileManager.default.fileExists(atPath: path) else {
            XCTFail("Model \(name) not found at \(path); set INFILL_HOME or download it (see MODELS.md)")
            throw XCTSkip("model missing")
        }
        return path
    }

    func testQwenCoderHeaderMatchesPublishedFacts() throws {
        let start = Date()
        let file = try GGUFFile(contentsOf: modelPath("qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"))
        let seconds = Date().timeIntervalSince(start)
        // The brief asks for well under 1 s in release; debug builds are several times slower.
        #if DEBUG
        XCTAssertLessThan(seconds, 5, "opening took \(seconds) s")
        #else
        XCTAssertLessThan(seconds, 1, "opening took \(seconds) s")
        #endif
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
        let file = try GGUFFile(contentsOf: modelPath("SmolLM2-135M-Instruct.Q4_1.gguf"))
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
