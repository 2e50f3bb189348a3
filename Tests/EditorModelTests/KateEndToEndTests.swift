import Foundation
import TestSupport
import XCTest

/// Kate 22 (Debian's kate) with the LSP client settings of editors/kate, under its own Xvfb: in the middle of
/// the word `"Fizz`, Ctrl+Space lists Infill's items beside Kate's own words and Enter inserts the first.
/// A screenshot of the open menu is kept (its path is printed in the test log).
final class KateEndToEndTests: XCTestCase {
    func testCtrlSpaceListsInfillsItemAndEnterInsertsIt() throws {
        let kate = try EditorHarness.requireExecutable("kate", package: "kate")
        let xvfb = try EditorHarness.requireExecutable("Xvfb", package: "xvfb")
        let xdotool = try EditorHarness.requireExecutable("xdotool", package: "xdotool")
        let model = try TestModels.path(EditorHarness.model)
        let work = try EditorHarness.scratchDirectory("kate")
        defer { try? FileManager.default.removeItem(at: work) }

        // The document: Kate's own words here are `Fizz`, `Buzz`, `fizzbuzz`, none longer than `Fizz` that starts
        // with it, so a longer completion of `"Fizz` can only be Infill's.
        let file = work.appendingPathComponent("fizz.py")
        try EditorHarness.fizzSource.replacingOccurrences(of: "Return \"Fizz\", \"Buzz\", \"FizzBuzz\" or the number as text.", with: "Return the word for n.")
            .write(to: file, atomically: true, encoding: .utf8)
        let serverLog = work.appendingPathComponent("infill.log")
        let environment = try kateEnvironment(work: work, model: model, serverLog: serverLog)

        let display = try XvfbDisplay(xvfb, work: work)
        defer { display.stop() }
        var env = environment
        env["DISPLAY"] = display.name
        let kateProcess = try EditorHarness.start(kate, ["-n", file.path], in: work, log: work.appendingPathComponent("kate.log"), environment: env)
        defer { EditorHarness.stop(kateProcess) }
        let x = XDoTool(path: xdotool, display: display.name)

        var window = ""
        let appeared = EditorHarness.waitUntil(timeout: 120, interval: 0.5) {
            window = x.run(["search", "--onlyvisible", "--name", "fizz.py"]).split(separator: "\n").first.map(String.init) ?? ""
            return !window.isEmpty
        }
        let kateOutput = ((try? String(contentsOf: work.appendingPathComponent("kate.log"), encoding: .utf8)) ?? "").suffix(3000)
        XCTAssertTrue(appeared, "Kate's window did not appear; Kate's output:\n\(kateOutput)")
        guard appeared else { return }
        let log = { (try? String(contentsOf: serverLog, encoding: .utf8)) ?? "" }
        XCTAssertTrue(EditorHarness.waitUntil(timeout: 300, interval: 0.5) { log().contains("engine: loaded") },
                      "Kate did not start Infill (server approval or settings not taken?); server log:\n\(log())")

        // Line 4, end of line (keys to the editor view only, so they cannot race a dialog), Ctrl+Space.
        x.run(["windowfocus", "--sync", window])
        x.run(["key", "--clearmodifiers", "ctrl+Home", "Down", "Down", "Down", "End"])
        let answersBefore = log().components(separatedBy: "prompt tokens").count
        x.run(["key", "--clearmodifiers", "ctrl+space"])
        // The menu is Kate's own window; it grows when Infill's answer arrives. Wait for the engine to answer,
        // then for the menu to keep one size for a second and a half.
        XCTAssertTrue(EditorHarness.waitUntil(timeout: 300, interval: 0.5) { log().components(separatedBy: "prompt tokens").count > answersBefore },
                      "Infill was not asked for a completion; server log:\n\(log().suffix(2000))")
        var sizes: [String] = []
        let settled = EditorHarness.waitUntil(timeout: 60, interval: 0.5) {
            sizes.append(x.popupGeometry(besides: window))
            return sizes.count >= 4 && !sizes.last!.isEmpty && Set(sizes.suffix(4)).count == 1
        }
        XCTAssertTrue(settled, "Kate's completion menu did not settle: \(sizes.suffix(6))")
        let screenshot = try display.screenshot(named: "kate-mid-word-menu")
        print("Kate screenshot (the open completion menu): \(screenshot)")

        x.run(["key", "Return"])
        x.run(["key", "--clearmodifiers", "ctrl+s"])
        var line = ""
        let saved = EditorHarness.waitUntil(timeout: 60, interval: 0.5) {
            let lines = ((try? String(contentsOf: file, encoding: .utf8)) ?? "").components(separatedBy: "\n")
            line = lines.count > 3 ? lines[3].trimmingCharacters(in: .whitespaces) : ""
            return line != "return \"Fizz"
        }
        XCTAssertTrue(saved, "Enter inserted nothing, or Kate did not save; screenshot: \(screenshot)")
        XCTAssertTrue(line.hasPrefix("return \"Fizz") && line.count > "return \"Fizz".count, "line 4 after Enter: \(line); screenshot: \(screenshot)")
        XCTAssertFalse(line.hasPrefix("return \"FizzFizz"), "the typed word is not repeated: \(line)")
    }

    /// Kate's configuration in a scratch XDG tree: the LSP client plugin on, editors/kate/settings.json with
    /// this build's binary, the model and a log file, and the server command approved as the user does once.
    private func kateEnvironment(work: URL, model: String, serverLog: URL) throws -> [String: String] {
        let config = work.appendingPathComponent("config")
        let lspDirectory = config.appendingPathComponent("kate/lspclient")
        try FileManager.default.createDirectory(at: lspDirectory, withIntermediateDirectories: true)
        let shipped = try Data(contentsOf: URL(fileURLWithPath: EditorHarness.editorsDirectory("kate") + "/settings.json"))
        var settings = try XCTUnwrap(try JSONSerialization.jsonObject(with: shipped) as? [String: Any])
        var servers = try XCTUnwrap(settings["servers"] as? [String: Any])
        var python = try XCTUnwrap(servers["python"] as? [String: Any], "editors/kate/settings.json has a python server")
        python["command"] = [LSPClient.binaryPath, "serve"]
        var options = python["initializationOptions"] as? [String: Any] ?? [:]
        options["model"] = model
        options["threads"] = 2
        options["logLevel"] = "debug"
        options["logFile"] = serverLog.path
        python["initializationOptions"] = options
        servers = ["python": python]
        settings["servers"] = servers
        try JSONSerialization.data(withJSONObject: settings).write(to: lspDirectory.appendingPathComponent("settings.json"))
        try """
        [General]
        Show welcome view for new window=false

        [Kate Plugins]
        lspclientplugin=true

        [lspclient]
        AllowedServerCommandLines=\(LSPClient.binaryPath) serve

        """.write(to: config.appendingPathComponent("katerc"), atomically: true, encoding: .utf8)
        let runtime = work.appendingPathComponent("runtime")
        try FileManager.default.createDirectory(at: runtime, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for name in ["data", "cache"] {
            try FileManager.default.createDirectory(at: work.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        return ["XDG_CONFIG_HOME": config.path, "XDG_DATA_HOME": work.appendingPathComponent("data").path,
                "XDG_CACHE_HOME": work.appendingPathComponent("cache").path, "XDG_RUNTIME_DIR": runtime.path,
                "QT_QPA_PLATFORM": "xcb"]
    }
}

/// An Xvfb server of the test's own (`-displayfd` picks a free display number).
final class XvfbDisplay {
    let name: String
    private let process = Process()

    init(_ xvfb: String, work: URL) throws {
        let numberPipe = Pipe()
        process.executableURL = URL(fileURLWithPath: xvfb)
        process.arguments = ["-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"]
        process.standardOutput = numberPipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var number = ""
        let reader = numberPipe.fileHandleForReading
        while !number.hasSuffix("\n") {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            number += String(decoding: chunk, as: UTF8.self)
        }
        let trimmed = number.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, Int(trimmed) != nil else {
            process.terminate()
            throw EditorTestFailure("Xvfb did not report a display number")
        }
        name = ":" + trimmed
    }

    /// A PNG of the whole screen kept after the test (ImageMagick's `import`; `xwd` when it is absent),
    /// in $TMPDIR/infill-editor-artifacts.
    func screenshot(named base: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("infill-editor-artifacts")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let stamp = Int(Date().timeIntervalSince1970)
        let env = ["DISPLAY": name]
        let log = directory.appendingPathComponent("\(base).log")
        if let importTool = EditorHarness.findExecutable("import") {
            let path = directory.appendingPathComponent("\(base)-\(stamp).png").path
            try EditorHarness.run(importTool, ["-window", "root", path], in: directory, log: log, environment: env, timeout: 60)
            return path
        }
        let xwd = try EditorHarness.requireExecutable("xwd", package: "x11-apps")
        let path = directory.appendingPathComponent("\(base)-\(stamp).xwd").path
        try EditorHarness.run(xwd, ["-root", "-silent", "-out", path], in: directory, log: log, environment: env, timeout: 60)
        return path
    }

    func stop() { EditorHarness.stop(process) }
}

/// xdotool on one display.
struct XDoTool {
    let path: String
    let display: String

    /// Runs xdotool; returns its standard output ("" on failure: callers poll).
    @discardableResult
    func run(_ arguments: [String]) -> String {
        EditorHarness.capture(path, arguments, environment: ["DISPLAY": display])?.output ?? ""
    }

    /// The geometry of the visible Kate windows other than `main` (the completion menu), "" when none.
    func popupGeometry(besides main: String) -> String {
        let windows = run(["search", "--onlyvisible", "--class", "kate"]).split(separator: "\n").map(String.init).filter { $0 != main }
        return windows.map { run(["getwindowgeometry", $0]).replacingOccurrences(of: "\n", with: " ") }.joined(separator: "; ")
    }
}
