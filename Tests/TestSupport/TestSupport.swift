import Foundation
import ModelStore
import Synchronization

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
/// ModelStore (progress on stderr) when missing, exactly as `infill models pull` would. Every test that
/// needs a model gets it here. The outcome is remembered per model for the whole test run, so a model that
/// cannot be fetched is tried once and every test needing it fails with the same message: which model,
/// and the command that fetches it. Such tests live in the test targets whose names end in `ModelTests`.
public enum TestModels {
    private static let outcomes = Mutex<[String: Result<String, TestModelError>]>([:])
    private static let pulling = NSLock()

    /// The path of the verified model file `name` (e.g. "qwen2.5-coder-0.5b"), pulled first when missing.
    /// - Throws: `TestModelError` naming the model and the command to fetch it.
    public static func path(_ name: String) throws -> String {
        pulling.lock()
        defer { pulling.unlock() }
        if let known = outcomes.withLock({ $0[name] }) { return try known.get() }
        let outcome: Result<String, TestModelError>
        do {
            outcome = .success(try fetch(name))
        } catch let error as TestModelError {
            outcome = .failure(error)
        } catch {
            outcome = .failure(TestModelError(missing: name, reason: String(describing: error)))
        }
        outcomes.withLock { $0[name] = outcome }
        return try outcome.get()
    }

    private static func fetch(_ name: String) throws -> String {
        let store = ModelStore()
        guard let entry = ModelCatalog.builtIn().entry(named: name) else {
            throw TestModelError("unknown test model '\(name)' (not in the built-in catalogue)")
        }
        if store.isInstalled(entry) { return store.path(for: entry) }
        FileHandle.standardError.write(Data(
            "TestSupport: model \(name) is not in \(store.modelsDirectory); pulling it (\(entry.bytes / 1_000_000) MB, once)\n".utf8))
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
        guard let outcome = result.withLock({ $0 }) else { throw TestModelError(missing: name, reason: "the pull did not finish") }
        return try outcome.get()
    }
}

/// Why a test model could not be provided.
public struct TestModelError: Error, CustomStringConvertible {
    public let description: String
    init(_ message: String) { description = message }

    /// A model that is not installed and could not be pulled: names it and the command that fetches it.
    init(missing name: String, reason: String) {
        description = "test model \(name) is missing and could not be downloaded (\(reason)). "
            + "Fetch it with `infill models pull \(name)` (in this checkout: `swift run -c release infill models pull \(name)`), "
            + "then run the tests again; `swift test --skip ModelTests` runs only the tests that need no model."
    }
}
