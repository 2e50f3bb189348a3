import GGUF
import TensorFormats

/// A tiny GGUF writer for tests, written from the format description (not from the reader), so that
/// valid files can be built in memory and then broken on purpose byte by byte.
public struct GGUFTestWriter {
    /// One tensor description to write. `relativeOffset` is relative to the data section, as on disk.
    public struct Tensor {
        public var name: String
        public var dimensions: [UInt64]
        public var typeCode: UInt32
        public var relativeOffset: UInt64

        public init(name: String, dimensions: [UInt64], typeCode: UInt32, relativeOffset: UInt64) {
            self.name = name
            self.dimensions = dimensions
            self.typeCode = typeCode
            self.relativeOffset = relativeOffset
        }
    }

    public var version: UInt32 = 3
    public var metadata: [(String, GGUFValue)] = []
    public var tensors: [Tensor] = []
    /// Alignment used to pad the header; write `general.alignment` into `metadata` yourself to change it.
    public var alignment = 32
    /// The bytes of the data section.
    public var data: [UInt8] = []

    /// An empty file: no metadata, no tensors.
    public init() {}

    /// The complete file image.
    public func bytes() -> [UInt8] {
        var out: [UInt8] = Array("GGUF".utf8)
        Self.append(version, to: &out)
        Self.append(UInt64(tensors.count), to: &out)
        Self.append(UInt64(metadata.count), to: &out)
        for (key, value) in metadata {
            Self.appendString(key, to: &out)
            Self.append(Self.typeCode(of: value), to: &out)
            Self.appendValue(value, to: &out)
        }
        for tensor in tensors {
            Self.appendString(tensor.name, to: &out)
            Self.append(UInt32(tensor.dimensions.count), to: &out)
            for d in tensor.dimensions { Self.append(d, to: &out) }
            Self.append(tensor.typeCode, to: &out)
            Self.append(tensor.relativeOffset, to: &out)
        }
        while out.count % alignment != 0 { out.append(0) }
        return out + data
    }

    /// Offset where the data section starts in `bytes()`.
    public var dataOffset: Int { bytes().count - data.count }

    public static func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    public static func appendString(_ s: String, to out: inout [UInt8]) {
        appendRawString(Array(s.utf8), to: &out)
    }

    public static func appendRawString(_ bytes: [UInt8], to out: inout [UInt8]) {
        append(UInt64(bytes.count), to: &out)
        out.append(contentsOf: bytes)
    }

    /// Type codes as listed in the GGUF specification.
    public static func typeCode(of value: GGUFValue) -> UInt32 {
        switch value {
        case .uint8: return 0
        case .int8: return 1
        case .uint16: return 2
        case .int16: return 3
        case .uint32: return 4
        case .int32: return 5
        case .float32: return 6
        case .bool: return 7
        case .string: return 8
        case .array: return 9
        case .uint64: return 10
        case .int64: return 11
        case .float64: return 12
        }
    }

    public static func appendValue(_ value: GGUFValue, to out: inout [UInt8]) {
        switch value {
        case let .uint8(v): append(v, to: &out)
        case let .int8(v): append(v, to: &out)
        case let .uint16(v): append(v, to: &out)
        case let .int16(v): append(v, to: &out)
        case let .uint32(v): append(v, to: &out)
        case let .int32(v): append(v, to: &out)
        case let .uint64(v): append(v, to: &out)
        case let .int64(v): append(v, to: &out)
        case let .float32(v): append(v.bitPattern, to: &out)
        case let .float64(v): append(v.bitPattern, to: &out)
        case let .bool(v): out.append(v ? 1 : 0)
        case let .string(v): appendString(v, to: &out)
        case let .array(elements):
            append(elements.first.map(typeCode(of:)) ?? 0, to: &out)
            append(UInt64(elements.count), to: &out)
            for element in elements { appendValue(element, to: &out) }
        }
    }

    /// A raw header: magic, version and the two counts, for files built by hand.
    public static func header(version: UInt32 = 3, tensorCount: UInt64, keyCount: UInt64) -> [UInt8] {
        var out: [UInt8] = Array("GGUF".utf8)
        append(version, to: &out)
        append(tensorCount, to: &out)
        append(keyCount, to: &out)
        return out
    }
}
