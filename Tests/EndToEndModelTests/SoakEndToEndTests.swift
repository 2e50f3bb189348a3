import Foundation
import TestSupport
import XCTest

/// A short `infill bench --soak` on the smallest model: typing through the real daemon, every request
/// answered, the daemon exits 0 after shutdown, and its anonymous memory does not run away. The full soak
/// (10,000 messages, docs/robustness.md) is a measurement, not a test; nothing here depends on wall-clock time.
final class SoakEndToEndTests: XCTestCase {
    func testAShortSoakAnswersEveryRequestAndExitsCleanly() throws {
        let model = try TestModels.path("smollm2-135m")
        let process = Process()
        let output = Pipe()
        let errors = Pipe()
        process.executableURL = URL(fileURLWithPath: LSPClient.binaryPath)
        process.arguments = ["bench", "--soak", "--messages", "600", "--model", model, "--cps", "40", "--json"]
        process.standardOutput = output
        process.standardError = errors
        let log = StderrText()
        errors.fileHandleForReading.readabilityHandler = { log.append($0.availableData) }
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        errors.fileHandleForReading.readabilityHandler = nil

        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any], "no JSON report; stderr:\n\(log.text.suffix(3000))")
        let requests = try XCTUnwrap(report["requests"] as? Int)
        XCTAssertEqual(report["messagesSent"] as? Int, 600)
        XCTAssertEqual(requests, 300, "every keystroke (and each select-and-delete) asks for a completion")
        XCTAssertEqual(report["unanswered"] as? Int, 0, "every request is answered (a suggestion or a cancellation)")
        XCTAssertEqual((report["answered"] as? Int ?? 0) + (report["cancelled"] as? Int ?? 0), requests)
        XCTAssertGreaterThan(report["answered"] as? Int ?? 0, 10, "completions ran, not only cancellations")
        XCTAssertEqual(report["daemonExitStatus"] as? Int, 0, "the daemon exits 0 after shutdown and exit")
        XCTAssertEqual(process.terminationStatus, 0, "the soak reports success")
        #if os(Linux)
        let early = try XCTUnwrap((report["memoryEarly"] as? [String: Any])?["anonymousBytes"] as? Int)
        let end = try XCTUnwrap((report["memoryEnd"] as? [String: Any])?["anonymousBytes"] as? Int)
        // The early sample comes before the KV caches have filled (the document grows as it is typed; the 10,000-message
        // soak in docs/robustness.md grows 13 → 56 MB over its first 2,500 messages, then stays level), so this ratio
        // measures fill-up as well as leaks: it was 2.18 in one CI run with no leak. 3× still catches runaway memory;
        // the leak measurement proper is the long soak's 1k → 10k ratio (1.09×).
        XCTAssertLessThan(Double(end) / Double(early), 3.0, "anonymous memory \(early) → \(end) bytes over 600 messages")
        #endif
    }
}

/// Text collected from a child's stderr on another thread.
private final class StderrText: @unchecked Sendable {
    private var data = Data()
    private let lock = NSLock()
    func append(_ chunk: Data) { lock.withLock { data.append(chunk) } }
    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}
