/// A DEFLATE (RFC 1951) decoder over a complete input buffer that hands its output to a sink in large
/// chunks, keeping only the last 32 KiB (the window back-references may reach) between chunks.
///
/// Hot paths work on raw pointers: a 64-bit bit buffer refilled eight bytes at a time, two-level Huffman
/// tables that carry base values and extra-bit counts, and 8-byte match copies. Every input read is
/// bounds-checked; malformed input throws `ModelStoreError.badDeflateStream`.
struct InflateStream: ~Copyable {
    private let input: UnsafeRawBufferPointer
    /// Next input byte to load into the bit buffer (may run up to 8 bytes past the end as virtual zeros).
    private var position: Int
    private var bitBuffer: UInt64 = 0
    private var bitCount = 0

    private static let windowSize = 32_768
    private static let maxMatch = 258
    /// Output buffer: the 32 KiB window followed by room for a chunk of new output.
    private let buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    /// Output is flushed when it passes this offset (leaves room for one match plus an 8-byte overshoot).
    private let flushLimit: Int
    private var outputEnd = 0
    private var flushedEnd = 0
    /// Bytes produced so far, over all chunks.
    private(set) var totalOutput = 0

    /// A decoder of the DEFLATE stream starting at `offset` in `input`.
    init(input: UnsafeRawBufferPointer, offset: Int = 0, chunkSize: Int = 1 << 22) {
        self.input = input
        self.position = offset
        capacity = Self.windowSize + max(chunkSize, 1 << 17) + Self.maxMatch + 16
        flushLimit = capacity - Self.maxMatch - 16
        buffer = .allocate(capacity: capacity)
    }

    deinit { buffer.deallocate() }

    /// The offset just past the last input byte of the stream, valid after `run` returned.
    var endOffset: Int { position - bitCount / 8 }

    /// Decodes blocks until the final one, handing every output byte to `sink` in order.
    mutating func run(_ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        var isFinal = false
        while !isFinal {
            try refillSlowly()
            isFinal = take(1) == 1
            let type = take(2)
            switch type {
            case 0: try storedBlock(sink)
            case 1:
                guard let literals = HuffmanTable.fixedLiteralLength, let distances = HuffmanTable.fixedDistance else {
                    throw ModelStoreError.badDeflateStream(reason: "fixed tables unavailable")
                }
                try huffmanBlock(literals, distances, sink)
            case 2:
                let (literals, distances) = try dynamicTables()
                try huffmanBlock(literals, distances, sink)
            default:
                throw ModelStoreError.badDeflateStream(reason: "reserved block type 3")
            }
        }
        // Give back whole bytes still in the bit buffer; the stream ends at a byte boundary.
        bitCount -= bitCount % 8
        guard position - bitCount / 8 <= input.count else {
            throw ModelStoreError.badDeflateStream(reason: "data ends before the final block is complete")
        }
        try flush(sink)
    }

    // MARK: Bits

    /// Makes at least 56 bits available when 8 input bytes remain; otherwise loads byte by byte, padding
    /// with up to 8 virtual zero bytes past the end (an error is raised if those bits get consumed).
    @inline(__always)
    private mutating func refill() throws {
        if position + 8 <= input.count {
            let word = UInt64(littleEndian: input.loadUnaligned(fromByteOffset: position, as: UInt64.self))
            bitBuffer |= word << UInt64(bitCount)
            let taken = (63 - bitCount) >> 3
            position += taken
            bitCount += taken << 3
        } else {
            try refillSlowly()
        }
    }

    private mutating func refillSlowly() throws {
        if position + 8 <= input.count { return try refill() }
        while bitCount <= 56 {
            if position < input.count {
                bitBuffer |= UInt64(input[position]) << UInt64(bitCount)
            } else if position >= input.count + 8 {
                throw ModelStoreError.badDeflateStream(reason: "data ends in the middle of a block")
            }
            position += 1
            bitCount += 8
        }
    }

    /// Takes `n` (≤ 32) bits that `refill` made available.
    @inline(__always)
    private mutating func take(_ n: Int) -> Int {
        let value = Int(truncatingIfNeeded: bitBuffer & ((1 << UInt64(n)) &- 1))
        bitBuffer >>= UInt64(n)
        bitCount -= n
        return value
    }

    // MARK: Output

    private mutating func flush(_ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        if outputEnd > flushedEnd {
            try sink(UnsafeRawBufferPointer(start: buffer + flushedEnd, count: outputEnd - flushedEnd))
        }
        if outputEnd > Self.windowSize {
            (buffer).update(from: buffer + (outputEnd - Self.windowSize), count: Self.windowSize)
            outputEnd = Self.windowSize
        }
        flushedEnd = outputEnd
    }

    // MARK: Blocks

    private mutating func storedBlock(_ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        bitCount -= bitCount % 8
        bitBuffer = 0
        position -= bitCount / 8
        bitCount = 0
        guard position + 4 <= input.count else { throw ModelStoreError.badDeflateStream(reason: "stored block header cut short") }
        let length = Int(input[position]) | Int(input[position + 1]) << 8
        let check = Int(input[position + 2]) | Int(input[position + 3]) << 8
        guard length == ~check & 0xFFFF else { throw ModelStoreError.badDeflateStream(reason: "stored block length check failed") }
        position += 4
        guard position + length <= input.count else { throw ModelStoreError.badDeflateStream(reason: "stored block cut short") }
        var copied = 0
        while copied < length {
            if outputEnd >= flushLimit { try flush(sink) }
            let n = min(length - copied, flushLimit - outputEnd)
            (buffer + outputEnd).update(from: input.baseAddress!.assumingMemoryBound(to: UInt8.self) + position + copied, count: n)
            outputEnd += n
            copied += n
        }
        position += length
        totalOutput += length
    }

    private static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    private mutating func dynamicTables() throws -> (HuffmanTable, HuffmanTable) {
        try refillSlowly()
        let literalCount = take(5) + 257
        let distanceCount = take(5) + 1
        let codeLengthCount = take(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else {
            throw ModelStoreError.badDeflateStream(reason: "too many literal/length or distance codes")
        }
        var codeLengthLengths = [UInt8](repeating: 0, count: 19)
        for i in 0..<codeLengthCount {
            try refillSlowly()
            codeLengthLengths[Self.codeLengthOrder[i]] = UInt8(take(3))
        }
        let codeLengths = try HuffmanTable.make(codeLengthLengths, primaryBits: 7, symbolEntry: HuffmanTable.plainEntry)
        let total = literalCount + distanceCount
        var lengths = [UInt8](repeating: 0, count: total)
        var i = 0
        while i < total {
            try refillSlowly()
            let entry = codeLengths.entries[Int(bitBuffer & 127)]
            let length = Int(entry & 15)
            guard length > 0 else { throw ModelStoreError.badDeflateStream(reason: "invalid code-length code") }
            _ = take(length)
            let symbol = Int(entry >> 16)
            var repeatCount = 1
            var value: UInt8 = 0
            switch symbol {
            case 0...15: value = UInt8(symbol)
            case 16:
                guard i > 0 else { throw ModelStoreError.badDeflateStream(reason: "length repeat with no previous length") }
                value = lengths[i - 1]
                repeatCount = 3 + take(2)
            case 17: repeatCount = 3 + take(3)
            case 18: repeatCount = 11 + take(7)
            default: throw ModelStoreError.badDeflateStream(reason: "invalid code-length symbol")
            }
            guard i + repeatCount <= total else { throw ModelStoreError.badDeflateStream(reason: "code lengths overflow") }
            for j in i..<(i + repeatCount) { lengths[j] = value }
            i += repeatCount
        }
        guard lengths[256] > 0 else { throw ModelStoreError.badDeflateStream(reason: "no end-of-block code") }
        let literals = try HuffmanTable.make(Array(lengths[0..<literalCount]), primaryBits: 10,
                                             symbolEntry: HuffmanTable.literalLengthEntry)
        let distances = try HuffmanTable.make(Array(lengths[literalCount...]), primaryBits: 8,
                                              symbolEntry: HuffmanTable.distanceEntry)
        return (literals, distances)
    }

    /// Decodes one Huffman-coded block.
    /// - Complexity: O(output + input) with one or two table loads per symbol.
    private mutating func huffmanBlock(_ literals: HuffmanTable, _ distances: HuffmanTable,
                                       _ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try literals.entries.withUnsafeBufferPointer { literalEntries in
            try distances.entries.withUnsafeBufferPointer { distanceEntries in
                let lit = literalEntries.baseAddress!
                let dist = distanceEntries.baseAddress!
                let literalMask = UInt64((1 << literals.primaryBits) - 1)
                let distanceMask = UInt64((1 << distances.primaryBits) - 1)
                while true {
                    if outputEnd >= flushLimit { try flush(sink) }
                    if bitCount < 48 { try refill() }
                    var entry = lit[Int(bitBuffer & literalMask)]
                    if entry & HuffmanTable.subtableFlag != 0 {
                        let subBits = UInt64((entry >> 12) & 15)
                        let index = Int(entry >> 16) + Int((bitBuffer >> UInt64(literals.primaryBits)) & ((1 << subBits) - 1))
                        entry = lit[index]
                    }
                    let codeLength = Int(entry & 15)
                    guard codeLength > 0, codeLength <= bitCount else {
                        throw ModelStoreError.badDeflateStream(reason: codeLength == 0 ? "invalid literal/length code" : "data ends in the middle of a block")
                    }
                    bitBuffer >>= UInt64(codeLength)
                    bitCount -= codeLength
                    if entry & HuffmanTable.literalFlag != 0 {
                        buffer[outputEnd] = UInt8(truncatingIfNeeded: entry >> 16)
                        outputEnd += 1
                        totalOutput += 1
                        continue
                    }
                    if entry & HuffmanTable.endOfBlockFlag != 0 { return }
                    if entry & HuffmanTable.invalidSymbolFlag != 0 {
                        throw ModelStoreError.badDeflateStream(reason: "invalid length symbol")
                    }
                    let length = Int(entry >> 16) + take(Int((entry >> 4) & 15))
                    if bitCount < 32 { try refill() }
                    var distanceEntry = dist[Int(bitBuffer & distanceMask)]
                    if distanceEntry & HuffmanTable.subtableFlag != 0 {
                        let subBits = UInt64((distanceEntry >> 12) & 15)
                        let index = Int(distanceEntry >> 16) + Int((bitBuffer >> UInt64(distances.primaryBits)) & ((1 << subBits) - 1))
                        distanceEntry = dist[index]
                    }
                    let distanceCodeLength = Int(distanceEntry & 15)
                    guard distanceCodeLength > 0, distanceEntry & HuffmanTable.invalidSymbolFlag == 0 else {
                        throw ModelStoreError.badDeflateStream(reason: "invalid distance code")
                    }
                    let distanceExtra = Int((distanceEntry >> 4) & 15)
                    guard distanceCodeLength + distanceExtra <= bitCount else {
                        throw ModelStoreError.badDeflateStream(reason: "data ends in the middle of a block")
                    }
                    bitBuffer >>= UInt64(distanceCodeLength)
                    bitCount -= distanceCodeLength
                    let distance = Int(distanceEntry >> 16) + take(distanceExtra)
                    guard distance <= totalOutput else {
                        throw ModelStoreError.badDeflateStream(reason: "distance \(distance) reaches before the start of the output")
                    }
                    copyMatch(length: length, distance: distance)
                }
            }
        }
    }

    /// Appends `length` bytes copied from `distance` bytes back (the regions may overlap).
    @inline(__always)
    private mutating func copyMatch(length: Int, distance: Int) {
        var destination = buffer + outputEnd
        var source = destination - distance
        let end = destination + length
        if distance >= 8 {
            // 8 bytes at a time; may write up to 7 bytes past `end`, inside the slack after `flushLimit`.
            repeat {
                UnsafeMutableRawPointer(destination).storeBytes(
                    of: UnsafeRawPointer(source).loadUnaligned(as: UInt64.self), as: UInt64.self)
                destination += 8
                source += 8
            } while destination < end
        } else if distance == 1 {
            destination.update(repeating: source.pointee, count: length)
        } else {
            repeat {
                destination.pointee = source.pointee
                destination += 1
                source += 1
            } while destination < end
        }
        outputEnd += length
        totalOutput += length
    }
}
