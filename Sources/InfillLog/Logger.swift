import Foundation
import Synchronization

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
/// It never writes to stdout: in the daemon stdout carries the protocol and nothing else.
public final class Logger: Sendable {
    /// The process-wide logger.
    public static let shared = Logger()

    private struct State {
        var level: LogLevel = .info
        var file: FileHandle?
    }
    private let state = Mutex(State())

    /// A logger at level `info` writing to stderr only.
    public init() {
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

    /// Writes one line when `level` is enabled; the message is built only then.
    public func log(_ level: LogLevel, _ subsystem: String, _ message: @autoclosure () -> String) {
        let (enabled, file) = state.withLock { ($0.level >= level, $0.file) }
        guard enabled else { return }
        let line = "\(Self.timestamp()) \(level.name) \(subsystem): \(message())\n"
        let data = Data(line.utf8)
        state.withLock { _ in
            FileHandle.standardError.write(data)
            file?.write(data)
        }
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
