/// A snapshot of a model download, handed to the caller's progress closure.
public struct DownloadProgress: Sendable, CustomStringConvertible {
    /// The catalogue name of the model.
    public var modelName: String
    /// The source being tried (a URL or a PyPI package).
    public var source: String
    /// Bytes done in this phase.
    public var bytesDone: Int
    /// Bytes expected in this phase (0 when unknown).
    public var bytesTotal: Int
    /// What is happening: "downloading", "unpacking", "verifying", "done".
    public var phase: String
    /// The average speed of this phase so far, in bytes per second (nil when not yet known).
    public var bytesPerSecond: Double?

    /// A progress snapshot.
    public init(modelName: String, source: String, bytesDone: Int, bytesTotal: Int, phase: String,
                bytesPerSecond: Double? = nil) {
        self.modelName = modelName
        self.source = source
        self.bytesDone = bytesDone
        self.bytesTotal = bytesTotal
        self.phase = phase
        self.bytesPerSecond = bytesPerSecond
    }

    /// One line such as `qwen2.5-coder-0.5b: downloading 120.3/468.6 MB (25.7%) 41.2 MB/s from PyPI …`.
    public var description: String {
        let mb = 1_000_000.0
        var text = "\(modelName): \(phase) \(String(format: "%.1f", Double(bytesDone) / mb))"
        if bytesTotal > 0 {
            let percent = 100 * Double(bytesDone) / Double(bytesTotal)
            text += String(format: "/%.1f MB (%.1f%%)", Double(bytesTotal) / mb, percent)
        } else {
            text += " MB"
        }
        if let rate = bytesPerSecond, rate.isFinite {
            text += String(format: " %.1f MB/s", rate / mb)
        }
        if !source.isEmpty { text += " from \(source)" }
        return text
    }
}
