import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes framed JSON-RPC messages to a file descriptor; safe to call from any thread.
public final class MessageWriter: @unchecked Sendable {
    private let fd: Int32
    private let lock = NSLock()

    /// A writer to `fd` (the daemon's protocol output, a private copy of stdout).
    public init(fd: Int32) {
        self.fd = fd
    }

    /// Why a message was not written.
    public enum Failure: Error, Equatable {
        /// The message is not representable as JSON (a bug of the caller, not of the peer).
        case notJSON
        /// The peer closed its end, or the descriptor failed (`errno`).
        case closed(errno: Int32)
    }

    /// Frames and writes one message (adding `"jsonrpc": "2.0"`), whole, before any other thread's.
    public func send(_ message: [String: Any]) throws(Failure) {
        var object = message
        object["jsonrpc"] = "2.0"
        guard JSONSerialization.isValidJSONObject(object),
              let body = try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes]) else { throw .notJSON }
        var bytes = Array("Content-Length: \(body.count)\r\n\r\n".utf8)
        bytes.append(contentsOf: body)
        let failure: Int32? = lock.withLock {
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress.unsafelyUnwrapped + offset, bytes.count - offset) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return n < 0 ? errno : EPIPE }
                offset += n
            }
            return nil
        }
        if let failure { throw .closed(errno: failure) }
    }
}

/// Reads a file descriptor with `read(2)` and hands framed events to a handler, until end of input or
/// `stop()`; safe to stop from any thread.
public final class MessageReader: @unchecked Sendable {
    public let fd: Int32
    public let maximumMessageBytes: Int
    /// A pipe whose read end wakes the reading thread when `stop()` writes to it.
    private var wake: [Int32] = [-1, -1]

    public init(fd: Int32, maximumMessageBytes: Int) {
        self.fd = fd
        self.maximumMessageBytes = maximumMessageBytes
        _ = pipe(&wake)
    }

    deinit {
        for end in wake where end >= 0 { close(end) }
    }

    /// Makes `run` return (now, or as soon as it starts).
    public func stop() {
        var byte: UInt8 = 1
        _ = write(wake[1], &byte, 1)
    }

    /// Blocks reading; calls `handle` for each event; returns at end of input, on a read error, when
    /// `handle` returns false, or after `stop()`.
    public func run(_ handle: (MessageFramer.Event) -> Bool) {
        var framer = MessageFramer(maximumMessageBytes: maximumMessageBytes)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: wake[0], events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, -1)
            if ready < 0 && errno == EINTR { continue }
            if ready < 0 || fds[1].revents != 0 { return }
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            framer.feed(chunk[0..<n])
            while let event = framer.next() {
                if !handle(event) { return }
            }
        }
    }
}
