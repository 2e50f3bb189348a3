/// A bounds-checked little-endian cursor over the bytes of a GGUF file.
///
/// Every read checks the remaining length first (with overflow-safe arithmetic) and throws
/// `GGUFError.truncated` naming what was being read, so hostile files cannot make the parser read past
/// the end. The `what` descriptions are autoclosures: they cost nothing unless an error is thrown.
struct GGUFByteReader {
    let base: UnsafeRawPointer?
    let count: Int
    private(set) var position: Int = 0

    init(base: UnsafeRawPointer?, count: Int) {
        self.base = base
        self.count = count
    }

    /// Bytes left after the cursor.
    var remaining: Int { count - position }

    /// Throws unless `needed` bytes remain.
    func require(_ needed: Int, _ what: @autoclosure () -> String) throws(GGUFError) {
        guard needed >= 0, needed <= remaining, base != nil || needed == 0 else {
            throw .truncated(offset: position, needed: needed, reading: what(), fileSize: count)
        }
    }

    /// Reads a fixed-size little-endian integer.
    mutating func read<T: FixedWidthInteger>(_: T.Type, _ what: @autoclosure () -> String) throws(GGUFError) -> T {
        let size = MemoryLayout<T>.size
        try require(size, what())
        guard let base else { throw .truncated(offset: position, needed: size, reading: what(), fileSize: count) }
        let value = base.loadUnaligned(fromByteOffset: position, as: T.self)
        position += size
        return T(littleEndian: value)
    }

    /// Reads `n` raw bytes and returns a pointer to them (valid as long as the underlying storage).
    mutating func bytes(_ n: Int, _ what: @autoclosure () -> String) throws(GGUFError) -> UnsafeBufferPointer<UInt8> {
        try require(n, what())
        guard let base else { return UnsafeBufferPointer(start: nil, count: 0) }
        let start = (base + position).assumingMemoryBound(to: UInt8.self)
        position += n
        return UnsafeBufferPointer(start: start, count: n)
    }

    /// Reads a GGUF string: a u64 byte length, then that many bytes of UTF-8 (validated).
    mutating func string(_ what: @autoclosure () -> String) throws(GGUFError) -> String {
        let lengthOffset = position
        let length = try read(UInt64.self, "the length of " + what())
        guard let n = Int(exactly: length), n <= remaining else {
            throw .countTooLarge(count: length, reading: "the length of " + what(), offset: lengthOffset,
                                 bytesRemaining: remaining)
        }
        let start = position
        let raw = try bytes(n, what())
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw .invalidString(offset: start, reading: what())
        }
        return text
    }

    /// Moves the cursor to `offset` (which must lie within the bytes, or at their end).
    mutating func seek(to offset: Int) {
        position = max(0, min(offset, count))
    }
}
