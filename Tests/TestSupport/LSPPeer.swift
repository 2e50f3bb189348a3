import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The editor's side of an LSP conversation over two file descriptors: framed JSON out, framed JSON in.
/// Used against the real binary over pipes (EndToEndTests) and against an in-process server with a
/// fake engine (InfillServerTests).
open class LSPPeer {
    private let writeFD: Int32
    private let readFD: Int32
    private var buffer: [UInt8] = []
    private var nextID = 1
    /// Extra text for failure messages (e.g. the server's log).
    private let context: () -> String
    /// Notifications received while waiting for responses, in order.
    public private(set) var notifications: [[String: Any]] = []
    /// Requests the server sent (progress tokens, workspace edits), in order; each was answered.
    public private(set) var serverRequests: [[String: Any]] = []
    /// The answer to a request from the server: the response's `result` or `error` member (default: a
    /// `null` result).
    public var answerServerRequest: ([String: Any]) -> [String: Any] = { _ in ["result": NSNull()] }

    /// - Parameters: writeFD is the server's input, readFD its output.
    public init(writeFD: Int32, readFD: Int32, context: @escaping () -> String = { "" }) {
        self.writeFD = writeFD
        self.readFD = readFD
        self.context = context
        signal(SIGPIPE, SIG_IGN)          // a server that has exited must fail a test, not kill the runner
    }

    /// Sends raw bytes (for framing and garbage tests).
    public func sendRaw(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(writeFD, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Sends one framed JSON message.
    public func send(_ message: [String: Any]) throws {
        let body = try JSONSerialization.data(withJSONObject: message)
        sendRaw(Array("Content-Length: \(body.count)\r\n\r\n".utf8) + [UInt8](body))
    }

    /// Sends a request and returns its id.
    @discardableResult
    public func sendRequest(_ method: String, _ params: Any? = nil) throws -> Int {
        let id = nextID
        nextID += 1
        var message: [String: Any] = ["jsonrpc": "2.0", "id": id, "method": method]
        if let params { message["params"] = params }
        try send(message)
        return id
    }

    public func notify(_ method: String, _ params: Any? = nil) throws {
        var message: [String: Any] = ["jsonrpc": "2.0", "method": method]
        if let params { message["params"] = params }
        try send(message)
    }

    /// Sends a request and waits for its response (notifications in between are kept).
    public func request(_ method: String, _ params: Any? = nil, timeout: Double = 60) throws -> [String: Any] {
        let id = try sendRequest(method, params)
        return try response(to: id, timeout: timeout)
    }

    /// Waits for the response with `id`; answers requests from the server (progress tokens) on the way.
    public func response(to id: Int, timeout: Double = 60) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let message = try readMessage(deadline: deadline)
            if let responseID = message["id"] as? Int, responseID == id, message["method"] == nil { return message }
            try keep(message)
        }
    }

    /// Keeps a notification, or answers a request from the server.
    private func keep(_ message: [String: Any]) throws {
        guard message["method"] != nil else { return }
        guard let requestID = message["id"] else { return notifications.append(message) }
        serverRequests.append(message)
        var answer = answerServerRequest(message)
        answer["jsonrpc"] = "2.0"
        answer["id"] = requestID
        try send(answer)
    }

    /// Waits until a notification with `method` has arrived (reading on), and returns it.
    public func notification(_ method: String, timeout: Double = 10) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let found = notifications.first(where: { $0["method"] as? String == method }) { return found }
            try keep(try readMessage(deadline: deadline))
        }
    }

    /// Waits until `count` notifications with `method` have arrived (reading on), and returns them.
    public func notifications(_ method: String, count: Int, timeout: Double = 10) throws -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let found = notifications.filter { $0["method"] as? String == method }
            if found.count >= count { return found }
            try keep(try readMessage(deadline: deadline))
        }
    }

    /// Waits until `count` notifications with `method` whose `params.message` contains `text` have arrived
    /// (`window/logMessage`, `window/showMessage`), and returns the last of them.
    public func notification(_ method: String, containing text: String, count: Int = 1, timeout: Double = 10) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let found = notifications.filter {
                $0["method"] as? String == method && (($0["params"] as? [String: Any])?["message"] as? String)?.contains(text) == true
            }
            if found.count >= count, let last = found.last { return last }
            try keep(try readMessage(deadline: deadline))
        }
    }

    /// Reads the next framed message.
    public func readMessage(deadline: Date) throws -> [String: Any] {
        while true {
            if let message = try takeMessage() { return message }
            guard Date() < deadline else {
                throw LSPPeerError("timed out waiting for a message\(describeContext())")
            }
            var poll = pollfd(fd: readFD, events: Int16(POLLIN), revents: 0)
            if Glibc.poll(&poll, 1, 100) > 0 {
                var chunk = [UInt8](repeating: 0, count: 1 << 16)
                let n = read(readFD, &chunk, chunk.count)
                if n <= 0 { throw LSPPeerError("the server closed its output\(describeContext())") }
                buffer += chunk[0..<n]
            }
        }
    }

    /// The standard opening: initialize (with the given options) and initialized.
    public func initialize(options: [String: Any] = [:], capabilities: [String: Any] = [:]) throws -> [String: Any] {
        let response = try request("initialize", [
            "processId": NSNull(), "rootUri": NSNull(), "capabilities": capabilities, "initializationOptions": options,
        ])
        try notify("initialized", [String: Any]())
        return response
    }

    private func describeContext() -> String {
        let text = context()
        return text.isEmpty ? "" : "; server log:\n\(text.suffix(3000))"
    }

    private func takeMessage() throws -> [String: Any]? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let headerEnd = buffer.firstRange(of: separator) else { return nil }
        let header = String(decoding: buffer[..<headerEnd.lowerBound], as: UTF8.self)
        guard let line = header.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-length:") }),
              let length = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) else {
            throw LSPPeerError("bad header from server: \(header)")
        }
        let start = headerEnd.upperBound
        guard buffer.count >= start + length else { return nil }
        let body = Data(buffer[start..<(start + length)])
        buffer.removeSubrange(0..<(start + length))
        guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw LSPPeerError("server sent a non-object message")
        }
        return object
    }
}

public struct LSPPeerError: Error, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}
