/// A piece of the input after special tokens have been split out: either a special token or a byte range
/// of plain text that still has to be pre-tokenized and merged.
enum Fragment: Equatable {
    case token(Int32)
    case text(Range<Int>)
}

/// Splits special-token texts out of UTF-8 input the way llama.cpp's `tokenizer_st_partition` does.
///
/// Special tokens are tried one after another, longest text first; each one splits every remaining text
/// fragment at all of its non-overlapping occurrences, leftmost first. Without special parsing only
/// USER_DEFINED tokens are split out (llama.cpp skips CONTROL and UNKNOWN tokens then).
enum SpecialTokenSplitter {
    /// - Complexity: O(n·k) for n bytes and k special tokens; k is a few dozen for the supported models.
    static func split(_ text: UnsafeBufferPointer<UInt8>, specials: [Vocabulary.SpecialToken],
                      parseSpecial: Bool) -> [Fragment] {
        var fragments: [Fragment] = text.isEmpty ? [] : [.text(0..<text.count)]
        for special in specials where parseSpecial || !special.needsSpecialParsing {
            guard fragments.contains(where: { if case .text = $0 { return true } else { return false } })
            else { break }
            var result: [Fragment] = []
            result.reserveCapacity(fragments.count)
            var changed = false
            for fragment in fragments {
                guard case .text(let range) = fragment else {
                    result.append(fragment)
                    continue
                }
                var start = range.lowerBound
                while let match = firstOccurrence(of: special.bytes, in: text, from: start, to: range.upperBound) {
                    if match > start { result.append(.text(start..<match)) }
                    result.append(.token(special.id))
                    start = match + special.bytes.count
                    changed = true
                }
                if start < range.upperBound { result.append(.text(start..<range.upperBound)) }
            }
            if changed { fragments = result }
        }
        return fragments
    }

    /// The first index `i` in `from..<to` where `pattern` occurs entirely inside `text[from..<to]`.
    private static func firstOccurrence(of pattern: [UInt8], in text: UnsafeBufferPointer<UInt8>,
                                        from: Int, to end: Int) -> Int? {
        guard let first = pattern.first, end - from >= pattern.count else { return nil }
        let lastStart = end - pattern.count
        var position = from
        while position <= lastStart {
            if text[position] == first {
                var matched = true
                for offset in 1..<pattern.count where text[position + offset] != pattern[offset] {
                    matched = false
                    break
                }
                if matched { return position }
            }
            position += 1
        }
        return nil
    }
}
