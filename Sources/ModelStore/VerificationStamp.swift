import Foundation

/// A record, kept beside a model file as `<file>.verified`, that the file with this size and modification
/// time was hashed and had this SHA-256, so that a large file is not re-hashed at every start.
struct VerificationStamp: Equatable {
    var bytes: Int
    var modificationTime: Double
    var sha256: String

    /// The stamp path for a model file.
    static func path(for file: String) -> String { file + ".verified" }

    /// The size and modification time of `file` with the given digest, or nil when the file is missing.
    static func current(of file: String, sha256: String) -> VerificationStamp? {
        guard let (bytes, time) = fileSizeAndTime(file) else { return nil }
        return VerificationStamp(bytes: bytes, modificationTime: time, sha256: sha256)
    }

    /// The stamp stored beside `file`, if there is a readable one.
    static func read(for file: String) -> VerificationStamp? {
        guard let data = FileManager.default.contents(atPath: path(for: file)),
              let text = String(data: data, encoding: .utf8) else { return nil }
        var bytes: Int?, time: Double?, sha: String?
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "bytes": bytes = Int(parts[1])
            case "mtime": time = Double(parts[1])
            case "sha256": sha = parts[1]
            default: continue
            }
        }
        guard let bytes, let time, let sha else { return nil }
        return VerificationStamp(bytes: bytes, modificationTime: time, sha256: sha)
    }

    /// Writes the stamp beside `file` (atomically).
    func write(for file: String) throws {
        let text = "bytes=\(bytes)\nmtime=\(modificationTime)\nsha256=\(sha256)\n"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: Self.path(for: file)), options: .atomic)
        } catch {
            throw ModelStoreError.fileSystem(path: Self.path(for: file), reason: "cannot write the verification stamp: \(error)")
        }
    }

    /// The size and modification time (seconds since 1970) of a regular file.
    static func fileSizeAndTime(_ file: String) -> (Int, Double)? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
              let size = (attributes[.size] as? NSNumber)?.intValue,
              let date = attributes[.modificationDate] as? Date else { return nil }
        return (size, date.timeIntervalSince1970)
    }
}
