import Foundation
import GGUF
import Tokenizer
import XCTest

/// Shared fixtures: the two real tokenizers (loaded once) and the golden reference files.
///
/// The models are located under `$INFILL_HOME/models` (default `~/.cache/infill/models`); the reference
/// data under `$INFILL_SHARED` (default: the `shared` directory next to the repository, then `/work/shared`).
enum TokenizerFixtures {
    static let qwenFile = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
    static let smolFile = "SmolLM2-135M-Instruct.Q4_1.gguf"

    static let qwen: Result<Tokenizer, Error> = load(qwenFile)
    static let smol: Result<Tokenizer, Error> = load(smolFile)

    static func modelPath(_ file: String) -> String {
        let environment = ProcessInfo.processInfo.environment
        let home = environment["INFILL_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".cache/infill")
        return ((home as NSString).appendingPathComponent("models") as NSString).appendingPathComponent(file)
    }

    static func sharedPath(_ relative: String) -> String {
        var candidates: [String] = []
        if let shared = ProcessInfo.processInfo.environment["INFILL_SHARED"], !shared.isEmpty {
            candidates.append(shared)
        }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(repository.deletingLastPathComponent().appendingPathComponent("shared").path)
        candidates.append("/work/shared")
        for base in candidates {
            let path = (base as NSString).appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        return (candidates.last! as NSString).appendingPathComponent(relative)
    }

    private static func load(_ file: String) -> Result<Tokenizer, Error> {
        Result { try Tokenizer(gguf: GGUFFile(contentsOf: modelPath(file))) }
    }

    /// One line of `reference/tokenizer/*.jsonl`.
    struct GoldenLine: Decodable {
        let text: String
        let ids: [Int32]
        let category: String
        let ids_parse_special: [Int32]?
    }

    static func goldenLines(_ file: String) throws -> [GoldenLine] {
        let data = try Data(contentsOf: URL(fileURLWithPath: sharedPath("reference/tokenizer/" + file)))
        let decoder = JSONDecoder()
        return try data.split(separator: UInt8(ascii: "\n")).map { try decoder.decode(GoldenLine.self, from: Data($0)) }
    }
}

extension XCTestCase {
    /// The loaded tokenizer, or a test failure naming why it could not be loaded.
    func require(_ tokenizer: Result<Tokenizer, Error>, file: StaticString = #filePath, line: UInt = #line) throws
        -> Tokenizer
    {
        switch tokenizer {
        case .success(let value): return value
        case .failure(let error):
            XCTFail("cannot load tokenizer: \(error)", file: file, line: line)
            throw error
        }
    }
}
