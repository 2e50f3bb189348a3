import Foundation
import TestSupport
import XCTest

/// editors/vscode without VS Code or npm: Debian's TypeScript type-checks the extension against the declared
/// subset of the vscode and vscode-languageclient APIs (types-offline/), and node runs the tests of its
/// parts without the vscode API (settings mapping, status bar states).
final class VSCodeExtensionTests: XCTestCase {
    private var directory: String { EditorHarness.editorsDirectory("vscode") }

    func testTheExtensionTypeChecks() throws {
        let tsc = try EditorHarness.requireExecutable("tsc", package: "node-typescript")
        let work = try EditorHarness.scratchDirectory("vscode-tsc")
        defer { try? FileManager.default.removeItem(at: work) }
        let log = work.appendingPathComponent("tsc.log")
        let status = try EditorHarness.run(tsc, ["-p", directory + "/tsconfig.offline.json"], in: work, log: log, timeout: 300)
        XCTAssertEqual(status, 0, "tsc: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
    }

    func testSettingsAndStatusUnderNode() throws {
        let tsc = try EditorHarness.requireExecutable("tsc", package: "node-typescript")
        let node = try EditorHarness.requireExecutable("node", package: "nodejs")
        let work = try EditorHarness.scratchDirectory("vscode-node")
        defer { try? FileManager.default.removeItem(at: work) }
        let log = work.appendingPathComponent("build.log")
        let compiled = try EditorHarness.run(tsc, ["-p", directory + "/tsconfig.pure.json", "--outDir", work.path], in: work, log: log, timeout: 300)
        XCTAssertEqual(compiled, 0, "tsc: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        let testLog = work.appendingPathComponent("node.log")
        let status = try EditorHarness.run(node, [directory + "/test/pure.test.js", work.path], in: work, log: testLog, timeout: 120)
        let output = try String(contentsOf: testLog, encoding: .utf8)
        XCTAssertEqual(status, 0, "node: \(output)")
        XCTAssertTrue(output.contains("vscode extension pure tests: ok"), output)
    }
}
