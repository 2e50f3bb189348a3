import Foundation
import Tokenizer
import XCTest

/// llama.cpp's own Qwen2 tokenizer vectors (reference/tokenizer/llama.cpp-vectors), both copies.
final class LlamaCppVectorTests: XCTestCase {
    func testQwenMatchesLlamaCppVectorsOfBuildB4748() throws {
        try checkVectors(directory: "b4748")
    }

    func testQwenMatchesLlamaCppVectorsOfNewerFork() throws {
        try checkVectors(directory: "unsloth-fork-2026-08-18")
    }

    private func checkVectors(directory: String) throws {
        let tokenizer = try require(TokenizerFixtures.qwen)
        let base = TokenizerFixtures.fixturePath("reference/tokenizer/llama.cpp-vectors/\(directory)/ggml-vocab-qwen2.gguf")
        let input = try String(contentsOfFile: base + ".inp", encoding: .utf8)
        let output = try String(contentsOfFile: base + ".out", encoding: .utf8)
        var tests = input.components(separatedBy: "\n__ggml_vocab_test__\n")
        XCTAssertEqual(tests.removeLast(), "", "the piece after the last separator is empty")
        var expected = output.components(separatedBy: "\n")
        if expected.last == "" { expected.removeLast() }
        XCTAssertEqual(tests.count, 46)
        XCTAssertEqual(tests.count, expected.count)
        var failures: [String] = []
        for (index, (text, line)) in zip(tests, expected).enumerated() {
            let want = line.split(separator: " ").compactMap { Int32($0) }
            let got = tokenizer.encode(text, parseSpecial: false)
            if got != want { failures.append("test \(index) \(text.debugDescription): got \(got) want \(want)") }
        }
        XCTAssertEqual(failures.count, 0, failures.joined(separator: "\n"))
    }
}
