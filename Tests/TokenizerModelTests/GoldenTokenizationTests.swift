import Tokenizer
import XCTest

/// Every line of the llama.cpp golden files (reference/tokenizer/*.jsonl), both special-parsing modes.
final class GoldenTokenizationTests: XCTestCase {
    func testQwenMatchesLlamaCppOnEveryGoldenLine() throws {
        try checkGoldenFile("qwen2.5-coder.jsonl", tokenizer: require(TokenizerFixtures.qwen))
    }

    func testSmolLMMatchesLlamaCppOnEveryGoldenLine() throws {
        try checkGoldenFile("smollm2-135m.jsonl", tokenizer: require(TokenizerFixtures.smol))
    }

    private func checkGoldenFile(_ file: String, tokenizer: Tokenizer) throws {
        let lines = try TokenizerFixtures.goldenLines(file)
        XCTAssertEqual(lines.count, 363)
        var failures: [String] = []
        var specialChecked = 0
        for (number, line) in lines.enumerated() {
            let ids = tokenizer.encode(line.text, parseSpecial: false)
            if ids != line.ids {
                failures.append("line \(number + 1) [\(line.category)] \(line.text.debugDescription.prefix(60)): "
                                + "got \(ids.prefix(16)) want \(line.ids.prefix(16))")
            }
            let expectedSpecial = line.ids_parse_special ?? line.ids
            if line.ids_parse_special != nil { specialChecked += 1 }
            let special = tokenizer.encode(line.text, parseSpecial: true)
            if special != expectedSpecial {
                failures.append("line \(number + 1) [\(line.category)] parseSpecial \(line.text.debugDescription.prefix(60)): "
                                + "got \(special.prefix(16)) want \(expectedSpecial.prefix(16))")
            }
        }
        XCTAssertGreaterThan(specialChecked, 0, "the file should contain ids_parse_special lines")
        XCTAssertEqual(failures.count, 0, "\(failures.count) mismatches:\n" + failures.prefix(25).joined(separator: "\n"))
    }
}
