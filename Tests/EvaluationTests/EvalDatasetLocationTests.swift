import Evaluation
import Foundation
import XCTest

/// `infill eval` finds the shipped datasets with no flag: from the source checkout the binary was built from.
final class EvalDatasetLocationTests: XCTestCase {
    func testShippedDatasetsAreFoundInTheSourceCheckout() throws {
        let root = try XCTUnwrap(EvalDatasetLocation.root(), "looked in \(EvalDatasetLocation.candidates())")
        XCTAssertTrue(root.hasSuffix("Sources/Evaluation/Datasets"), root)
        let infilling = try XCTUnwrap(EvalDatasetLocation.humanEvalInfilling())
        for kind in EvalDataset.HumanEvalInfilling.allCases {
            XCTAssertTrue(FileManager.default.fileExists(atPath: infilling + "/" + kind.fileName), kind.fileName)
        }
        let humanEvalX = try XCTUnwrap(EvalDatasetLocation.humanEvalX())
        for language in ["python", "cpp", "java", "js", "go"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: humanEvalX + "/humaneval_\(language).jsonl.gz"), language)
        }
        for folder in ["human-eval-infilling", "humaneval-x"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/" + folder + "/LICENSE"), "\(folder) keeps its licence")
        }
    }
}
