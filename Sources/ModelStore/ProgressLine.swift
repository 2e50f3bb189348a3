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
                FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
                s.open = true
            } else {
                FileHandle.standardError.write(Data((text + "\n").utf8))
            }
        }
    }

    /// Ends the progress line (a newline on a terminal).
    public func finish() {
        state.withLock { s in
            if s.open { FileHandle.standardError.write(Data("\n".utf8)) }
            s.open = false
        }
    }
}
