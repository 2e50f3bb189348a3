import Foundation
import XCTest

/// Locates the shared reference directory (`/work/shared` next to the repository).
// TODO(TestSupport): use the TestSupport helper for shared data once it exists.
enum SharedData {
    static func datasetPath(_ relative: String) throws -> String {
        var candidates: [String] = []
        if let shared = ProcessInfo.processInfo.environment["INFILL_SHARED"] { candidates.append(shared) }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(repository.deletingLastPathComponent().appendingPathComponent("shared").path)
        candidates.append("/work/shared")
        for directory in candidates {
            let path = directory + "/datasets/" + relative
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        XCTFail("dataset \(relative) not found under \(candidates); set INFILL_SHARED")
        throw XCTSkip("dataset missing")
    }
}
