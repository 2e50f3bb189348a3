import GGUF
import TestSupport
import TensorFormats
import XCTest

/// Valid files built in memory read back exactly as written.
final class GGUFValidFileTests: XCTestCase {
    func testEveryValueTypeReadsBackExactly() throws {
        var writer = GGUFTestWriter()
        let values: [(String, GGUFValue)] = [
            ("u8", .uint8(250)), ("i8", .int8(-5)), ("u16", .uint16(65_000)), ("i16", .int16(-30_000)),
            ("u32", .uint32(4_000_000_000)), ("i32", .int32(-2_000_000_000)),
            ("u64", .uint64(UInt64.max)), ("i64", .int64(Int64.min)),
            ("f32", .float32(1.5)), ("f64", .float64(-0.25)),
            ("yes", .bool(true)), ("no", .bool(false)),
            ("text", .string("héllo ✓ 😀")), ("empty", .string("")),
            ("nested", .array([.array([.int32(1), .int32(2)]), .array([.int32(3)])])),
            ("deep", .array([.array([.array([.string("x")])])])),
            ("emptyArray", .array([])),
        ]
        writer.metadata = values
        let file = try GGUFFile(bytes: writer.bytes())
        XCTAssertEqual(file.version, 3)
        XCTAssertEqual(file.metadata.count, values.count)
        XCTAssertEqual(file.metadataKeys, values.map(\.0))
        for (key, value) in values {
            XCTAssertEqual(file.metadata[key], value, key)
        }
        XCTAssertTrue(file.tensors.isEmpty)
        XCTAssertEqual(file.alignment, 32)
    }

    func testVersionTwoIsAccepted() throws {
        var writer = smallValidFile()
        writer.version = 2
        XCTAssertEqual(try GGUFFile(bytes: writer.bytes()).version, 2)
    }

    func testTypedAccessorsConvertOnlyMatchingKinds() throws {
        var writer = GGUFTestWriter()
        writer.metadata = [
            ("u64", .uint64(42)), ("huge", .uint64(UInt64.max)), ("i8", .int8(-3)), ("f32", .float32(0.5)),
            ("s", .string("x")), ("b", .bool(true)),
            ("strings", .array([.string("a"), .string("b")])),
            ("ints", .array([.int32(-1), .int32(2)])), ("floats", .array([.float32(1.25), .float32(-2)])),
            ("arrays", .array([.array([.string("a")]), .array([.int32(1)])])),
        ]
        let file = try GGUFFile(bytes: writer.bytes())
        XCTAssertEqual(file.integer("u64"), 42)
        XCTAssertNil(file.integer("huge"), "UInt64.max does not fit in Int")
        XCTAssertEqual(file.integer("i8"), -3)
        XCTAssertNil(file.integer("f32"))
        XCTAssertNil(file.integer("missing"))
        XCTAssertEqual(file.float("f32"), 0.5)
        XCTAssertEqual(file.float("i8"), -3)
        XCTAssertNil(file.float("s"))
        XCTAssertEqual(file.string("s"), "x")
        XCTAssertNil(file.string("b"))
        XCTAssertEqual(file.bool("b"), true)
        XCTAssertNil(file.bool("u64"))
        XCTAssertEqual(file.strings("strings"), ["a", "b"])
        XCTAssertNil(file.strings("ints"))
        XCTAssertEqual(file.integers("ints"), [-1, 2])
        XCTAssertEqual(file.floats("floats"), [1.25, -2])
        XCTAssertEqual(file.floats("ints"), [-1, 2])
        XCTAssertNil(file.strings("arrays"), "an array of arrays is not an array of strings")
        XCTAssertNil(file.integers("arrays"))
        XCTAssertNil(file.strings("s"))
    }

    func testTensorsArePlacedAfterTheAlignedHeader() throws {
        let writer = smallValidFile()
        let bytes = writer.bytes()
        let file = try GGUFFile(bytes: bytes)
        let dataOffset = writer.dataOffset
        XCTAssertEqual(dataOffset % 32, 0)
        XCTAssertEqual(file.dataOffset, dataOffset)
        XCTAssertEqual(file.fileSize, bytes.count)
        XCTAssertEqual(file.tensors.map(\.name), ["first", "second"])
        let first = try XCTUnwrap(file.tensor(named: "first"))
        XCTAssertEqual(first.dimensions, [4, 2])
        XCTAssertEqual(first.type, .f32)
        XCTAssertEqual(first.elementCount, 8)
        XCTAssertEqual(first.byteCount, 32)
        XCTAssertEqual(first.offset, dataOffset)
        let second = try XCTUnwrap(file.tensor(named: "second"))
        XCTAssertEqual(second.offset, dataOffset + 32)
        XCTAssertEqual(second.byteCount, 12)
        XCTAssertEqual(Array(file.data(for: second)), Array(32..<44).map { UInt8($0) })
        XCTAssertNil(file.tensor(named: "third"))
    }

    func testCustomAlignmentMovesTheDataSection() throws {
        var writer = smallValidFile()
        writer.metadata.append(("general.alignment", .uint32(64)))
        writer.alignment = 64
        writer.tensors[1].relativeOffset = 64
        writer.data = (0..<76).map { UInt8($0) }
        let file = try GGUFFile(bytes: writer.bytes())
        XCTAssertEqual(file.alignment, 64)
        XCTAssertEqual(file.dataOffset % 64, 0)
        XCTAssertEqual(file.tensor(named: "second")?.offset, file.dataOffset + 64)
        XCTAssertEqual(Array(file.data(for: file.tensors[1])), Array(64..<76).map { UInt8($0) })
    }

    func testQuantizedTensorSizeFollowsBlocks() throws {
        var writer = GGUFTestWriter()
        // Q4_K: 256 elements per 144-byte block; two rows of 512 elements = 4 blocks = 576 bytes.
        writer.tensors = [.init(name: "q", dimensions: [512, 2], typeCode: 12, relativeOffset: 0)]
        writer.data = [UInt8](repeating: 7, count: 576)
        let file = try GGUFFile(bytes: writer.bytes())
        let q = try XCTUnwrap(file.tensor(named: "q"))
        XCTAssertEqual(q.type, .q4_K)
        XCTAssertEqual(q.byteCount, 576)
        XCTAssertEqual(file.data(for: q).count, 576)
    }

    func testDataForATensorOfAnotherFileIsEmpty() throws {
        let file = try GGUFFile(bytes: smallValidFile().bytes())
        let foreign = GGUFTensorInfo(name: "x", dimensions: [1000], type: .f32, offset: 64, byteCount: 4000,
                                     elementCount: 1000)
        XCTAssertEqual(file.data(for: foreign).count, 0)
    }

    func testMappedFileReadsTheSameAsBytes() throws {
        let bytes = smallValidFile().bytes()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gguf-test-\(UUID()).gguf").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try GGUFFile(contentsOf: path)
        XCTAssertEqual(file.metadata["test.names"], .array([.string("a"), .string("bc")]))
        XCTAssertEqual(Array(file.data(for: file.tensors[0])), Array(0..<32).map { UInt8($0) })
    }

    func testMissingFileAndDirectoryCannotBeOpened() {
        XCTAssertThrowsError(try GGUFFile(contentsOf: "/nonexistent/model.gguf")) { error in
            guard case .cannotOpen(let path, _)? = error as? GGUFError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, "/nonexistent/model.gguf")
        }
        XCTAssertThrowsError(try GGUFFile(contentsOf: NSTemporaryDirectory())) { error in
            guard case .cannotOpen? = error as? GGUFError else { return XCTFail("\(error)") }
        }
    }

    /// Opening a FIFO (a named pipe nobody writes to) must not block: it is refused as not a regular file.
    func testFIFOIsRefusedWithoutBlocking() throws {
        let path = NSTemporaryDirectory() + "gguf-fifo-\(UUID().uuidString)"
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertThrowsError(try GGUFFile(contentsOf: path)) { error in
            XCTAssertEqual(error as? GGUFError, .cannotOpen(path: path, reason: "not a regular file"))
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
