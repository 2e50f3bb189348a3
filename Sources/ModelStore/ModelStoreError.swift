import Foundation

/// Everything that can go wrong while finding, downloading, unpacking or verifying a model file.
public enum ModelStoreError: Error, CustomStringConvertible, Sendable {
    /// The name is neither a catalogue model nor a path to an existing `.gguf` file.
    case unknownModel(name: String, known: [String])
    /// A file system operation failed.
    case fileSystem(path: String, reason: String)
    /// An HTTP request failed (connection, timeout, status code).
    case network(url: String, reason: String)
    /// A downloaded or unpacked file has the wrong size.
    case sizeMismatch(what: String, expected: Int, actual: Int)
    /// A downloaded or unpacked file has the wrong SHA-256 digest.
    case digestMismatch(what: String, expected: String, actual: String)
    /// A PyPI JSON API answer was not what was expected.
    case badIndexResponse(url: String, reason: String)
    /// A zip archive is malformed or uses an unsupported feature.
    case badArchive(reason: String)
    /// A zip archive does not contain the wanted member.
    case missingMember(name: String)
    /// A DEFLATE stream is malformed.
    case badDeflateStream(reason: String)
    /// A gzip stream is malformed.
    case badGzipStream(reason: String)
    /// A CRC-32 check failed.
    case checksumMismatch(what: String, expected: UInt32, actual: UInt32)
    /// Every source of a model failed; `failures` says how each one failed, in the order tried.
    case allSourcesFailed(model: String, failures: [String])

    public var description: String {
        switch self {
        case .unknownModel(let name, let known):
            return "unknown model '\(name)': not a catalogue name and not an existing .gguf file (known models: \(known.joined(separator: ", ")))"
        case .fileSystem(let path, let reason):
            return "file system error at '\(path)': \(reason)"
        case .network(let url, let reason):
            return "download of \(url) failed: \(reason)"
        case .sizeMismatch(let what, let expected, let actual):
            return "\(what) has \(actual) bytes, expected \(expected)"
        case .digestMismatch(let what, let expected, let actual):
            return "\(what) has SHA-256 \(actual), expected \(expected)"
        case .badIndexResponse(let url, let reason):
            return "unexpected package index answer from \(url): \(reason)"
        case .badArchive(let reason):
            return "bad zip archive: \(reason)"
        case .missingMember(let name):
            return "the zip archive has no member '\(name)'"
        case .badDeflateStream(let reason):
            return "bad DEFLATE data: \(reason)"
        case .badGzipStream(let reason):
            return "bad gzip data: \(reason)"
        case .checksumMismatch(let what, let expected, let actual):
            return "\(what) has CRC-32 \(String(actual, radix: 16)), expected \(String(expected, radix: 16))"
        case .allSourcesFailed(let model, let failures):
            return "could not obtain model '\(model)'; every source failed:\n  " + failures.joined(separator: "\n  ")
        }
    }
}
