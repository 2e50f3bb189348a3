/// Turns a stream of token ids into text, emitting only complete UTF-8 characters.
///
/// Byte-level tokens can end in the middle of a multi-byte character (an emoji is often split over two
/// or three tokens). `append` returns the text that became complete and keeps the unfinished tail;
/// `flush` returns whatever is left, with U+FFFD for bytes that never formed a character.
public struct StreamingDetokenizer: Sendable {
    private let tokenizer: Tokenizer
    private var pending: [UInt8] = []

    /// A detokenizer with nothing buffered.
    public init(tokenizer: Tokenizer) {
        self.tokenizer = tokenizer
    }

    /// Adds one token and returns the newly completed text (possibly empty). Invalid bytes that cannot
    /// start or continue a character are emitted as U+FFFD right away.
    public mutating func append(_ token: Int32) -> String {
        pending.append(contentsOf: tokenizer.bytes(for: token))
        let keep = Self.incompleteTailLength(pending)
        guard pending.count > keep else { return "" }
        let text = String(decoding: pending[..<(pending.count - keep)], as: UTF8.self)
        pending.removeFirst(pending.count - keep)
        return text
    }

    /// Returns the buffered remainder (U+FFFD for an unfinished character) and empties the buffer.
    public mutating func flush() -> String {
        defer { pending.removeAll() }
        return String(decoding: pending, as: UTF8.self)
    }

    /// The number of bytes at the end of `bytes` that are a valid but unfinished UTF-8 sequence.
    static func incompleteTailLength(_ bytes: [UInt8]) -> Int {
        // Find the last byte that is not a continuation byte, at most 3 back.
        var index = bytes.count - 1
        let lowest = max(bytes.count - 4, 0)
        while index >= lowest, bytes[index] & 0xC0 == 0x80 { index -= 1 }
        guard index >= lowest, index >= 0 else { return 0 }
        let lead = bytes[index]
        let needed: Int
        switch lead {
        case 0xC2...0xDF: needed = 2
        case 0xE0...0xEF: needed = 3
        case 0xF0...0xF4: needed = 4
        default: return 0
        }
        let have = bytes.count - index
        guard have < needed else { return 0 }
        // The second byte, if present, must be in the range the lead byte allows.
        if have >= 2 {
            let second = bytes[index + 1]
            let allowed: ClosedRange<UInt8>
            switch lead {
            case 0xE0: allowed = 0xA0...0xBF
            case 0xED: allowed = 0x80...0x9F
            case 0xF0: allowed = 0x90...0xBF
            case 0xF4: allowed = 0x80...0x8F
            default: allowed = 0x80...0xBF
            }
            guard allowed.contains(second) else { return 0 }
        }
        return have
    }
}
