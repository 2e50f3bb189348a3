import Completion
import Foundation
import InfillLog
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `infill translate` and `infill write` are doing, on one line of stderr rewritten in place
/// (`infill translate: writing 4 candidates (a prompt of 187 tokens)… 12 s`, the seconds counting on), cleared
/// before the code is printed.
///
/// Only when stderr is a terminal: a script, a pipe or an editor's filter (Vim's `:'<,'>!` sends stderr into the
/// buffer with the code) gets nothing but the code, and a warning when there is one.
final class StageLine: Sendable {
    private struct State {
        var open = false
        var stage = ""
        var ticks: DispatchSourceTimer?
    }
    private let command: String
    private let start = Date()
    private let state = Locked(State())
    private let write: @Sendable (String) -> Void

    /// A line for `command` (`translate`, `write`), or nil when stderr is not a terminal.
    static func onTerminal(command: String) -> StageLine? {
        isatty(STDERR_FILENO) != 0 ? StageLine(command: command) { StandardError.write($0) } : nil
    }

    /// A line for `command` that writes its bytes with `write` (terminal control sequences included).
    init(command: String, write: @escaping @Sendable (String) -> Void) {
        self.command = command
        self.write = write
    }

    /// Shows `stage` with the seconds since the line was made, rewritten every second until `finish()`.
    func show(_ stage: String) {
        state.withLock { s in
            s.stage = stage
            s.open = true
            write("\r\u{1B}[K" + text(s.stage))
            if s.ticks == nil {
                let ticks = DispatchSource.makeTimerSource(queue: .global())
                ticks.schedule(deadline: .now() + 1, repeating: 1)
                ticks.setEventHandler { [weak self] in self?.tick() }
                ticks.resume()
                s.ticks = ticks
            }
        }
    }

    /// Clears the line and stops its clock (before the code or an error is printed).
    func finish() {
        state.withLock { s in
            s.ticks?.cancel()
            s.ticks = nil
            if s.open { write("\r\u{1B}[K") }
            s.open = false
        }
    }

    private func tick() {
        state.withLock { s in
            if s.open { write("\r\u{1B}[K" + text(s.stage)) }
        }
    }

    /// `options` telling this line each stage as the engine reaches it.
    func reporting(into options: CodeTaskOptions) -> CodeTaskOptions {
        var options = options
        options.onStage = { [self] stage in show(stage.description) }
        return options
    }

    private func text(_ stage: String) -> String {
        "infill \(command): \(stage)… \(Int(Date().timeIntervalSince(start))) s"
    }
}
