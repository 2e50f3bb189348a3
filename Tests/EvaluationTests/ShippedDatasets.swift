import Evaluation
import Foundation
import XCTest

/// The datasets shipped in `Sources/Evaluation/Datasets`, found the way `infill eval` finds them.
enum ShippedDatasets {
    /// A path below the datasets folder, e.g. `path("human-eval-infilling/HumanEval-SingleLineInfilling.jsonl.gz")`.
    static func path(_ relative: String) throws -> String {
        guard let root = EvalDatasetLocation.root() else {
            XCTFail("the shipped datasets are missing (looked in \(EvalDatasetLocation.candidates()))")
            throw XCTSkip("datasets missing")
        }
        let path = root + "/" + relative
        guard FileManager.default.fileExists(atPath: path) else {
            XCTFail("dataset file \(relative) is missing under \(root)")
            throw XCTSkip("dataset missing")
        }
        return path
    }
}
