import Foundation
import ModelStore

/// The repository's root folder (the one holding Package.swift), found from this file's path.
public enum PackageRoot {
    public static var path: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }
}

/// The shared reference material (golden data, datasets): `$INFILL_SHARED`, else `../shared` beside the repository.
public enum SharedData {
    public static var root: String {
        if let env = ProcessInfo.processInfo.environment["INFILL_SHARED"], !env.isEmpty { return env }
        return URL(fileURLWithPath: PackageRoot.path).deletingLastPathComponent().appendingPathComponent("shared").path
    }

    /// A path below the shared folder.
    public static func path(_ relative: String) -> String { root + "/" + relative }
}

/// Model files for tests: a catalogue name becomes a verified local path, downloading it through
/// ModelStore (progress on stderr) when missing, exactly as `infill models pull` would.
public enum TestModels {
    public static func path(_ name: String) throws -> String {
        let store = ModelStore()
        guard let entry = ModelCatalog.builtIn().entry(named: name) else {
            throw TestModelError("unknown test model '\(name)'")
        }
        if store.isInstalled(entry) { return store.path(for: entry) }
        let result = Mutex<Result<String, Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                let path = try await store.pull(entry) { ProgressLine.shared.show($0) }
                result.withLock { $0 = .success(path) }
            } catch {
                result.withLock { $0 = .failure(error) }
            }
            done.signal()
        }
        done.wait()
        ProgressLine.shared.finish()
        guard let outcome = result.withLock({ $0 }) else { throw TestModelError("pull of \(name) did not finish") }
        return try outcome.get()
    }
}

/// Why a test model could not be provided.
public struct TestModelError: Error, CustomStringConvertible {
    public let description: String
    init(_ message: String) { description = message }
}

import Synchronization
