import Foundation

/// Gzip decompression of dataset files.
///
/// TODO(ModelStore): replace with `ModelStore.Gzip.decompress` once that module lands; this temporary
/// fallback runs `gzip -dc` in a child process.
enum GzipDecompression {
    /// Errors of the fallback decompressor.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func decompress(_ compressed: [UInt8]) throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("infill-gunzip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("data.gz")
        let output = directory.appendingPathComponent("data")
        try Data(compressed).write(to: input)
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", input.path]
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "gzip -dc exited with status \(process.terminationStatus)")
        }
        return [UInt8](try Data(contentsOf: output))
    }
}
