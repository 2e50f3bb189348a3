import Foundation
import TestSupport
import XCTest

/// Vim 9 (Debian's vim) with editors/vim runs in a real terminal (a private tmux server): typing shows
/// Infill's suggestion as ghost text and Tab accepts it; omni completion (CTRL-X CTRL-O) completes in the
/// middle of a word. The test reads the screen (tmux capture-pane) and the file Vim writes.
final class VimEndToEndTests: XCTestCase {
    /// Typing `w` after `return ` shows the rest as ghost text; Tab inserts it; `:wq` saves what is accepted.
    func testGhostTextIsShownAndTabAcceptsIt() throws {
        let session = try VimSession(source: EditorHarness.areaSource)
        defer { session.close() }
        try session.waitForServer()
        try session.keys("3G", "A")
        // Type `w` (an automatic request); should no suggestion show within a minute, type it again.
        var screenLine = ""
        var shown = false
        let deadline = Date().addingTimeInterval(300)
        while !shown && Date() < deadline {
            try session.keys("w")
            shown = try EditorHarness.waitUntil(timeout: 60, interval: 0.25) {
                screenLine = try session.screenLine(2)
                return screenLine.trimmingCharacters(in: .whitespaces).count > "return w".count
            }
            if !shown { try session.keys("BSpace") }
        }
        XCTAssertTrue(shown, "no ghost text appeared; screen:\n\((try? session.screen()) ?? "")\nlog:\n\(session.log.suffix(2000))")
        try session.keys("Tab", "Escape", ":wq", "Enter")
        try session.waitForExit()
        let saved = try session.savedLines()
        let accepted = saved[2].trimmingCharacters(in: .whitespaces)
        XCTAssertEqual(accepted, screenLine.trimmingCharacters(in: .whitespaces), "Tab inserted what was shown")
        let squeezed = EditorHarness.squeezed(accepted)
        XCTAssertTrue(squeezed.hasPrefix("returnwidth*height") || squeezed.hasPrefix("returnwh"), "accepted: \(accepted)")
        XCTAssertFalse(saved[2].contains("\t"), "Tab was taken by the suggestion, not inserted: \(saved[2])")
    }

    /// The issue's mid-word case through omni completion: `return "Fizz` + CTRL-X CTRL-O keeps and inserts
    /// Infill's item (filtered by the word `Fizz` like other clients filter).
    func testOmniCompletionInTheMiddleOfAWord() throws {
        let session = try VimSession(source: EditorHarness.fizzSource)
        defer { session.close() }
        try session.waitForServer()
        try session.keys("4G", "A")
        var line = ""
        let completed = try EditorHarness.waitUntil(timeout: 300, interval: 1) {
            try session.keys("C-x", "C-o")
            for _ in 0..<120 {
                line = try session.screenLine(3)
                if line.trimmingCharacters(in: .whitespaces) != "return \"Fizz" { return true }
                let screen = try session.screen()
                if screen.contains("Pattern not found") || screen.contains("Back at original") { break }
                usleep(250_000)
            }
            return false
        }
        XCTAssertTrue(completed, "omni completion inserted nothing; screen:\n\((try? session.screen()) ?? "")\nlog:\n\(session.log.suffix(2000))")
        try session.keys("Escape", ":wq", "Enter")
        try session.waitForExit()
        let saved = try session.savedLines()[3].trimmingCharacters(in: .whitespaces)
        XCTAssertTrue(saved.hasPrefix("return \"Fizz") && saved.count > "return \"Fizz".count, "line 4 after omni completion: \(saved)")
        XCTAssertFalse(saved.hasPrefix("return \"FizzFizz"), "the typed word is not repeated: \(saved)")
    }
}

/// Vim in a private tmux server (its own socket), 120×30, editing one Python file with editors/vim loaded.
private final class VimSession {
    let work: URL
    let file: URL
    let logFile: URL
    private let tmux: String
    private let socket: String
    /// The tmux session's name (on the private server `socket`).
    private static let session = "vim"

    init(source: String) throws {
        let vim = try EditorHarness.requireExecutable("vim", package: "vim")
        tmux = try EditorHarness.requireExecutable("tmux", package: "tmux")
        let model = try TestModels.path(EditorHarness.model)
        work = try EditorHarness.scratchDirectory("vim")
        socket = "infill-vim-\(UUID().uuidString.prefix(8))"
        file = work.appendingPathComponent("example.py")
        logFile = work.appendingPathComponent("infill.log")
        try source.write(to: file, atomically: true, encoding: .utf8)
        let vimrc = work.appendingPathComponent("vimrc")
        try """
        set nocompatible
        set runtimepath^=\(EditorHarness.editorsDirectory("vim"))
        let g:infill_command = ['\(LSPClient.binaryPath)', 'serve']
        let g:infill_settings = {'model': '\(model)', 'threads': 2}
        let g:infill_log = '\(logFile.path)'
        filetype plugin on
        syntax on
        """.write(to: vimrc, atomically: true, encoding: .utf8)
        // Not awaited: the tmux server it forks keeps what Foundation watches to see a child end, so the client
        // would look alive for as long as the server runs. The session showing the file is the event.
        _ = try EditorHarness.start(tmux, ["-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", Self.session, "-x", "120", "-y", "30",
                                           "\(vim) -Nu \(vimrc.path) -i NONE -n \(file.path)"],
                                    in: work, log: work.appendingPathComponent("tmux.log"))
        let shown = EditorHarness.waitUntil(timeout: 60) { ((try? screen()) ?? "").contains("def ") }
        if !shown {
            let screen = (try? screen()) ?? ""
            close()
            throw EditorTestFailure("Vim did not show the file; screen:\n\(screen)")
        }
    }

    /// The server's log (stderr and log messages), as the plugin appends it to g:infill_log.
    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Waits for the model to be loaded (the server says so in the log).
    func waitForServer() throws {
        if !EditorHarness.waitUntil(timeout: 300, { log.contains("ready") }) {
            throw EditorTestFailure("the server never reported its model ready; log:\n\(log.suffix(2000))")
        }
    }

    /// Sends tmux key names (`Escape`, `C-x`, `Tab`) or literal text.
    func keys(_ keys: String...) throws {
        for key in keys { try tmuxCommand(["send-keys", "-t", Self.session, key]) }
    }

    func screen() throws -> String { try tmuxCommand(["capture-pane", "-p", "-t", Self.session]) }

    /// Line `index` (0-based) of the screen.
    func screenLine(_ index: Int) throws -> String {
        try screen().split(separator: "\n", omittingEmptySubsequences: false).dropFirst(index).first.map(String.init) ?? ""
    }

    /// Waits until Vim has quit (the tmux session ends with it).
    func waitForExit() throws {
        let ended = EditorHarness.waitUntil(timeout: 60) { (try? tmuxCommand(["has-session", "-t", Self.session])) == nil }
        if !ended { throw EditorTestFailure("Vim did not quit; screen:\n\(try screen())") }
    }

    func savedLines() throws -> [String] {
        try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
    }

    func close() {
        _ = try? tmuxCommand(["kill-server"])
        try? FileManager.default.removeItem(at: work)
    }

    @discardableResult
    private func tmuxCommand(_ arguments: [String]) throws -> String {
        guard let (status, output) = EditorHarness.capture(tmux, ["-L", socket] + arguments), status == 0 else {
            throw EditorTestFailure("tmux \(arguments.first ?? "") failed")
        }
        return output
    }
}
