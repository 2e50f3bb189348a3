import Foundation
import ModelStore

/// The repository's root folder (the one holding Package.swift), found from this file's path.
public enum PackageRoot {
    public static var path: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }
}

/// Test data kept in the repository under `Tests/Fixtures` (golden files from llama.cpp and an
/// independent float64 pass; see `Tests/Fixtures/README.md` for where each came from).
public enum Fixtures {
    /// `Tests/Fixtures` of this checkout.
    public static var root: String { PackageRoot.path + "/Tests/Fixtures" }

    /// A path below `Tests/Fixtures`, e.g. `path("reference/decode")`.
    public static func path(_ relative: String) -> String { root + "/" + relative }
}

/// The old name of `Fixtures`, kept so that branches written before the data moved into the repository
/// still compile; it reads the same files. Remove once no caller is left.
@available(*, deprecated, renamed: "Fixtures")
public enum SharedData {
    /// A path below `Tests/Fixtures`.
    public static func path(_ relative: String) -> String { Fixtures.path(relative) }
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
