import Foundation

/// Fetches one model source into a file, hashing as it writes.
struct SourceFetcher: Sendable {
    let entry: ModelEntry
    let source: ModelSource
    let connectTimeout: Double
    let scratchDirectory: String
    let progress: @Sendable (DownloadProgress) -> Void

    /// The size and SHA-256 of what was written.
    struct Result { var bytes: Int; var sha256: String }

    func fetch(into path: String) async throws -> Result {
        throw ModelStoreError.network(url: source.description, reason: "not implemented yet")
    }
}
