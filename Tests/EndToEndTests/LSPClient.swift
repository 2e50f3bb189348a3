import Foundation
import TestSupport
import XCTest

/// Starts the real `infill` binary as a child process and speaks LSP to it over pipes, as an editor would.
final class LSPClient {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private var buffer: [UInt8] = []
    private var nextID = 1
    /// Notifications received while waiting for responses, in order.
    private(set) var notifications: [[String: Any]] = []
    /// Everything the server wrote to stderr (for failure messages).
    private let stderrText = StderrCollector()

    /// The built `infill` executable, next to the test bundle.
    static var binaryPath: String {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [products, products.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("infill").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return products.appendingPathComponent("infill").path
    }

    init(arguments: [String] = ["serve"], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: Self.binaryPath)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        let collector = stderrText
        errors.fileHandleForReading.readabilityHandler = { handle in collector.append(handle.availableData) }
        try process.run()
    }

    deinit {
        errors.fileHandleForReading.readabilityHandler = nil
        if process.isRunning { process.terminate() }
    }

    var serverLog: String { stderrText.text }

    /// Sends raw bytes (for framing and garbage tests).
    func sendRaw(_ bytes: [UInt8]) {
        input.fileHandleForWriting.write(Data(bytes))
    }

    /// Sends one framed JSON message.
    func send(_ message: [String: Any]) throws {
        let body = try JSONSerialization.data(withJSONObject: message)
        sendRaw(Array("Content-Length: \(body.count)\r\n\r\n".utf8) + [UInt8](body))
    }

    /// Sends a request and returns its id.
    @discardableResult
    func sendRequest(_ method: String, _ params: Any? = nil) throws -> Int {
        let id = nextID
        nextID += 1
        var message: [String: Any] = ["jsonrpc": "2.0", "id": id, "method": method]
        if let params { message["params"] = params }
        try send(message)
        return id
    }

    func notify(_ method: String, _ params: Any? = nil) throws {
        var message: [String: Any] = ["jsonrpc": "2.0", "method": method]
        if let params { message["params"] = params }
        try send(message)
    }

    /// Sends a request and waits for its response (notifications in between are kept).
    func request(_ method: String, _ params: Any? = nil, timeout: Double = 60) throws -> [String: Any] {
        let id = try sendRequest(method, params)
        return try response(to: id, timeout: timeout)
    }

    /// Waits for the response with `id`.
    func response(to id: Int, timeout: Double = 60) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let message = try readMessage(deadline: deadline)
            if let responseID = message["id"] as? Int, responseID == id, message["method"] == nil { return message }
            if message["method"] != nil && message["id"] == nil { notifications.append(message) }
            if message["method"] != nil, let requestID = message["id"] {
                // A request from the server (e.g. workDoneProgress/create): answer it.
                try send(["jsonrpc": "2.0", "id": requestID, "result": NSNull()])
            }
        }
    }

    /// Reads the next framed message from the server's stdout.
    func readMessage(deadline: Date) throws -> [String: Any] {
        while true {
            if let message = try takeMessage() { return message }
            guard Date() < deadline else {
                throw LSPClientError("timed out waiting for a message; server log:\n\(serverLog.suffix(3000))")
            }
            let fd = output.fileHandleForReading.fileDescriptor
            var poll = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = Glibc.poll(&poll, 1, 100)
            if ready > 0 {
                var chunk = [UInt8](repeating: 0, count: 1 << 16)
                let n = read(fd, &chunk, chunk.count)
                if n <= 0 { throw LSPClientError("the server closed its output; exit status \(process.isRunning ? -1 : process.terminationStatus); log:\n\(serverLog.suffix(3000))") }
                buffer += chunk[0..<n]
            }
        }
    }

    private func takeMessage() throws -> [String: Any]? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let headerEnd = buffer.firstRange(of: separator) else { return nil }
        let header = String(decoding: buffer[..<headerEnd.lowerBound], as: UTF8.self)
        guard let line = header.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-length:") }),
              let length = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) else {
            throw LSPClientError("bad header from server: \(header)")
        }
        let start = headerEnd.upperBound
        guard buffer.count >= start + length else { return nil }
        let body = Data(buffer[start..<(start + length)])
        buffer.removeSubrange(0..<(start + length))
        guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw LSPClientError("server sent a non-object message")
        }
        return object
    }

    /// Closes stdin and waits for the process to end; returns its exit code.
    func waitForExit(timeout: Double = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// The standard opening: initialize (with the given options) and initialized.
    func initialize(options: [String: Any] = [:], capabilities: [String: Any] = [:]) throws -> [String: Any] {
        let response = try request("initialize", [
            "processId": NSNull(), "rootUri": NSNull(), "capabilities": capabilities, "initializationOptions": options,
        ])
        try notify("initialized", [String: Any]())
        return response
    }
}

struct LSPClientError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// Collects a child's stderr from a background handler.
final class StderrCollector: @unchecked Sendable {
    private var data = Data()
    private let lock = NSLock()
    func append(_ chunk: Data) { lock.withLock { data.append(chunk) } }
    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}
