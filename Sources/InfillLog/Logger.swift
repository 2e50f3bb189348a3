import Foundation

/// How much a log line matters; a logger writes the lines at or above its level.
public enum LogLevel: Int, Comparable, Sendable, CaseIterable {
    case error, warning, info, debug, trace

    /// Parses a level name ("error", "warning"/"warn", "info", "debug", "trace"), case-insensitively.
    public init?(name: String) {
        switch name.lowercased() {
        case "error": self = .error
        case "warning", "warn": self = .warning
        case "info": self = .info
        case "debug": self = .debug
        case "trace": self = .trace
        default: return nil
        }
    }

    /// The level's name as written in log lines.
    public var name: String {
        switch self {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "info"
        case .debug: return "debug"
        case .trace: return "trace"
        }
    }

    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rawValue < b.rawValue }
}

/// A thread-safe logger writing `time level subsystem: message` lines to stderr and, when set, to a file.
///
/// It never writes to stdout: in the daemon stdout carries the protocol and nothing else. By default a line
/// is written before `log` returns (what a command-line tool wants); the daemon calls
/// `startBackgroundWriter()`, after which `log` never blocks: lines go to a bounded buffer that a thread of
/// its own writes out, and when the reader of stderr does not keep up (or closed it) lines are dropped and
/// counted, and the count is written once stderr takes lines again.
public final class Logger: Sendable {
    /// The process-wide logger.
    public static let shared = Logger()

    private struct State {
        var level: LogLevel = .info
        var file: FileHandle?
        /// Lines waiting for the background writer (nil: lines are written synchronously).
        var queue: [Data]?
        var queuedBytes = 0
        var capacityBytes = 0
        var droppedSinceLastWrite = 0
        var droppedTotal = 0
        var writing = false
    }
    private let state = Locked(State())
    private let wake = NSCondition()
    private let stderrFD: Int32

    /// A logger at level `info` writing to stderr only (`stderrFD`: where "stderr" is, for tests).
    public init(stderrFD: Int32 = 2) {
        self.stderrFD = stderrFD
        if let name = ProcessInfo.processInfo.environment["INFILL_LOG_LEVEL"], let level = LogLevel(name: name) {
            state.withLock { $0.level = level }
        }
    }

    /// The lowest level written.
    public var level: LogLevel { state.withLock { $0.level } }

    /// Changes the lowest level written.
    public func setLevel(_ level: LogLevel) {
        state.withLock { $0.level = level }
    }

    /// Lines dropped so far because the buffer was full (stderr not read).
    public var droppedLines: Int { state.withLock { $0.droppedTotal } }

    /// Also appends every line to `path` (created when missing).
    public func setLogFile(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw LoggerError.cannotOpen(path: path)
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw LoggerError.cannotOpen(path: path) }
        handle.seekToEndOfFile()
        state.withLock { $0.file = handle }
    }

    /// From now on `log` never blocks: lines wait in a buffer of at most `capacityBytes`, written by a thread
    /// of its own; lines that do not fit are dropped and counted.
    public func startBackgroundWriter(capacityBytes: Int = 1 << 20) {
        let started = state.withLock { s -> Bool in
            guard s.queue == nil else { return false }
            s.queue = []
            s.capacityBytes = capacityBytes
            return true
        }
        guard started else { return }
        let thread = Thread { [self] in writeLoop() }
        thread.name = "infill.log"
        thread.start()
    }

    /// Waits up to `timeout` seconds for the background writer to write what is buffered; whether it did.
    @discardableResult
    public func flush(timeout: Double = 1) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            if state.withLock({ ($0.queue?.isEmpty ?? true) && !$0.writing }) { return true }
            usleep(5_000)
        } while Date() < deadline
        return false
    }

    /// Writes one line when `level` is enabled; the message is built only then.
    public func log(_ level: LogLevel, _ subsystem: String, _ message: @autoclosure () -> String) {
        guard state.withLock({ $0.level >= level }) else { return }
        let data = Data("\(Self.timestamp()) \(level.name) \(subsystem): \(message())\n".utf8)
        let queued = state.withLock { s -> Bool in
            guard s.queue != nil else { return false }
            if s.queuedBytes + data.count > s.capacityBytes {
                s.droppedSinceLastWrite += 1
                s.droppedTotal += 1
            } else {
                s.queue?.append(data)
                s.queuedBytes += data.count
            }
            return true
        }
        if queued {
            wake.withLock { wake.signal() }
        } else {
            let file = state.withLock { $0.file }
            state.withLock { _ in write(data, file: file) }
        }
    }

    /// The background writer: takes what is buffered, writes it (blocking here only), repeats.
    private func writeLoop() {
        while true {
            let (lines, dropped, file) = state.withLock { s -> ([Data], Int, FileHandle?) in
                let lines = s.queue ?? []
                s.queue = []
                s.queuedBytes = 0
                let dropped = s.droppedSinceLastWrite
                s.droppedSinceLastWrite = 0
                s.writing = !lines.isEmpty || dropped > 0
                return (lines, dropped, s.file)
            }
            if lines.isEmpty && dropped == 0 {
                wake.withLock { _ = wake.wait(until: Date().addingTimeInterval(0.2)) }
                continue
            }
            if dropped > 0 {
                write(Data("\(Self.timestamp()) warning log: \(dropped) log lines dropped: stderr was not being read\n".utf8), file: file)
            }
            for line in lines { write(line, file: file) }
            state.withLock { $0.writing = false }
        }
    }

    /// Writes to stderr with write(2) (a closed or broken stderr is ignored: never a crash, never SIGPIPE
    /// when the daemon ignores it) and to the log file.
    private func write(_ data: Data, file: FileHandle?) {
        StandardError.write(bytes: data, descriptor: stderrFD)
        try? file?.write(contentsOf: data)
    }

    /// Logs at `error`.
    public func error(_ subsystem: String, _ message: @autoclosure () -> String) { log(.error, subsystem, message()) }
    /// Logs at `warning`.
    public func warning(_ subsystem: String, _ message: @autoclosure () -> String) { log(.warning, subsystem, message()) }
    /// Logs at `info`.
    public func info(_ subsystem: String, _ message: @autoclosure () -> String) { log(.info, subsystem, message()) }
    /// Logs at `debug`.
    public func debug(_ subsystem: String, _ message: @autoclosure () -> String) { log(.debug, subsystem, message()) }
    /// Logs at `trace`.
    public func trace(_ subsystem: String, _ message: @autoclosure () -> String) { log(.trace, subsystem, message()) }

    private static func timestamp() -> String {
        var now = timeval()
        gettimeofday(&now, nil)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%02d:%02d:%02d.%03d", parts.tm_hour, parts.tm_min, parts.tm_sec, Int(now.tv_usec) / 1000)
    }
}

/// Failures of the logger's own setup.
public enum LoggerError: Error, CustomStringConvertible {
    /// The log file cannot be created or opened for writing.
    case cannotOpen(path: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path): return "cannot open the log file '\(path)' for writing"
        }
    }
}
