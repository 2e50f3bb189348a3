import Foundation
import ModelStore
import XCTest

/// The HumanEval-X tasks of one language (`python`, `cpp`, `java`, `js`, `go`), read from the dataset the repository
/// ships (`Sources/Evaluation/Datasets/humaneval-x`, Apache-2.0), each as its string fields (`task_id`, `prompt`,
/// `declaration`, `canonical_solution`, …). For tests that check the language rules on code whose facts are known.
func humanEvalXTasks(_ key: String) throws -> [[String: String]] {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/Evaluation/Datasets/humaneval-x").standardized
    let compressed = try Data(contentsOf: folder.appendingPathComponent("humaneval_\(key).jsonl.gz"))
    return try Gzip.decompress([UInt8](compressed)).split(separator: UInt8(ascii: "\n")).map { line in
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]).compactMapValues { $0 as? String }
    }
}
