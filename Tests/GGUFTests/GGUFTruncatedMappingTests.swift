import Foundation
import GGUF
import TestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A model file truncated while it is mapped (an update written in place, a full disk) makes every page past its
/// new end vanish from the mapping; reading one used to raise SIGBUS and kill the daemon. `MappingGuard` reads
/// such pages as zeros, and the file then reports the change for good.
final class GGUFTruncatedMappingTests: XCTestCase {
    /// A file with one F32 tensor spanning several pages, every data byte 0x5A; returns its path.
    private func writeLargeFile() throws -> String {
        var writer = GGUFTestWriter()
        writer.metadata = [("general.architecture", .string("test"))]
        writer.tensors = [.init(name: "big", dimensions: [16_384], typeCode: 0, relativeOffset: 0)]   // 64 KiB
        writer.data = [UInt8](repeating: 0x5A, count: 16_384 * 4)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("truncated-\(UUID().uuidString).gguf").path
        try Data(writer.bytes()).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testPagesThatVanishAreReadAsZerosAndTheChangeIsReportedForGood() throws {
        let path = try writeLargeFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        var info = stat()
        XCTAssertEqual(stat(path, &info), 0)
        let file = try GGUFFile(contentsOf: path)
        let data = file.data(for: try XCTUnwrap(file.tensor(named: "big")))
        XCTAssertEqual(data.count, 65_536)
        XCTAssertEqual(data[data.count - 1], 0x5A)
        XCTAssertNil(file.changeSinceOpening())

        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 0)
        // Without the guard this read is a SIGBUS and the test process dies.
        XCTAssertEqual(data[data.count - 1], 0, "a vanished page reads as zeros")
        XCTAssertEqual(data[4_096 * 3], 0)

        // Restore the same bytes and time: size and time no longer tell, the vanished pages still do.
        try handle.seek(toOffset: 0)
        try handle.write(contentsOf: original)
        try handle.close()
        // The exact time, to the nanosecond (a `Date` would round it).
        #if canImport(Darwin)
        var times = [info.st_atimespec, info.st_mtimespec]
        #else
        var times = [info.st_atim, info.st_mtim]
        #endif
        XCTAssertEqual(utimensat(AT_FDCWD, path, &times, 0), 0)
        let change = try XCTUnwrap(file.changeSinceOpening(), "a mapping that lost pages must never be trusted again")
        XCTAssertEqual(change.path, path)
        XCTAssertTrue(change.reason.contains("vanished"), change.reason)
    }

    func testAnUntouchedMappingReportsNoChange() throws {
        let path = try writeLargeFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try GGUFFile(contentsOf: path)
        let data = file.data(for: try XCTUnwrap(file.tensor(named: "big")))
        XCTAssertEqual(data.reduce(0) { $0 + Int($1) }, 65_536 * 0x5A)
        XCTAssertNil(file.changeSinceOpening())
    }
}
