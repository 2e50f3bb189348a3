import Foundation
import InfillLog

/// The local cache of model files: where they live, whether they are there and verified, and how to get
/// them when they are not.
///
/// Files live in `<home>/models/<file name>`; `home` is `$INFILL_HOME`, else `~/.cache/infill`.
public struct ModelStore: Sendable {
    /// The cache root (holding `models/`).
    public let home: String
    /// How long to wait for a connection or for the next bytes before a source is given up.
    public var connectTimeout: Double = 10
    private let catalog: ModelCatalog

    /// A store under `home`; nil means `$INFILL_HOME`, else `~/.cache/infill`.
    public init(home: String? = nil) {
        self.init(home: home, catalog: .builtIn())
    }

    /// A store under `home` that resolves names against `catalog` (used by tests with made-up models).
    public init(home: String?, catalog: ModelCatalog) {
        if let home, !home.isEmpty {
            self.home = home
        } else {
            self.home = Self.defaultHome
        }
        self.catalog = catalog
    }

    /// Infill's cache root, where its files live (models, and the C++ build check's precompiled headers):
    /// `$INFILL_HOME`, else `~/.cache/infill`.
    public static var defaultHome: String {
        if let env = ProcessInfo.processInfo.environment["INFILL_HOME"], !env.isEmpty { return env }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/infill").path
    }

    /// The folder holding the model files.
    public var modelsDirectory: String { home + "/models" }

    /// Where the file of `entry` is (or will be) stored.
    public func path(for entry: ModelEntry) -> String { modelsDirectory + "/" + entry.fileName }

    /// Whether the file of `entry` is present with the catalogue's size and SHA-256.
    ///
    /// The hash is computed once per file and remembered in a `<file>.verified` stamp (size, modification
    /// time, digest); later calls only compare the stamp with the file's size and time.
    public func isInstalled(_ entry: ModelEntry) -> Bool {
        let file = path(for: entry)
        guard let (bytes, _) = VerificationStamp.fileSizeAndTime(file), bytes == entry.bytes else { return false }
        if let stamp = VerificationStamp.read(for: file),
           stamp == VerificationStamp.current(of: file, sha256: entry.sha256) {
            return true
        }
        Logger.shared.info("models", "verifying \(entry.fileName) (SHA-256 of \(bytes) bytes, once)")
        guard let digest = try? SHA256.hexDigest(ofFile: file) else { return false }
        guard digest == entry.sha256 else {
            Logger.shared.warning("models", "\(file) has SHA-256 \(digest), expected \(entry.sha256); it will be downloaded again")
            return false
        }
        try? VerificationStamp.current(of: file, sha256: digest)?.write(for: file)
        return true
    }

    /// Returns the verified local path of `entry`, downloading it first when it is missing.
    ///
    /// Sources are tried in catalogue order; a source that fails (no network, bad data) is reported to the
    /// log and the next one is tried. The file is written as `<file>.part`, checked for size and SHA-256,
    /// and only then renamed to its final name.
    public func pull(_ entry: ModelEntry, progress: @escaping @Sendable (DownloadProgress) -> Void) async throws -> String {
        let file = path(for: entry)
        if isInstalled(entry) { return file }
        try createDirectory(modelsDirectory)
        let partial = file + ".part"
        var failures: [String] = []
        for source in entry.sources {
            removeIfPresent(partial)
            do {
                Logger.shared.info("models", "\(entry.name): trying \(source)")
                let fetcher = SourceFetcher(entry: entry, source: source, connectTimeout: connectTimeout,
                                            scratchDirectory: modelsDirectory, progress: progress)
                let result = try await fetcher.fetch(into: partial)
                guard result.bytes == entry.bytes else {
                    throw ModelStoreError.sizeMismatch(what: entry.fileName, expected: entry.bytes, actual: result.bytes)
                }
                guard result.sha256 == entry.sha256 else {
                    throw ModelStoreError.digestMismatch(what: entry.fileName, expected: entry.sha256, actual: result.sha256)
                }
                try install(partial, as: file)
                try VerificationStamp.current(of: file, sha256: result.sha256)?.write(for: file)
                progress(DownloadProgress(modelName: entry.name, source: source.description, bytesDone: entry.bytes,
                                          bytesTotal: entry.bytes, phase: "done"))
                Logger.shared.info("models", "\(entry.name): installed \(file)")
                return file
            } catch {
                removeIfPresent(partial)
                let message = "\(source): \(error)"
                failures.append(message)
                Logger.shared.warning("models", "\(entry.name): source failed, \(message)"
                    + (source == entry.sources.last ? "" : "; trying the next source"))
            }
        }
        throw ModelStoreError.allSourcesFailed(model: entry.name, failures: failures)
    }

    /// Turns a catalogue name or a path to an existing `.gguf` file into a local file path, pulling a
    /// catalogue model that is not there yet.
    public func resolve(_ nameOrPath: String, progress: @escaping @Sendable (DownloadProgress) -> Void) async throws -> String {
        if let entry = catalog.entry(named: nameOrPath) {
            return try await pull(entry, progress: progress)
        }
        var isDirectory: ObjCBool = false
        let expanded = (nameOrPath as NSString).expandingTildeInPath
        if FileManager.default.fileExists(atPath: expanded, isDirectory: &isDirectory), !isDirectory.boolValue {
            return expanded
        }
        throw ModelStoreError.unknownModel(name: nameOrPath, known: catalog.models.map(\.name))
    }

    private func createDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw ModelStoreError.fileSystem(path: path, reason: "cannot create the directory: \(error)")
        }
    }

    private func install(_ partial: String, as file: String) throws {
        removeIfPresent(VerificationStamp.path(for: file))
        if rename(partial, file) != 0 {
            throw ModelStoreError.fileSystem(path: file, reason: "cannot rename \(partial): \(String(cString: strerror(errno)))")
        }
    }

    private func removeIfPresent(_ path: String) {
        if FileManager.default.fileExists(atPath: path) { try? FileManager.default.removeItem(atPath: path) }
    }
}
