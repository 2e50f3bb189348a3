import Foundation

/// Starts the real `infill` binary as a child process and speaks LSP to it over pipes, as an editor would
/// (EndToEndTests and EndToEndModelTests).
public final class LSPClient: LSPPeer {
    /// The running `infill` process.
    public let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    /// Everything the server wrote to stderr (for failure messages).
    private let stderrText: StderrCollector

    /// The built `infill` executable, next to the test bundle.
    public static var binaryPath: String {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [products, products.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("infill").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return products.appendingPathComponent("infill").path
    }

    /// Starts `infill` with `arguments` and the test's environment plus `environment`.
    public init(arguments: [String] = ["serve"], environment: [String: String] = [:]) throws {
        let collector = StderrCollector()
        stderrText = collector
        super.init(writeFD: input.fileHandleForWriting.fileDescriptor, readFD: output.fileHandleForReading.fileDescriptor,
                   context: { collector.text })
        process.executableURL = URL(fileURLWithPath: Self.binaryPath)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        errors.fileHandleForReading.readabilityHandler = { handle in collector.append(handle.availableData) }
        try process.run()
    }

    deinit {
        errors.fileHandleForReading.readabilityHandler = nil
        if process.isRunning { process.terminate() }
    }

    /// Everything the server wrote to stderr so far.
    public var serverLog: String { stderrText.text }

    /// Closes stdin and waits for the process to end; returns its exit code.
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
