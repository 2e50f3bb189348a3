/// Everything that can go wrong while opening or parsing a GGUF file.
///
/// Every case names the field, key or tensor involved and, where it helps, the byte offset in the file, so a
/// user looking at a broken or hostile download can tell what is wrong without a hex editor.
public enum GGUFError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file could not be opened, sized or memory-mapped.
    case cannotOpen(path: String, reason: String)
    /// The first four bytes are not `GGUF`.
    case notGGUF(magic: [UInt8])
    /// The version field holds a version this reader does not understand (only 2 and 3 are supported).
    case unsupportedVersion(UInt32)
    /// The file ends before a field could be read completely.
    case truncated(offset: Int, needed: Int, reading: String, fileSize: Int)
    /// A string (a key, a value or a tensor name) is not valid UTF-8.
    case invalidString(offset: Int, reading: String)
    /// A metadata value has a type code outside 0...12.
    case unknownValueType(UInt32, offset: Int, reading: String)
    /// A count (of keys, tensors, array elements or string bytes) cannot fit in the rest of the file.
    case countTooLarge(count: UInt64, reading: String, offset: Int, bytesRemaining: Int)
    /// The arrays of the metadata hold more values in total than the reader accepts (a guard against files
    /// that would make it allocate far more memory than their own size).
    case tooManyMetadataValues(key: String, limit: Int)
    /// Arrays nested deeper than the reader allows.
    case nestingTooDeep(offset: Int, reading: String)
    /// The same metadata key appears twice.
    case duplicateKey(String)
    /// `general.alignment` is not a power of two in a sane range, or not an integer.
    case invalidAlignment(String)
    /// A tensor has more dimensions than ggml supports (4).
    case tooManyDimensions(tensor: String, count: UInt32)
    /// A tensor dimension is negative once read as a signed 64-bit number.
    case invalidDimension(tensor: String, index: Int, value: UInt64)
    /// The product of a tensor's dimensions overflows.
    case elementCountOverflow(tensor: String)
    /// A tensor's element type code is not one this reader knows.
    case unknownTensorType(UInt32, tensor: String)
    /// A tensor's row length is not a whole number of its type's blocks.
    case rowNotWholeBlocks(tensor: String, rowLength: Int, type: String, blockSize: Int)
    /// A tensor's data offset is not a multiple of the file's alignment.
    case misalignedTensor(name: String, offset: Int, alignment: Int)
    /// A tensor's data range does not lie inside the file.
    case tensorOutOfBounds(name: String, offset: Int, byteCount: Int, fileSize: Int)
    /// Two tensors have the same name.
    case duplicateTensorName(String)
    /// Two tensors' data ranges overlap.
    case overlappingTensors(String, String)

    /// A sentence a user understands, naming the field, key or tensor and the byte offset.
    public var description: String {
        switch self {
        case let .cannotOpen(path, reason):
            return "Cannot open GGUF file \(path): \(reason)"
        case let .notGGUF(magic):
            let hex = magic.map { String($0, radix: 16, uppercase: true) }.map { $0.count == 1 ? "0" + $0 : $0 }
            return "Not a GGUF file: the first bytes are \(hex.joined(separator: " ")), expected 47 47 55 46 (\"GGUF\")"
        case let .unsupportedVersion(version):
            if version.byteSwapped == 2 || version.byteSwapped == 3 {
                return "GGUF version \(version.byteSwapped) file is big-endian; only little-endian files are supported"
            }
            return "GGUF version \(version) is not supported (this reader reads versions 2 and 3)"
        case let .truncated(offset, needed, reading, fileSize):
            return "GGUF file is truncated: needed \(needed) bytes for \(reading) at offset \(offset), file has \(fileSize) bytes"
        case let .invalidString(offset, reading):
            return "GGUF file has invalid UTF-8 in \(reading) at offset \(offset)"
        case let .unknownValueType(code, offset, reading):
            return "GGUF file has unknown value type \(code) for \(reading) at offset \(offset) (known types are 0...12)"
        case let .countTooLarge(count, reading, offset, remaining):
            return "GGUF file has an impossible count \(count) for \(reading) at offset \(offset): only \(remaining) bytes remain"
        case let .tooManyMetadataValues(key, limit):
            return "GGUF file has more than \(limit) metadata values in total (reached in key '\(key)')"
        case let .nestingTooDeep(offset, reading):
            return "GGUF file nests arrays too deeply in \(reading) at offset \(offset)"
        case let .duplicateKey(key):
            return "GGUF file has the metadata key '\(key)' more than once"
        case let .invalidAlignment(detail):
            return "GGUF file has an invalid general.alignment: \(detail)"
        case let .tooManyDimensions(tensor, count):
            return "GGUF tensor '\(tensor)' has \(count) dimensions; at most 4 are supported"
        case let .invalidDimension(tensor, index, value):
            return "GGUF tensor '\(tensor)' has an invalid size \(value) in dimension \(index)"
        case let .elementCountOverflow(tensor):
            return "GGUF tensor '\(tensor)' has dimensions whose product overflows"
        case let .unknownTensorType(code, tensor):
            return "GGUF tensor '\(tensor)' has unknown or unsupported element type \(code)"
        case let .rowNotWholeBlocks(tensor, rowLength, type, blockSize):
            return "GGUF tensor '\(tensor)' has rows of \(rowLength) elements, not a multiple of the \(type) block size \(blockSize)"
        case let .misalignedTensor(name, offset, alignment):
            return "GGUF tensor '\(name)' has data offset \(offset), not a multiple of the alignment \(alignment)"
        case let .tensorOutOfBounds(name, offset, byteCount, fileSize):
            return "GGUF tensor '\(name)' needs \(byteCount) bytes at offset \(offset), beyond the end of the file (\(fileSize) bytes)"
        case let .duplicateTensorName(name):
            return "GGUF file has more than one tensor named '\(name)'"
        case let .overlappingTensors(first, second):
            return "GGUF tensors '\(first)' and '\(second)' have overlapping data"
        }
    }
}
