import Foundation
import TestSupport
import XCTest

/// What the tests that drive a real editor share: finding the editor (a skip with the package to install
/// when it is absent, a failure under CI), a scratch directory, child processes awaited by polling their
/// state or output (never fixed sleeps), and the findings file the editor's script writes.
enum EditorHarness {
    /// The model the editor tests use (the same as the Neovim test): a real fill-in-the-middle model.
    static let model = "qwen2.5-coder-0.5b"

    /// The generous bound on one editor session; a loaded 2-core machine may need minutes.
    static let sessionTimeout: TimeInterval = 420

    /// The editor's executable, or a skip naming the Debian package (a failure when CI=true).
    static func requireExecutable(_ name: String, package: String) throws -> String {
        if let path = findExecutable(name) { return path }
        let message = "\(name) is not installed: `apt-get install \(package)` to run this editor test (.ci/run does)"
        if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail(message) }
        throw XCTSkip(message)
    }

    static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// A fresh scratch directory, removed by the caller's `defer`.
    static func scratchDirectory(_ tag: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("infill-\(tag)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The editor directory of this repository (editors/NAME).
    static func editorsDirectory(_ name: String) -> String { PackageRoot.path + "/editors/" + name }

    /// Polls `condition` every `interval` seconds until it holds or `timeout` passes; true when it held.
    @discardableResult
    static func waitUntil(timeout: TimeInterval, interval: TimeInterval = 0.2, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            usleep(UInt32(interval * 1_000_000))
        }
        return try condition()
    }

    /// Runs `executable` to its end (stdin empty, stdout and stderr into `log`); terminates it after `timeout`.
    /// Returns the exit status, nil when it had to be terminated.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], in directory: URL, log: URL,
                    environment: [String: String] = [:], timeout: TimeInterval = sessionTimeout) throws -> Int32? {
        let process = try start(executable, arguments, in: directory, log: log, environment: environment)
        waitUntil(timeout: timeout) { !process.isRunning }
        if process.isRunning {
            stop(process)
            return nil
        }
        return process.terminationStatus
    }

    /// Starts `executable` in the background (stdin empty, stdout and stderr into `log`); the caller stops it.
    static func start(_ executable: String, _ arguments: [String], in directory: URL, log: URL,
                      environment: [String: String] = [:]) throws -> Process {
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)   // an unwritable log fails on the next line
        let output = try FileHandle(forWritingTo: log)
        defer { try? output.close() }                 // the child has its own copy
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
        return process
    }

    /// Runs a short tool to its end and returns its status and standard output (nil when it cannot start).
    static func capture(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) -> (status: Int32, output: String)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Ends a background process: SIGTERM, then SIGKILL if it lingers.
    static func stop(_ process: Process) {
        guard process.isRunning else { return }
        process.terminate()
        if !waitUntil(timeout: 10, { !process.isRunning }) { kill(process.processIdentifier, SIGKILL) }
    }

    /// The JSON object an editor script wrote (with the session log in the failure message when absent).
    static func findings(_ url: URL, log: URL) throws -> [String: Any] {
        guard let data = try? Data(contentsOf: url) else {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw EditorTestFailure("the editor wrote no findings; its output:\n\(text.suffix(4000))")
        }
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw EditorTestFailure("findings are not a JSON object: \(String(decoding: data, as: UTF8.self))")
        }
        return object
    }

    /// Sends `method` with `params` under ids counting from `nextID` until an answer has items (the first may
    /// come while the model still loads) or five minutes pass, as an editor asking again would; the items.
    static func askUntilItems(_ client: LSPClient, _ method: String, _ params: [String: Any], nextID: inout Int) throws -> [[String: Any]] {
        var items: [[String: Any]] = []
        let deadline = Date().addingTimeInterval(300)
        while items.isEmpty && Date() < deadline {
            try client.send(["jsonrpc": "2.0", "id": nextID, "method": method, "params": params])
            let response = try client.response(to: nextID, timeout: 300)
            nextID += 1
            if response["error"] != nil { throw EditorTestFailure("\(method) failed: \(response)") }
            items = (response["result"] as? [String: Any])?["items"] as? [[String: Any]] ?? []
        }
        return items
    }

    /// Text with all spaces removed (model suggestions differ in spacing only between runs of other kernels).
    static func squeezed(_ text: String) -> String { text.replacingOccurrences(of: " ", with: "") }

    /// A rectangle's area after `return ` on line 3 (index 2): both Qwen2.5-Coder sizes complete `width * height`.
    static let areaSource = "def rectangle_area(width, height):\n    \"\"\"Return the area of a width by height rectangle.\"\"\"\n    return \n"

    /// The issue's mid-word case: line 4 (index 3) ends in the word `"Fizz` typed before the cursor.
    static let fizzSource = """
    def fizzbuzz(n):
        \"\"\"Return "Fizz", "Buzz", "FizzBuzz" or the number as text.\"\"\"
        if n % 15 == 0:
            return "Fizz
        if n % 3 == 0:
            return "Fizz"
        if n % 5 == 0:
            return "Buzz"
        return str(n)

    """
}

/// A failure with a message, for `throw` in editor tests.
struct EditorTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
