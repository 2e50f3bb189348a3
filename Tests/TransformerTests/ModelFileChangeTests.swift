import Foundation
import TestSupport
import Transformer
import XCTest

/// The weights stay in the mapped model file. A file truncated under the mapping (an update written in
/// place, a full disk) makes every read past its new end a SIGBUS, which used to kill the daemon at the next
/// completion; the model must notice before it reads and refuse with an error instead.
final class ModelFileChangeTests: XCTestCase {
    private func loadCopy() throws -> (path: String, transformer: Transformer) {
        let path = try TinyModelFile().write()
        return (path, try Transformer(contentsOf: path, threads: 1))
    }

    func testTruncatedFileIsRefusedBeforeAnyRead() throws {
        let (path, transformer) = try loadCopy()
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertEqual(try transformer.evaluate([1, 2], cache: transformer.makeCache()).count, 64)

        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 0)                 // every page of the mapping is now past the end
        try handle.close()
        for attempt in 0..<2 {
            XCTAssertThrowsError(try transformer.evaluate([1, 2, 3], cache: transformer.makeCache()), "attempt \(attempt)") { error in
                guard case .modelFileChanged(let changedPath, let reason)? = error as? TransformerError else { return XCTFail("\(error)") }
                XCTAssertEqual(changedPath, path)
                XCTAssertTrue(reason.contains("size"), reason)
                XCTAssertTrue("\(error)".contains("load it again"), "\(error)")
            }
        }
        let cache = transformer.makeCache()
        XCTAssertThrowsError(try transformer.step([(1, cache)]))
        XCTAssertEqual(cache.count, 0, "a refused step leaves the cache as it was")
    }

    func testFileRewrittenInPlaceIsRefused() throws {
        let (path, transformer) = try loadCopy()
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Same size, other bytes: only the modification time tells. Set it explicitly, since two writes
        // within one clock tick of the file system can share a timestamp.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count - 1] ^= 0xFF
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        try handle.write(contentsOf: bytes)
        try handle.close()
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_000_000)], ofItemAtPath: path)
        XCTAssertThrowsError(try transformer.evaluate([1], cache: transformer.makeCache())) { error in
            guard case .modelFileChanged? = error as? TransformerError else { return XCTFail("\(error)") }
        }
    }

    /// An update that writes a new file and renames it over the old path leaves the mapped file intact:
    /// the loaded model keeps working, with its own weights.
    func testFileReplacedByRenameKeepsTheLoadedModel() throws {
        let (path, transformer) = try loadCopy()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let before = try transformer.evaluate([5, 6], cache: transformer.makeCache())
        let other = try TinyModelFile(architecture: "qwen2").write()
        XCTAssertEqual(rename(other, path), 0)
        XCTAssertEqual(try transformer.evaluate([5, 6], cache: transformer.makeCache()), before)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A truncation that lands while a forward pass reads the weights: the pass must neither die of SIGBUS nor
/// return what it computed from the zeros it read.
final class ModelFileTruncatedDuringPassTests: XCTestCase {
    func testTruncationDuringAPassThrowsAndLeavesTheCacheAsItWas() throws {
        let path = try TinyModelFile().write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let transformer = try Transformer(contentsOf: path, threads: 1)
        let cache = transformer.makeCache()
        var truncated = false
        // Asked before every block: the first ask truncates the file, so every block reads vanished pages.
        XCTAssertThrowsError(try transformer.evaluate([1, 2, 3], cache: cache, shouldContinue: {
            if !truncated {
                truncated = true
                if let handle = FileHandle(forWritingAtPath: path) {
                    try? handle.truncate(atOffset: 0)
                    try? handle.close()
                }
            }
            return true
        })) { error in
            guard case .modelFileChanged(let changedPath, _)? = error as? TransformerError else { return XCTFail("\(error)") }
            XCTAssertEqual(changedPath, path)
        }
        XCTAssertTrue(truncated)
        XCTAssertEqual(cache.count, 0, "rows computed from zeros are dropped")
        XCTAssertThrowsError(try transformer.evaluate([1], cache: transformer.makeCache()), "and the model stays refused")
    }
}
