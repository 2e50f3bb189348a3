import Foundation
import TestSupport
import XCTest

/// Issue 20 (1): on a machine with one CPU, Swift's cooperative pool has one thread; a server loop or a
/// model load that blocked it starved everything else, and every completion came back empty after 30 s.
/// Here the real binary runs pinned to one CPU (`taskset -c 0`: the process and libdispatch see one CPU),
/// with the default thread count (which must follow the affinity: one thread), and must load the model and
/// answer a completion.
final class OneCPUEndToEndTests: XCTestCase {
    func testTheServerPinnedToOneCPULoadsTheModelAndCompletes() throws {
        #if os(Linux)
        let taskset = "/usr/bin/taskset"
        guard FileManager.default.isExecutableFile(atPath: taskset) else {
            throw XCTSkip("taskset is not installed (util-linux); cannot pin the server to one CPU")
        }
        let model = try TestModels.path("qwen2.5-coder-0.5b")
        let client = try LSPClient(arguments: ["serve", "--log-level", "info"], launcher: [taskset, "-c", "0"])
        _ = try client.initialize(options: ["model": model])           // no "threads": the default, one per visible CPU
        // Read once the server answered: taskset has set the affinity and become the server by then.
        let allowed = try String(contentsOfFile: "/proc/\(client.process.processIdentifier)/status", encoding: .utf8)
            .split(separator: "\n").first { $0.hasPrefix("Cpus_allowed_list:") }
        XCTAssertEqual(allowed?.split(separator: "\t").last.map(String.init)?.trimmingCharacters(in: .whitespaces), "0",
                       "the server runs pinned to CPU 0: \(allowed ?? "no Cpus_allowed_list")")

        let uri = "file:///tmp/one-cpu/add.py"
        try client.notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "python", "version": 1,
                                                                    "text": "def add(a, b):\n    \"\"\"Return the sum of a and b.\"\"\"\n    return \n"]])
        // Loading is announced when done; with the loop or the load on a starved pool it never was.
        let deadline = Date().addingTimeInterval(300)
        var seen = 1
        while !(try client.notifications("window/logMessage", count: seen, timeout: max(1, deadline.timeIntervalSinceNow))
                    .contains { "\($0)".contains("ready") }) {
            seen += 1
        }
        let response = try client.request("textDocument/inlineCompletion", [
            "textDocument": ["uri": uri], "position": ["line": 2, "character": 11], "context": ["triggerKind": 1],
        ], timeout: 300)
        XCTAssertNil(response["error"], "\(response)")
        XCTAssertTrue(client.serverLog.contains(", 1 threads,"), "the default thread count follows the affinity:\n\(client.serverLog.suffix(2000))")
        let items = ((response["result"] as? [String: Any])?["items"] as? [[String: Any]]) ?? []
        let text = items.first?["insertText"] as? String ?? ""
        XCTAssertTrue(text.replacingOccurrences(of: " ", with: "").hasPrefix("a+b"), "completion on one CPU: '\(text)'\n\(client.serverLog.suffix(2000))")
        try client.notify("exit")
        XCTAssertNotNil(client.waitForExit(), "the server exits")
        #else
        throw XCTSkip("pinning to one CPU is tested on Linux (taskset)")
        #endif
    }
}
