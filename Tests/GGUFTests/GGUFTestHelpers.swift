import GGUF
import TestSupport
import XCTest

/// Parses `bytes` and returns the `GGUFError` thrown, failing the test when parsing succeeds or throws
/// something else.
func parseError(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> GGUFError? {
    do {
        _ = try GGUFFile(bytes: bytes)
        XCTFail("expected a GGUFError, parsing succeeded", file: file, line: line)
    } catch let error as GGUFError {
        return error
    } catch {
        XCTFail("expected a GGUFError, got \(error)", file: file, line: line)
    }
    return nil
}

/// A valid file with two F32 tensors and a few keys of different kinds.
func smallValidFile() -> GGUFTestWriter {
    var writer = GGUFTestWriter()
    writer.metadata = [
        ("general.architecture", .string("test")),
        ("test.count", .uint32(7)),
        ("test.names", .array([.string("a"), .string("bc")])),
    ]
    writer.tensors = [
        .init(name: "first", dimensions: [4, 2], typeCode: 0, relativeOffset: 0),
        .init(name: "second", dimensions: [3], typeCode: 0, relativeOffset: 32),
    ]
    writer.data = (0..<44).map { UInt8($0) }
    return writer
}
