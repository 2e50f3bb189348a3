import GGUF
import TestSupport
import XCTest

/// Broken and hostile files are refused with a precise error, never a crash or a huge allocation.
final class GGUFMalformedFileTests: XCTestCase {
    typealias W = GGUFTestWriter

    func testBadMagicIsNotGGUF() {
        var bytes = smallValidFile().bytes()
        bytes[0] = 0x7F
        XCTAssertEqual(parseError(bytes), .notGGUF(magic: [0x7F, 0x47, 0x55, 0x46]))
        XCTAssertEqual(parseError(Array("PK\u{3}\u{4}rest".utf8)), .notGGUF(magic: [0x50, 0x4B, 3, 4]))
    }

    func testUnsupportedVersionsAreRefused() {
        for version: UInt32 in [0, 1, 4, 0x0300_0000] {
            var writer = smallValidFile()
            writer.version = version
            XCTAssertEqual(parseError(writer.bytes()), .unsupportedVersion(version))
        }
        XCTAssertTrue(GGUFError.unsupportedVersion(0x0300_0000).description.contains("big-endian"))
    }

    func testEmptyFileIsTruncated() {
        XCTAssertEqual(parseError([]), .truncated(offset: 0, needed: 4, reading: "the magic number", fileSize: 0))
    }

    func testTruncatedHeaderNamesTheFieldAndOffset() {
        let bytes = Array(W.header(tensorCount: 0, keyCount: 0).prefix(12))
        let error = parseError(bytes)
        XCTAssertEqual(error, .truncated(offset: 8, needed: 8, reading: "the tensor count", fileSize: 12))
        XCTAssertEqual(error?.description,
                       "GGUF file is truncated: needed 8 bytes for the tensor count at offset 8, file has 12 bytes")
    }

    func testEveryTruncationOfAValidFileIsRefused() throws {
        var writer = smallValidFile()
        writer.metadata.append(("nested", .array([.array([.float64(1), .float64(2)]), .array([])])))
        writer.metadata.append(("flag", .bool(true)))
        let bytes = writer.bytes()
        XCTAssertNoThrow(try GGUFFile(bytes: bytes))
        for length in 0..<bytes.count {
            guard let error = parseError(Array(bytes.prefix(length))) else { continue }
            switch error {
            case .truncated, .countTooLarge, .tensorOutOfBounds: break
            default: XCTFail("prefix of \(length) bytes gave unexpected \(error)")
            }
        }
    }

    func testHugeKeyCountIsRefusedBeforeAllocating() {
        let bytes = W.header(tensorCount: 0, keyCount: 1 << 60) + [UInt8](repeating: 0, count: 64)
        XCTAssertEqual(parseError(bytes),
                       .countTooLarge(count: 1 << 60, reading: "the metadata key-value count", offset: 16,
                                      bytesRemaining: 64))
    }

    func testHugeTensorCountIsRefused() {
        let bytes = W.header(tensorCount: UInt64.max, keyCount: 0)
        guard case .countTooLarge(UInt64.max, "the tensor count", 8, _)? = parseError(bytes) else {
            return XCTFail("expected countTooLarge for the tensor count")
        }
    }

    func testHugeArrayOfStringsIsRefused() {
        var bytes = W.header(tensorCount: 0, keyCount: 1)
        W.appendString("tokens", to: &bytes)
        W.append(UInt32(9), to: &bytes)            // array
        W.append(UInt32(8), to: &bytes)            // of strings
        let countOffset = bytes.count
        W.append(UInt64(1) << 60, to: &bytes)
        bytes += [UInt8](repeating: 0, count: 100)
        XCTAssertEqual(parseError(bytes),
                       .countTooLarge(count: 1 << 60, reading: "the element count of the value of key 'tokens'",
                                      offset: countOffset, bytesRemaining: 100))
    }

    func testHugeStringLengthIsRefused() {
        var bytes = W.header(tensorCount: 0, keyCount: 1)
        W.append(UInt64(1) << 63, to: &bytes)
        bytes += Array("key".utf8) + [UInt8](repeating: 0, count: 16)
        guard case .countTooLarge(1 << 63, "the length of metadata key 0", 24, 19)? = parseError(bytes) else {
            return XCTFail("expected countTooLarge for the key length")
        }
    }

    func testMetadataWithTooManyValuesIsRefused() {
        // 2^24 + 1 one-byte elements fit in the file but exceed the reader's total of 2^24 values.
        var bytes = W.header(tensorCount: 0, keyCount: 1)
        W.appendString("bytes", to: &bytes)
        W.append(UInt32(9), to: &bytes)
        W.append(UInt32(0), to: &bytes)
        W.append(UInt64(1 << 24 + 1), to: &bytes)
        bytes += [UInt8](repeating: 0, count: 1 << 24 + 1)
        XCTAssertEqual(parseError(bytes), .tooManyMetadataValues(key: "bytes", limit: 1 << 24))
    }

    func testUnknownValueTypeIsRefused() {
        var bytes = W.header(tensorCount: 0, keyCount: 1)
        W.appendString("k", to: &bytes)
        let typeOffset = bytes.count
        W.append(UInt32(13), to: &bytes)
        bytes += [0, 0, 0, 0]
        XCTAssertEqual(parseError(bytes), .unknownValueType(13, offset: typeOffset, reading: "key 'k'"))
    }

    func testUnknownArrayElementTypeIsRefused() {
        var bytes = W.header(tensorCount: 0, keyCount: 1)
        W.appendString("k", to: &bytes)
        W.append(UInt32(9), to: &bytes)
        W.append(UInt32(0xFFFF_FFFF), to: &bytes)
        W.append(UInt64(1), to: &bytes)
        guard case .unknownValueType(0xFFFF_FFFF, _, _)? = parseError(bytes) else {
            return XCTFail("expected unknownValueType")
        }
    }

    func testBooleanIsTrueForAnyNonzeroByteAsInGGML() throws {
        var bytes = W.header(tensorCount: 0, keyCount: 2)
        W.appendString("two", to: &bytes)
        W.append(UInt32(7), to: &bytes)
        bytes.append(2)
        W.appendString("zero", to: &bytes)
        W.append(UInt32(7), to: &bytes)
        bytes.append(0)
        let file = try GGUFFile(bytes: bytes)
        XCTAssertEqual(file.bool("two"), true)
        XCTAssertEqual(file.bool("zero"), false)
    }

    func testDeeplyNestedArraysAreRefused() {
        var bytes = W.header(tensorCount: 0, keyCount: 1)
        W.appendString("k", to: &bytes)
        W.append(UInt32(9), to: &bytes)
        for _ in 0..<100 {                            // 100 levels of one-element arrays of arrays
            W.append(UInt32(9), to: &bytes)
            W.append(UInt64(1), to: &bytes)
        }
        bytes += [UInt8](repeating: 0, count: 16)
        guard case .nestingTooDeep? = parseError(bytes) else { return XCTFail("expected nestingTooDeep") }
    }

    func testInvalidUTF8IsRefusedInKeysValuesAndTensorNames() {
        let invalid: [UInt8] = [0x61, 0xC3, 0x28]     // "a" then a broken two-byte sequence
        var key = W.header(tensorCount: 0, keyCount: 1)
        W.appendRawString(invalid, to: &key)
        W.append(UInt32(0), to: &key)
        key.append(1)
        XCTAssertEqual(parseError(key), .invalidString(offset: 32, reading: "metadata key 0"))

        var value = W.header(tensorCount: 0, keyCount: 1)
        W.appendString("k", to: &value)
        W.append(UInt32(8), to: &value)
        W.appendRawString([0xFF], to: &value)
        guard case .invalidString(_, "the value of key 'k'")? = parseError(value) else {
            return XCTFail("expected invalidString for the value")
        }

        var tensor = W.header(tensorCount: 1, keyCount: 0)
        W.appendRawString([0xED, 0xA0, 0x80], to: &tensor)   // an encoded surrogate: not valid UTF-8
        W.append(UInt32(1), to: &tensor)
        W.append(UInt64(1), to: &tensor)
        W.append(UInt32(0), to: &tensor)
        W.append(UInt64(0), to: &tensor)
        tensor += [UInt8](repeating: 0, count: 64)
        guard case .invalidString(_, "the name of tensor 0")? = parseError(tensor) else {
            return XCTFail("expected invalidString for the tensor name")
        }
    }

    func testDuplicateKeysAreRefused() {
        var writer = smallValidFile()
        writer.metadata.append(("test.count", .uint32(8)))
        XCTAssertEqual(parseError(writer.bytes()), .duplicateKey("test.count"))
    }

    func testInvalidAlignmentsAreRefused() {
        for value: GGUFValue in [.uint32(0), .uint32(24), .uint32(1 << 30), .string("32"), .int32(-32)] {
            var writer = smallValidFile()
            writer.metadata.append(("general.alignment", value))
            guard case .invalidAlignment? = parseError(writer.bytes()) else {
                return XCTFail("alignment \(value) should be refused")
            }
        }
    }

    func testUnknownTensorTypeIsRefused() {
        for code: UInt32 in [4, 5, 99] {              // 4 and 5 were Q4_2/Q4_3, removed from ggml
            var writer = smallValidFile()
            writer.tensors[0].typeCode = code
            XCTAssertEqual(parseError(writer.bytes()), .unknownTensorType(code, tensor: "first"))
        }
    }

    func testMisalignedTensorOffsetIsRefused() {
        var writer = smallValidFile()
        writer.tensors[1].relativeOffset = 36
        writer.data += [UInt8](repeating: 0, count: 4)
        XCTAssertEqual(parseError(writer.bytes()), .misalignedTensor(name: "second", offset: 36, alignment: 32))
    }

    func testTensorBeyondTheEndOfTheFileIsRefused() {
        var writer = smallValidFile()
        writer.tensors[1].relativeOffset = 64
        let dataOffset = writer.dataOffset
        XCTAssertEqual(parseError(writer.bytes()),
                       .tensorOutOfBounds(name: "second", offset: dataOffset + 64, byteCount: 12,
                                          fileSize: dataOffset + 44))
        writer.tensors[1].relativeOffset = UInt64.max - 31
        guard case .tensorOutOfBounds(name: "second", _, _, _)? = parseError(writer.bytes()) else {
            return XCTFail("an offset near 2^64 must be refused")
        }
    }

    func testOverlappingTensorsAreRefused() {
        var writer = smallValidFile()
        writer.tensors[1].relativeOffset = 0
        XCTAssertEqual(parseError(writer.bytes()), .overlappingTensors("first", "second"))
    }

    func testDuplicateTensorNamesAreRefused() {
        var writer = smallValidFile()
        writer.tensors[1].name = "first"
        XCTAssertEqual(parseError(writer.bytes()), .duplicateTensorName("first"))
    }

    func testTooManyDimensionsAreRefused() {
        var writer = smallValidFile()
        writer.tensors[0].dimensions = [1, 1, 1, 1, 8]
        XCTAssertEqual(parseError(writer.bytes()), .tooManyDimensions(tensor: "first", count: 5))
    }

    func testDimensionProductOverflowIsRefused() {
        var writer = smallValidFile()
        writer.tensors[0].dimensions = [1 << 32, 1 << 32]
        XCTAssertEqual(parseError(writer.bytes()), .elementCountOverflow(tensor: "first"))
        writer.tensors[0].dimensions = [UInt64.max]
        XCTAssertEqual(parseError(writer.bytes()), .invalidDimension(tensor: "first", index: 0, value: UInt64.max))
        // Element count fits but the byte count does not: 2^61 F32 elements.
        writer.tensors[0].dimensions = [1 << 61]
        XCTAssertEqual(parseError(writer.bytes()), .elementCountOverflow(tensor: "first"))
    }

    func testRowsThatAreNotWholeBlocksAreRefused() {
        var writer = GGUFTestWriter()
        writer.tensors = [.init(name: "q", dimensions: [16, 2], typeCode: 2, relativeOffset: 0)]   // Q4_0, 32 per block
        writer.data = [UInt8](repeating: 0, count: 36)
        XCTAssertEqual(parseError(writer.bytes()),
                       .rowNotWholeBlocks(tensor: "q", rowLength: 16, type: "Q4_0", blockSize: 32))
    }

    func testRandomCorruptionNeverCrashes() {
        var writer = smallValidFile()
        writer.metadata.append(("nested", .array([.array([.string("x"), .string("yz")])])))
        let original = writer.bytes()
        var generator = SplitMix64(seed: 42)
        for _ in 0..<3000 {
            var bytes = original
            for _ in 0..<Int(generator.next() % 4 + 1) {
                let index = Int(generator.next() % UInt64(bytes.count))
                bytes[index] = UInt8(truncatingIfNeeded: generator.next())
            }
            do {
                let file = try GGUFFile(bytes: bytes)
                for tensor in file.tensors {
                    XCTAssertEqual(file.data(for: tensor).count, tensor.byteCount)
                    XCTAssertLessThanOrEqual(tensor.offset + tensor.byteCount, file.fileSize)
                }
            } catch {
                XCTAssertTrue(error is GGUFError)
            }
        }
    }
}

/// A small seeded generator so the corruption test is reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
