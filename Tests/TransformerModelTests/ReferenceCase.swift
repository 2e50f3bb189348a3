import Foundation
import TestSupport

/// One golden decode case produced by llama.cpp (see Tests/Fixtures/reference/README.md, section 2).
struct ReferenceCase: Decodable {
    struct Step: Decodable {
        struct Entry: Decodable {
            let id: Int32
            let logprob: Double
        }
        let id: Int32
        let logprob: Double
        let top_logprobs: [Entry]
    }
    let model: String
    let `case`: String
    let prompt: String
    let prompt_tokens: [Int32]
    let tokens: [Int32]
    let eog_token_ids: [Int32]
    let near_tie_steps_loose: [Int]
    let completion_probabilities: [Step]

    /// All cases of one model, e.g. "qwen2.5-coder-0.5b".
    static func all(model: String) throws -> [ReferenceCase] {
        let directory = Fixtures.path("reference/decode")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasPrefix(model + "-") && $0.hasSuffix(".json") }
            .sorted()
        return try names.map { name in
            let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
            return try JSONDecoder().decode(ReferenceCase.self, from: data)
        }
    }
}
