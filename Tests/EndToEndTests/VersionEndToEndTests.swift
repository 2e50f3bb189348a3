import Foundation
import TestSupport
import XCTest

/// `infill --version` prints the release number and the commit of the checkout, as git itself reports it.
final class VersionEndToEndTests: XCTestCase {
    func testVersionNamesTheCheckedOutCommit() throws {
        let output = try run(LSPClient.binaryPath, ["--version"])
        XCTAssertTrue(output.hasPrefix("infill 0."), output)
        guard let expected = try? run("/usr/bin/env", ["git", "-C", PackageRoot.path, "rev-parse", "HEAD"]),
              expected.count >= 40 else {
            throw XCTSkip("git is not available to check the revision independently")
        }
        XCTAssertTrue(output.contains("git " + expected.prefix(12)), "\(output) does not name \(expected)")
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
