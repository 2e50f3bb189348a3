import Foundation
import TestSupport
import XCTest

/// `infill bench --replay` for real: the built binary types a few lines of a shipped replay file back into
/// a daemon it starts itself (the smallest model), and reports in JSON.
final class ReplayEndToEndTests: XCTestCase {
    func testReplayTypesAStretchThroughTheDaemonAndReports() throws {
        let model = try TestModels.path("smollm2-135m")
        let file = PackageRoot.path + "/Tests/Fixtures/replay/access_log.py"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: LSPClient.binaryPath)
        // About seven lines at 40 keystrokes a second without pauses: a few seconds of typing.
        process.arguments = ["bench", "--replay", file, "--model", model, "--threads", "2", "--cps", "40",
                             "--word-pause-ms", "0", "--stretch", "0.5:0.55", "--json"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, log)
        XCTAssertFalse(log.contains("differs from the original"), "the typed document must end as the file: \(log)")

        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any], String(decoding: data, as: UTF8.self))
        let files = try XCTUnwrap(json["files"] as? [[String: Any]])
        XCTAssertEqual(files.count, 1)
        let report = files[0]
        XCTAssertEqual(report["target"] as? String, "infill")
        XCTAssertEqual(report["file"] as? String, "access_log.py")
        let keystrokes = try XCTUnwrap(report["keystrokes"] as? Int)
        let stretch = try XCTUnwrap(report["stretch_characters"] as? Int)
        XCTAssertGreaterThan(keystrokes, 20)
        XCTAssertLessThanOrEqual(keystrokes, stretch, "a keystroke types at least one character")
        // One automatic request per keystroke, and every request accounted for.
        XCTAssertEqual(report["requests"] as? Int, keystrokes)
        let answered = try XCTUnwrap(report["answered"] as? Int)
        let cancelled = try XCTUnwrap(report["cancelled"] as? Int)
        let unanswered = try XCTUnwrap(report["unanswered"] as? Int)
        XCTAssertEqual(answered + cancelled + unanswered, keystrokes)
        XCTAssertGreaterThan(answered + cancelled, 0, "the daemon answers")
        let latency = try XCTUnwrap(report["latency_ms"] as? [String: Any])
        XCTAssertEqual(latency["count"] as? Int, answered)
        XCTAssertNotNil(json["machine"])
        XCTAssertEqual(json["word_pause_ms"] as? Int, 0)
    }
}
