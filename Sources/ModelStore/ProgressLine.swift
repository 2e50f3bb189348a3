import Foundation
import InfillLog

/// Shows download progress on stderr: one line rewritten in place on a terminal, a line every few
/// seconds otherwise (logs, CI).
public final class ProgressLine: Sendable {
    /// The process-wide progress display.
    public static let shared = ProgressLine()

    private struct State {
        var lastPrint = Date.distantPast
        var lastText = ""
        var open = false
    }
    private let state = Locked(State())
    private let isTerminal = isatty(STDERR_FILENO) != 0

    /// Shows `progress` (throttled).
    public func show(_ progress: DownloadProgress) {
        let text = "infill: \(progress)"
        state.withLock { s in
            let now = Date()
            let interval = isTerminal ? 0.1 : 5
            guard now.timeIntervalSince(s.lastPrint) >= interval || progress.phase != "downloading" && text != s.lastText else { return }
            s.lastPrint = now
            s.lastText = text
            if isTerminal {
                StandardError.write("\r\u{1B}[K" + text)
                s.open = true
            } else {
                StandardError.write(text + "\n")
            }
        }
    }

    /// Ends the progress line (a newline on a terminal).
    public func finish() {
        state.withLock { s in
            if s.open { StandardError.write("\n") }
            s.open = false
        }
    }
}
