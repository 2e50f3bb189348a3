import TensorFormats

/// The parsed header of a GGUF file: everything except the tensor data, which stays in the storage.
struct GGUFHeader {
    var version: UInt32 = 0
    var metadata: [String: GGUFValue] = [:]
    var metadataKeys: [String] = []
    var tensors: [GGUFTensorInfo] = []
    var alignment = GGUFParser.defaultAlignment
    var dataOffset = 0
}

/// Reads and validates the header, metadata and tensor descriptions of a GGUF v2/v3 image.
///
/// Hostile input is expected: every count is bounded by the bytes that remain before anything is allocated,
/// all arithmetic on sizes is overflow-checked, and every tensor's data range is checked against the file.
enum GGUFParser {
    /// Alignment of the data section when `general.alignment` is absent (ggml's GGML_DEFAULT_ALIGNMENT).
    static let defaultAlignment = 32
    /// Deepest nesting of arrays accepted (an array of arrays is depth 2).
    static let maximumArrayDepth = 8
    /// ggml's GGML_MAX_DIMS.
    static let maximumDimensions: UInt32 = 4
    /// Most array elements accepted over all metadata (16.7 M; Qwen2.5 has about 0.46 M, vocabularies of
    /// 256 K tokens with scores and types about 0.8 M).
    static let maximumMetadataValues = 1 << 24
    /// Largest `general.alignment` accepted.
    static let maximumAlignment = 1 << 20

    static func parse(base: UnsafeRawPointer?, count: Int) throws(GGUFError) -> GGUFHeader {
        var reader = GGUFByteReader(base: base, count: count)
        var header = GGUFHeader()

        let magic = try reader.bytes(min(4, count), "the magic number")
        guard magic.count == 4, Array(magic) == [0x47, 0x47, 0x55, 0x46] else {
            if Array(magic) == Array([0x47, 0x47, 0x55, 0x46].prefix(magic.count)) {
                throw .truncated(offset: 0, needed: 4, reading: "the magic number", fileSize: count)
            }
            throw .notGGUF(magic: Array(magic))
        }
        header.version = try reader.read(UInt32.self, "the version")
        guard header.version == 2 || header.version == 3 else { throw .unsupportedVersion(header.version) }

        let tensorCountOffset = reader.position
        let tensorCount = try reader.read(UInt64.self, "the tensor count")
        let keyCountOffset = reader.position
        let keyCount = try reader.read(UInt64.self, "the metadata key-value count")
        // A key-value pair takes at least 13 bytes (key length, type, one byte of value); a tensor at least 24.
        try checkCount(keyCount, minimumBytesEach: 13, reading: "the metadata key-value count",
                       offset: keyCountOffset, reader: reader)
        try checkCount(tensorCount, minimumBytesEach: 24, reading: "the tensor count",
                       offset: tensorCountOffset, reader: reader)

        try readMetadata(count: Int(keyCount), into: &header, reader: &reader)
        header.alignment = try alignment(in: header.metadata)
        let descriptions = try readTensorDescriptions(count: Int(tensorCount), reader: &reader)
        try place(descriptions, into: &header, afterHeaderEnd: reader.position, fileSize: count)
        return header
    }

    /// Throws unless `count` items of at least `minimumBytesEach` bytes fit in the remaining bytes.
    static func checkCount(_ count: UInt64, minimumBytesEach: Int, reading what: @autoclosure () -> String,
                           offset: Int, reader: GGUFByteReader) throws(GGUFError) {
        guard let n = Int(exactly: count) else {
            throw .countTooLarge(count: count, reading: what(), offset: offset, bytesRemaining: reader.remaining)
        }
        let (bytes, overflow) = n.multipliedReportingOverflow(by: minimumBytesEach)
        guard !overflow, bytes <= reader.remaining else {
            throw .countTooLarge(count: count, reading: what(), offset: offset, bytesRemaining: reader.remaining)
        }
    }

    // MARK: Metadata

    private static func readMetadata(count: Int, into header: inout GGUFHeader,
                                     reader: inout GGUFByteReader) throws(GGUFError) {
        header.metadata.reserveCapacity(count)
        header.metadataKeys.reserveCapacity(count)
        var budget = maximumMetadataValues
        for index in 0..<count {
            let key = try reader.string("metadata key \(index)")
            let typeOffset = reader.position
            let code = try reader.read(UInt32.self, "the value type of key '\(key)'")
            guard let type = GGUFValueType(rawValue: code) else {
                throw .unknownValueType(code, offset: typeOffset, reading: "key '\(key)'")
            }
            let value = try readValue(of: type, depth: 0, budget: &budget, key: key, reader: &reader,
                                      "the value of key '\(key)'")
            guard header.metadata.updateValue(value, forKey: key) == nil else { throw .duplicateKey(key) }
            header.metadataKeys.append(key)
        }
    }

    /// Reads one value of `type`; `budget` counts down the array elements still allowed in the file.
    private static func readValue(of type: GGUFValueType, depth: Int, budget: inout Int, key: String,
                                  reader: inout GGUFByteReader,
                                  _ what: @autoclosure () -> String) throws(GGUFError) -> GGUFValue {
        switch type {
        case .uint8: return .uint8(try reader.read(UInt8.self, what()))
        case .int8: return .int8(try reader.read(Int8.self, what()))
        case .uint16: return .uint16(try reader.read(UInt16.self, what()))
        case .int16: return .int16(try reader.read(Int16.self, what()))
        case .uint32: return .uint32(try reader.read(UInt32.self, what()))
        case .int32: return .int32(try reader.read(Int32.self, what()))
        case .uint64: return .uint64(try reader.read(UInt64.self, what()))
        case .int64: return .int64(try reader.read(Int64.self, what()))
        case .float32: return .float32(Float(bitPattern: try reader.read(UInt32.self, what())))
        case .float64: return .float64(Double(bitPattern: try reader.read(UInt64.self, what())))
        case .bool:
            // Any nonzero byte is true, as in ggml's own reader; writers use 0 and 1.
            return .bool(try reader.read(UInt8.self, what()) != 0)
        case .string: return .string(try reader.string(what()))
        case .array:
            let start = reader.position
            guard depth < maximumArrayDepth else { throw .nestingTooDeep(offset: start, reading: what()) }
            let code = try reader.read(UInt32.self, "the element type of " + what())
            guard let elementType = GGUFValueType(rawValue: code) else {
                throw .unknownValueType(code, offset: start, reading: "the elements of " + what())
            }
            let countOffset = reader.position
            let count = try reader.read(UInt64.self, "the element count of " + what())
            try checkCount(count, minimumBytesEach: elementType.minimumByteCount,
                           reading: "the element count of " + what(), offset: countOffset, reader: reader)
            let n = Int(count)
            guard n <= budget else { throw .tooManyMetadataValues(key: key, limit: maximumMetadataValues) }
            budget -= n
            var elements: [GGUFValue] = []
            elements.reserveCapacity(n)
            for index in 0..<n {
                elements.append(try readValue(of: elementType, depth: depth + 1, budget: &budget, key: key,
                                              reader: &reader, "element \(index) of " + what()))
            }
            return .array(elements)
        }
    }

    private static func alignment(in metadata: [String: GGUFValue]) throws(GGUFError) -> Int {
        guard let value = metadata["general.alignment"] else { return defaultAlignment }
        guard let alignment = value.integerValue else {
            throw .invalidAlignment("expected an integer, found \(value)")
        }
        guard alignment > 0, alignment <= maximumAlignment, alignment & (alignment - 1) == 0 else {
            throw .invalidAlignment("\(alignment) is not a power of two between 1 and \(maximumAlignment)")
        }
        return alignment
    }

    // MARK: Tensors

    /// A tensor description as read, before its data range is placed in the file.
    private struct Description {
        var name: String
        var dimensions: [Int]
        var type: GGMLType
        var relativeOffset: UInt64
        var elementCount: Int
        var byteCount: Int
    }

    private static func readTensorDescriptions(count: Int,
                                               reader: inout GGUFByteReader) throws(GGUFError) -> [Description] {
        var descriptions: [Description] = []
        descriptions.reserveCapacity(count)
        var names = Set<String>(minimumCapacity: count)
        for index in 0..<count {
            let name = try reader.string("the name of tensor \(index)")
            guard names.insert(name).inserted else { throw .duplicateTensorName(name) }
            let dimensionCount = try reader.read(UInt32.self, "the dimension count of tensor '\(name)'")
            guard dimensionCount <= maximumDimensions else {
                throw .tooManyDimensions(tensor: name, count: dimensionCount)
            }
            var dimensions: [Int] = []
            dimensions.reserveCapacity(Int(dimensionCount))
            var elementCount = 1
            for axis in 0..<Int(dimensionCount) {
                let raw = try reader.read(UInt64.self, "dimension \(axis) of tensor '\(name)'")
                guard let size = Int(exactly: raw) else {
                    throw .invalidDimension(tensor: name, index: axis, value: raw)
                }
                let (product, overflow) = elementCount.multipliedReportingOverflow(by: size)
                guard !overflow else { throw .elementCountOverflow(tensor: name) }
                elementCount = product
                dimensions.append(size)
            }
            let code = try reader.read(UInt32.self, "the type of tensor '\(name)'")
            guard let type = GGMLType(rawValue: code) else { throw .unknownTensorType(code, tensor: name) }
            let rowLength = dimensions.first ?? 1
            guard rowLength % type.blockSize == 0 else {
                throw .rowNotWholeBlocks(tensor: name, rowLength: rowLength, type: type.description,
                                         blockSize: type.blockSize)
            }
            guard let byteCount = type.byteCount(elements: elementCount) else {
                throw .elementCountOverflow(tensor: name)
            }
            let offset = try reader.read(UInt64.self, "the data offset of tensor '\(name)'")
            descriptions.append(Description(name: name, dimensions: dimensions, type: type, relativeOffset: offset,
                                            elementCount: elementCount, byteCount: byteCount))
        }
        return descriptions
    }

    /// Places the tensors after the aligned end of the header and checks every data range against the file.
    private static func place(_ descriptions: [Description], into header: inout GGUFHeader,
                              afterHeaderEnd end: Int, fileSize: Int) throws(GGUFError) {
        let alignment = header.alignment
        let padded = end.addingReportingOverflow(alignment - 1)
        let dataOffset = padded.overflow ? Int.max : padded.partialValue / alignment * alignment
        header.dataOffset = dataOffset
        var tensors: [GGUFTensorInfo] = []
        tensors.reserveCapacity(descriptions.count)
        for d in descriptions {
            guard let relative = Int(exactly: d.relativeOffset) else {
                throw .tensorOutOfBounds(name: d.name, offset: Int.max, byteCount: d.byteCount, fileSize: fileSize)
            }
            guard relative % alignment == 0 else {
                throw .misalignedTensor(name: d.name, offset: relative, alignment: alignment)
            }
            let (absolute, overflow) = dataOffset.addingReportingOverflow(relative)
            let (endOffset, endOverflow) = absolute.addingReportingOverflow(d.byteCount)
            guard !overflow, !endOverflow, endOffset <= fileSize else {
                throw .tensorOutOfBounds(name: d.name, offset: overflow ? Int.max : absolute,
                                         byteCount: d.byteCount, fileSize: fileSize)
            }
            tensors.append(GGUFTensorInfo(name: d.name, dimensions: d.dimensions, type: d.type, offset: absolute,
                                          byteCount: d.byteCount, elementCount: d.elementCount))
        }
        let byStart = tensors.filter { $0.byteCount > 0 }.sorted { $0.offset < $1.offset }
        for (previous, next) in zip(byStart, byStart.dropFirst()) where next.offset < previous.offset + previous.byteCount {
            throw .overlappingTensors(previous.name, next.name)
        }
        header.tensors = tensors
    }
}
