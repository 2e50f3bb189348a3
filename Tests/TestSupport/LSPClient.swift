import Foundation

/// Starts the real `infill` binary as a child process and speaks LSP to it over pipes, as an editor would
/// (EndToEndTests and EndToEndModelTests).
public final class LSPClient: LSPPeer, @unchecked Sendable {
    /// The running `infill` process.
    public let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    /// Everything the server wrote to stderr (for failure messages).
    private let stderrText: StderrCollector

    /// The built `infill` executable, next to the test bundle (`INFILL_TEST_BINARY` names another, e.g. an
    /// older build to check that a regression test fails there).
    public static var binaryPath: String {
        if let path = ProcessInfo.processInfo.environment["INFILL_TEST_BINARY"], !path.isEmpty { return path }
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [products, products.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("infill").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return products.appendingPathComponent("infill").path
    }

    /// What the test does with the server's stderr.
    public enum Stderr { case collect, neverRead, closed }

    /// Starts the binary with `arguments`; a non-empty `launcher` runs it through another program (e.g.
    /// `["/usr/bin/taskset", "-c", "0"]` pins it to one CPU): the launcher's arguments, then the binary.
    public init(arguments: [String] = ["serve"], environment: [String: String] = [:], stderr: Stderr = .collect, launcher: [String] = []) throws {
        let collector = StderrCollector()
        stderrText = collector
        super.init(writeFD: input.fileHandleForWriting.fileDescriptor, readFD: output.fileHandleForReading.fileDescriptor,
                   context: { collector.text })
        if let program = launcher.first {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = Array(launcher.dropFirst()) + [Self.binaryPath] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: Self.binaryPath)
            process.arguments = arguments
        }
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        if stderr == .collect {
            errors.fileHandleForReading.readabilityHandler = { handle in collector.append(handle.availableData) }
        }
        // The child starts with SIGPIPE at its default, as under an editor (the test runner ignores it, and
        // an ignored signal would be inherited).
        signal(SIGPIPE, SIG_DFL)
        defer { signal(SIGPIPE, SIG_IGN) }
        try process.run()
        if stderr == .closed { try errors.fileHandleForReading.close() }
    }

    deinit {
        errors.fileHandleForReading.readabilityHandler = nil
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// Everything the server wrote to stderr so far.
    public var serverLog: String { stderrText.text }

    /// Closes the test's end of the server's stdout: the server's next write fails (EPIPE).
    public func closeServerOutput() throws {
        try output.fileHandleForReading.close()
    }

    /// Closes the server's stdin (end of input, as when the editor quits without `exit`).
    public func closeServerInput() throws {
        try input.fileHandleForWriting.close()
    }

    /// Waits for the process to end; returns its exit code (nil when it is still running at `timeout`).
    public func waitForExit(timeout: Double = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        return process.isRunning ? nil : process.terminationStatus
    }
}

/// Collects a child's stderr from a background handler.
final class StderrCollector: @unchecked Sendable {
    private var data = Data()
    private let lock = NSLock()
    func append(_ chunk: Data) { lock.withLock { data.append(chunk) } }
    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}
