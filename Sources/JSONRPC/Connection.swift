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

    /// Frames and writes one message; returns false when the peer is gone.
    @discardableResult
    public func send(_ message: [String: Any]) -> Bool {
        var object = message
        object["jsonrpc"] = "2.0"
        guard let body = try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes]) else { return false }
        var bytes = Array("Content-Length: \(body.count)\r\n\r\n".utf8)
        bytes.append(contentsOf: body)
        return lock.withLock {
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress.unsafelyUnwrapped + offset, bytes.count - offset) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
    }

    /// Sends a response with a result.
    public func respond(_ id: RequestID, result: Any?) {
        send(["id": id.json, "result": result ?? NSNull()])
    }

    /// Sends an error response (`id` nil when the request's id could not be read).
    public func respond(_ id: RequestID?, error: ResponseError) {
        send(["id": id?.json ?? NSNull(), "error": ["code": error.code, "message": error.message]])
    }

    /// Sends a notification.
    public func notify(_ method: String, _ params: Any) {
        send(["method": method, "params": params])
    }
}

/// Reads a file descriptor with `read(2)` and hands framed events to a handler, until end of input.
public struct MessageReader {
    public let fd: Int32
    public let maximumMessageBytes: Int

    public init(fd: Int32, maximumMessageBytes: Int) {
        self.fd = fd
        self.maximumMessageBytes = maximumMessageBytes
    }

    /// Blocks reading; calls `handle` for each event; returns at end of input or on a read error.
    public func run(_ handle: (MessageFramer.Event) -> Bool) {
        var framer = MessageFramer(maximumMessageBytes: maximumMessageBytes)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
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
