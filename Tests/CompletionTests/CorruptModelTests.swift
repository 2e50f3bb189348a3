import Completion
import Foundation
import TestSupport
import XCTest

/// Issue 20 (2): a model whose output projection has fewer rows than the tokenizer has tokens used to load
/// and then crash the daemon (SIGILL in suffix scoring and in the generator, indexing a logit row past its
/// end). Loading must refuse it instead, naming the tensor.
final class CorruptModelTests: XCTestCase {
    func testOutputProjectionSmallerThanTheVocabularyIsRefusedAtLoad() throws {
        for rows in [3, 0] {
            var model = TinyModelFile()
            model.shapes["output.weight"] = [model.embedding, rows]
            let path = try model.write()
            defer { try? FileManager.default.removeItem(atPath: path) }
            XCTAssertThrowsError(try LoadedModel(path: path, threads: 1)) { error in
                XCTAssertEqual("\(error)", "tensor 'output.weight' has shape [32, \(rows)], expected [32, 64]")
            }
        }
    }
}
