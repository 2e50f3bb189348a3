/// Per-call scratch state for byte-pair merging of single words.
///
/// The symbols of a word form a doubly linked list over an array; candidate merges sit in a binary
/// min-heap ordered by (rank, left position), like llama.cpp's `llm_bigram_bpe` queue. Entries that went
/// stale (one side already merged away or grown) are skipped when popped. Buffers are reused across
/// words, so merging allocates nothing once they have grown.
struct BPEMerger {
    private struct Candidate {
        var rank: Int32
        var left: Int32
        var right: Int32
        var leftSymbol: Int32
        var rightSymbol: Int32
        var result: Int32

        @inline(__always)
        func precedes(_ other: Candidate) -> Bool {
            rank != other.rank ? rank < other.rank : left < other.left
        }
    }

    private var symbols: [Int32] = []
    private var previous: [Int32] = []
    private var next: [Int32] = []
    private var heap: [Candidate] = []

    /// Appends the token ids of one pre-tokenized word (raw UTF-8 bytes) to `output`.
    /// - Complexity: O(n log n) in the word's byte count.
    mutating func encode(_ word: UnsafeBufferPointer<UInt8>, vocabulary: Vocabulary, into output: inout [Int32]) {
        let count = word.count
        guard count > 0 else { return }
        symbols.removeAll(keepingCapacity: true)
        previous.removeAll(keepingCapacity: true)
        next.removeAll(keepingCapacity: true)
        heap.removeAll(keepingCapacity: true)
        for (index, byte) in word.enumerated() {
            symbols.append(vocabulary.byteSymbols[Int(byte)])
            previous.append(Int32(index - 1))
            next.append(index + 1 == count ? -1 : Int32(index + 1))
        }
        for index in 1..<count { addCandidate(left: Int32(index - 1), vocabulary: vocabulary) }

        while let candidate = popCandidate() {
            let left = Int(candidate.left), right = Int(candidate.right)
            // Stale: a side was merged away (symbol -1) or has grown since the candidate was made.
            guard symbols[left] == candidate.leftSymbol, symbols[right] == candidate.rightSymbol,
                  next[left] == candidate.right
            else { continue }
            symbols[left] = candidate.result
            symbols[right] = -1
            let after = next[right]
            next[left] = after
            if after >= 0 { previous[Int(after)] = candidate.left }
            if previous[left] >= 0 { addCandidate(left: previous[left], vocabulary: vocabulary) }
            if after >= 0 { addCandidate(left: candidate.left, vocabulary: vocabulary) }
        }

        var index: Int32 = 0
        while index >= 0 {
            emit(symbols[Int(index)], vocabulary: vocabulary, into: &output)
            index = next[Int(index)]
        }
    }

    /// A symbol that is a token is emitted as is; one that is not (a merge result missing from the
    /// vocabulary) falls back, as in llama.cpp, to the tokens of its single-byte pieces.
    private func emit(_ symbol: Int32, vocabulary: Vocabulary, into output: inout [Int32]) {
        if Int(symbol) < vocabulary.tokenCount {
            output.append(symbol)
            return
        }
        for byte in vocabulary.extraSymbolTexts[Int(symbol) - vocabulary.tokenCount] {
            if let id = vocabulary.idForText[TokenText([byte])] { output.append(id) }
        }
    }

    private mutating func addCandidate(left: Int32, vocabulary: Vocabulary) {
        let right = next[Int(left)]
        guard right >= 0 else { return }
        let leftSymbol = symbols[Int(left)], rightSymbol = symbols[Int(right)]
        let key = UInt64(UInt32(bitPattern: leftSymbol)) << 32 | UInt64(UInt32(bitPattern: rightSymbol))
        guard let merge = vocabulary.merges[key] else { return }
        heap.append(Candidate(rank: merge.rank, left: left, right: right, leftSymbol: leftSymbol,
                              rightSymbol: rightSymbol, result: merge.result))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func popCandidate() -> Candidate? {
        guard let last = heap.popLast() else { return nil }
        guard !heap.isEmpty else { return last }
        let top = heap[0]
        heap[0] = last
        var parent = 0
        while true {
            let leftChild = 2 * parent + 1
            guard leftChild < heap.count else { break }
            var best = leftChild
            if leftChild + 1 < heap.count, heap[leftChild + 1].precedes(heap[leftChild]) { best = leftChild + 1 }
            guard heap[best].precedes(heap[parent]) else { break }
            heap.swapAt(best, parent)
            parent = best
        }
        return top
    }
}
