/// A canonical Huffman code (RFC 1951 §3.2.2) expanded into a two-level lookup table indexed by the next
/// input bits, least significant first.
///
/// Each entry packs everything the decoder needs so that the hot loop does one or two loads per symbol:
/// - bits 0…3: the code's total length in bits (0 marks a bit pattern no code uses);
/// - bits 4…7: how many extra bits follow the code (length and distance codes);
/// - bits 8…11: flags (`literal`, `endOfBlock`, `subtable`, `invalidSymbol`);
/// - bits 12…15: for a subtable pointer, the number of index bits of the subtable;
/// - bits 16…31: the literal byte, the base length or distance, or the subtable's first index.
struct HuffmanTable {
    static let literalFlag: UInt32 = 1 << 8
    static let endOfBlockFlag: UInt32 = 1 << 9
    static let subtableFlag: UInt32 = 1 << 10
    static let invalidSymbolFlag: UInt32 = 1 << 11

    /// How a symbol's entry is filled in (without the code length).
    typealias SymbolEntry = (Int) -> UInt32

    /// Number of input bits indexing the first level.
    let primaryBits: Int
    /// The entries: `1 << primaryBits` first-level entries followed by the subtables.
    private(set) var entries: [UInt32]

    /// Builds the table for the code lengths `lengths` (0 = symbol unused).
    /// - Throws: `ModelStoreError.badDeflateStream` when the lengths over-subscribe the code space.
    init(lengths: UnsafeBufferPointer<UInt8>, primaryBits: Int, symbolEntry: SymbolEntry) throws {
        self.primaryBits = primaryBits
        var counts = [Int](repeating: 0, count: 16)
        for length in lengths { counts[Int(length)] += 1 }
        counts[0] = 0
        var left = 1
        for length in 1...15 {
            left = (left << 1) - counts[length]
            if left < 0 { throw ModelStoreError.badDeflateStream(reason: "over-subscribed Huffman code") }
        }
        var nextCode = [Int](repeating: 0, count: 16)
        var code = 0
        for length in 1...15 {
            code = (code + counts[length - 1]) << 1
            nextCode[length] = code
        }
        // Reversed codes (the stream sends Huffman codes most significant bit first).
        var reversedCodes = [Int](repeating: 0, count: lengths.count)
        for symbol in 0..<lengths.count {
            let length = Int(lengths[symbol])
            guard length > 0 else { continue }
            let c = nextCode[length]
            nextCode[length] += 1
            var reversed = 0
            for bit in 0..<length where c & (1 << bit) != 0 { reversed |= 1 << (length - 1 - bit) }
            reversedCodes[symbol] = reversed
        }
        let primarySize = 1 << primaryBits
        let primaryMask = primarySize - 1
        // The longest code under each first-level prefix decides the size of its subtable.
        var longest = [Int](repeating: 0, count: primarySize)
        for symbol in 0..<lengths.count where Int(lengths[symbol]) > primaryBits {
            let prefix = reversedCodes[symbol] & primaryMask
            longest[prefix] = max(longest[prefix], Int(lengths[symbol]))
        }
        var size = primarySize
        var subtableStart = [Int](repeating: 0, count: primarySize)
        for prefix in 0..<primarySize where longest[prefix] > 0 {
            subtableStart[prefix] = size
            size += 1 << (longest[prefix] - primaryBits)
        }
        var entries = [UInt32](repeating: 0, count: size)
        for prefix in 0..<primarySize where longest[prefix] > 0 {
            let bits = longest[prefix] - primaryBits
            entries[prefix] = UInt32(subtableStart[prefix]) << 16 | UInt32(bits) << 12 | Self.subtableFlag | UInt32(primaryBits)
        }
        for symbol in 0..<lengths.count {
            let length = Int(lengths[symbol])
            guard length > 0 else { continue }
            let entry = symbolEntry(symbol) | UInt32(length)
            let reversed = reversedCodes[symbol]
            if length <= primaryBits {
                var index = reversed
                while index < primarySize {
                    entries[index] = entry
                    index += 1 << length
                }
            } else {
                let prefix = reversed & primaryMask
                let subBits = longest[prefix] - primaryBits
                var index = reversed >> primaryBits
                while index < 1 << subBits {
                    entries[subtableStart[prefix] + index] = entry
                    index += 1 << (length - primaryBits)
                }
            }
        }
        self.entries = entries
    }

    static let lengthBase: [UInt32] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra: [UInt32] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase: [UInt32] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra: [UInt32] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    /// Entry contents for the literal/length alphabet (0…287).
    static func literalLengthEntry(_ symbol: Int) -> UInt32 {
        switch symbol {
        case 0..<256: return UInt32(symbol) << 16 | literalFlag
        case 256: return endOfBlockFlag
        case 257...285: return lengthBase[symbol - 257] << 16 | lengthExtra[symbol - 257] << 4
        default: return invalidSymbolFlag
        }
    }

    /// Entry contents for the distance alphabet (0…31).
    static func distanceEntry(_ symbol: Int) -> UInt32 {
        symbol < 30 ? distanceBase[symbol] << 16 | distanceExtra[symbol] << 4 : invalidSymbolFlag
    }

    /// Entry contents for the code-length alphabet (0…18): the symbol itself.
    static func plainEntry(_ symbol: Int) -> UInt32 { UInt32(symbol) << 16 }

    /// Builds a table from an array of code lengths.
    static func make(_ lengths: [UInt8], primaryBits: Int, symbolEntry: SymbolEntry) throws -> HuffmanTable {
        try lengths.withUnsafeBufferPointer { try HuffmanTable(lengths: $0, primaryBits: primaryBits, symbolEntry: symbolEntry) }
    }

    /// The fixed literal/length code of block type 1.
    static let fixedLiteralLength: HuffmanTable? = {
        var lengths = [UInt8](repeating: 8, count: 288)
        for i in 144..<256 { lengths[i] = 9 }
        for i in 256..<280 { lengths[i] = 7 }
        return try? make(lengths, primaryBits: 9, symbolEntry: literalLengthEntry)
    }()

    /// The fixed distance code of block type 1.
    static let fixedDistance: HuffmanTable? = try? make([UInt8](repeating: 5, count: 32), primaryBits: 5, symbolEntry: distanceEntry)
}
