/// A token text compared and hashed byte for byte, as llama.cpp's `std::string` keys are.
///
/// Swift `String` equality is canonical equivalence (`"é" == "e\u{301}"`), which a vocabulary lookup must
/// not use, and hashing non-ASCII strings is slower; this key avoids both.
struct TokenText: Hashable, Sendable {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }
    init(_ text: String) { bytes = Array(text.utf8) }

    static func == (lhs: TokenText, rhs: TokenText) -> Bool { lhs.bytes == rhs.bytes }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
