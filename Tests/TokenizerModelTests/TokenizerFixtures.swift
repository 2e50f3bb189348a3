import Foundation
import GGUF
import TestSupport
import Tokenizer
import XCTest

/// Shared fixtures: the two real tokenizers (loaded once, through TestSupport's verified model paths)
/// and the golden reference files (through TestSupport's `Tests/Fixtures` folder).
enum TokenizerFixtures {
    static let qwen: Result<Tokenizer, Error> = load("qwen2.5-coder-0.5b")
    static let smol: Result<Tokenizer, Error> = load("smollm2-135m")

    static func fixturePath(_ relative: String) -> String {
        Fixtures.path(relative)
    }

    private static func load(_ model: String) -> Result<Tokenizer, Error> {
        Result { try Tokenizer(gguf: GGUFFile(contentsOf: TestModels.path(model))) }
    }

    /// One line of `reference/tokenizer/*.jsonl`.
    struct GoldenLine: Decodable {
        let text: String
        let ids: [Int32]
        let category: String
        let ids_parse_special: [Int32]?
    }

    static func goldenLines(_ file: String) throws -> [GoldenLine] {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixturePath("reference/tokenizer/" + file)))
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
