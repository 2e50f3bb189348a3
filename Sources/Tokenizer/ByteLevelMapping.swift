/// GPT-2's reversible byte-to-character mapping (`bytes_to_unicode`).
///
/// Byte-level BPE vocabularies store every token as text in which each raw byte is replaced by one
/// printable Unicode scalar: the printable Latin-1 bytes `!`...`~`, `¡`...`¬` and `®`...`ÿ` map to
/// themselves, and the remaining 68 bytes map, in increasing order, to U+0100, U+0101, ... (so a space,
/// 0x20, becomes `Ġ` U+0120 and a newline becomes `Ċ` U+010A).
enum ByteLevelMapping {
    /// The scalar that stands for each byte value.
    static let scalarForByte: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 256)
        var next: UInt32 = 256
        for byte in 0..<256 {
            if isPrintable(byte) {
                table[byte] = UInt32(byte)
            } else {
                table[byte] = next
                next += 1
            }
        }
        return table
    }()

    /// The byte a mapped scalar stands for, or nil when `scalar` is not part of the mapping.
    static func byte(for scalar: UInt32) -> UInt8? {
        if scalar < 256 {
            return isPrintable(Int(scalar)) ? UInt8(scalar) : nil
        }
        guard scalar < 256 + 68 else { return nil }
        return inverseOfExtended[Int(scalar - 256)]
    }

    /// The byte-mapped text of raw bytes: what the vocabulary stores for them.
    static func mappedText<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            if let scalar = Unicode.Scalar(scalarForByte[Int(byte)]) { scalars.append(scalar) }
        }
        return String(scalars)
    }

    /// The raw bytes of a byte-mapped token text; nil when some scalar is outside the mapping.
    static func rawBytes(ofMapped text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard let byte = byte(for: scalar.value) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }

    private static func isPrintable(_ byte: Int) -> Bool {
        (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte)
    }

    /// The bytes behind U+0100 ... U+0143, in order.
    private static let inverseOfExtended: [UInt8] = {
        (0..<256).filter { !isPrintable($0) }.map { UInt8($0) }
    }()
}
