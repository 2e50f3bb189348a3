/// A piece of the input after special tokens have been split out: either a special token or a byte range
/// of plain text that still has to be pre-tokenized and merged.
enum Fragment: Equatable {
    case token(Int32)
    case text(Range<Int>)
}

/// Splits special-token texts out of UTF-8 input the way llama.cpp's `tokenizer_st_partition` does.
///
/// The rule: special tokens are taken one after another, longest text first (ties by id); each one splits
/// every remaining text fragment at all of its non-overlapping occurrences, leftmost first. Without special
/// parsing only USER_DEFINED tokens are split out (llama.cpp skips CONTROL and UNKNOWN tokens then).
///
/// Applied literally that costs O(n·k) for n bytes and k special tokens, which a vocabulary of thousands
/// of user-defined tokens makes seconds per 100 KB. Here one pass over the input with a trie of all the
/// special texts finds every occurrence (a byte that begins no special text costs one table lookup); the
/// tokens then claim their occurrences in the same order as above. A token's occurrence is taken exactly
/// when the literal rule would take it: it lies inside one still-unclaimed stretch (a text fragment) and
/// starts at or after the end of the token's previous claim.
struct SpecialTokenSplitter: Sendable {
    /// The special tokens in priority order (longest text first, ties by id).
    private let specials: [Vocabulary.SpecialToken]
    /// Child of the root for each first byte, or -1.
    private let rootChildren: [Int32]
    /// Child of a deeper node: key `node << 8 | byte`.
    private let children: [Int: Int32]
    /// For each trie node, the indices in `specials` of the tokens whose text ends there (usually none;
    /// several when texts repeat).
    private let endings: [[Int32]]

    /// - Parameter specials: the special tokens in priority order (see the type's description).
    init(specials: [Vocabulary.SpecialToken]) {
        self.specials = specials
        var rootChildren = [Int32](repeating: -1, count: 256)
        var children: [Int: Int32] = [:]
        var endings: [[Int32]] = [[]]
        for (index, special) in specials.enumerated() where !special.bytes.isEmpty {
            var node: Int32 = 0
            for (depth, byte) in special.bytes.enumerated() {
                let existing = depth == 0 ? rootChildren[Int(byte)] : children[Int(node) << 8 | Int(byte), default: -1]
                if existing >= 0 {
                    node = existing
                    continue
                }
                let created = Int32(endings.count)
                endings.append([])
                if depth == 0 { rootChildren[Int(byte)] = created } else { children[Int(node) << 8 | Int(byte)] = created }
                node = created
            }
            endings[Int(node)].append(Int32(index))
        }
        self.rootChildren = rootChildren
        self.children = children
        self.endings = endings
    }

    /// The fragments of `text`: special tokens and the plain text between them, in order.
    /// - Complexity: O(n·d + m·l) for n bytes, d the longest special text matched at a position, m the
    ///   occurrences found and l their length; O(n) for text in which no special text begins.
    func split(_ text: UnsafeBufferPointer<UInt8>, parseSpecial: Bool) -> [Fragment] {
        guard !text.isEmpty else { return [] }
        let occurrences = findOccurrences(in: text, parseSpecial: parseSpecial)
        guard !occurrences.isEmpty else { return [.text(0..<text.count)] }

        // Claim in priority order; within one token, left to right.
        var claimed = [Bool](repeating: false, count: text.count)
        var taken: [(start: Int, id: Int32, length: Int)] = []
        for index in occurrences.keys.sorted() {
            let special = specials[Int(index)]
            let length = special.bytes.count
            var previousEnd = 0
            for start in occurrences[index, default: []] where start >= previousEnd {
                guard !claimed[start..<start + length].contains(true) else { continue }
                for i in start..<start + length { claimed[i] = true }
                taken.append((start, special.id, length))
                previousEnd = start + length
            }
        }
        taken.sort { $0.start < $1.start }

        var fragments: [Fragment] = []
        fragments.reserveCapacity(2 * taken.count + 1)
        var position = 0
        for (start, id, length) in taken {
            if start > position { fragments.append(.text(position..<start)) }
            fragments.append(.token(id))
            position = start + length
        }
        if position < text.count { fragments.append(.text(position..<text.count)) }
        return fragments
    }

    /// For each special token that occurs (by index in `specials`), the start of every occurrence, ascending.
    private func findOccurrences(in text: UnsafeBufferPointer<UInt8>, parseSpecial: Bool) -> [Int32: [Int]] {
        var found: [Int32: [Int]] = [:]
        for start in 0..<text.count {
            var node = rootChildren[Int(text[start])]
            var position = start + 1
            while node >= 0 {
                for index in endings[Int(node)] where parseSpecial || !specials[Int(index)].needsSpecialParsing {
                    found[index, default: []].append(start)
                }
                guard position < text.count, let next = children[Int(node) << 8 | Int(text[position])] else { break }
                node = next
                position += 1
            }
        }
        return found
    }
}
