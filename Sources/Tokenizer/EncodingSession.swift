/// Per-call scratch state for encoding plain text (no special tokens): the decoded scalars and their
/// classes, word boundaries, the BPE merger, and a cache of the ids of every distinct word seen so far.
///
/// Source code repeats the same words constantly, so the cache means BPE runs once per distinct word.
/// Cache keys point into the caller's UTF-8 buffer, which must outlive the session's use.
struct EncodingSession {
    private let vocabulary: Vocabulary
    private let preTokenizer: PreTokenizer
    private var scalars: [UInt32] = []
    private var classes: [ScalarClass] = []
    /// Byte offset (from the fragment start) of each scalar, plus one final entry for the end.
    private var byteOffsets: [Int] = []
    private var wordEnds: [Int] = []
    private var merger = BPEMerger()
    private var cache: [WordKey: CachedWord] = [:]
    private var cachedIDs: [Int32] = []

    init(vocabulary: Vocabulary, preTokenizer: PreTokenizer) {
        self.vocabulary = vocabulary
        self.preTokenizer = preTokenizer
    }

    /// Appends the ids of the valid UTF-8 text `bytes` to `output`.
    mutating func encode(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [Int32]) {
        decodeScalars(bytes)
        wordEnds.removeAll(keepingCapacity: true)
        scalars.withUnsafeBufferPointer { scalarBuffer in
            classes.withUnsafeBufferPointer { classBuffer in
                preTokenizer.split(scalarBuffer, classes: classBuffer, range: 0..<scalarBuffer.count, into: &wordEnds)
            }
        }
        var wordStart = 0
        for wordEnd in wordEnds {
            let byteStart = byteOffsets[wordStart], byteEnd = byteOffsets[wordEnd]
            let word = UnsafeBufferPointer(rebasing: bytes[byteStart..<byteEnd])
            encodeWord(word, into: &output)
            wordStart = wordEnd
        }
    }

    private mutating func encodeWord(_ word: UnsafeBufferPointer<UInt8>, into output: inout [Int32]) {
        let key = WordKey(bytes: word)
        if let cached = cache[key] {
            output.append(contentsOf: cachedIDs[cached.start..<cached.start + cached.count])
            return
        }
        let start = output.count
        merger.encode(word, vocabulary: vocabulary, into: &output)
        let cachedStart = cachedIDs.count
        cachedIDs.append(contentsOf: output[start...])
        cache[key] = CachedWord(start: cachedStart, count: output.count - start)
    }

    /// Fills `scalars`, `classes` and `byteOffsets` from valid UTF-8.
    private mutating func decodeScalars(_ bytes: UnsafeBufferPointer<UInt8>) {
        scalars.removeAll(keepingCapacity: true)
        classes.removeAll(keepingCapacity: true)
        byteOffsets.removeAll(keepingCapacity: true)
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = UInt32(bytes[index])
            var value: UInt32
            var length: Int
            if lead < 0x80 {
                value = lead; length = 1
            } else if lead < 0xE0 {
                value = lead & 0x1F; length = 2
            } else if lead < 0xF0 {
                value = lead & 0x0F; length = 3
            } else {
                value = lead & 0x07; length = 4
            }
            length = min(length, count - index)
            for offset in 1..<max(length, 1) { value = value << 6 | (UInt32(bytes[index + offset]) & 0x3F) }
            scalars.append(value)
            classes.append(ScalarClass.of(value))
            byteOffsets.append(index)
            index += length
        }
        byteOffsets.append(count)
    }
}

/// A cached word's ids: `cachedIDs[start..<start + count]`.
private struct CachedWord {
    let start: Int
    let count: Int
}

/// A word identified by its bytes, without copying them. Only valid while the buffer it points into is.
private struct WordKey: Hashable {
    let bytes: UnsafeBufferPointer<UInt8>

    static func == (lhs: WordKey, rhs: WordKey) -> Bool {
        lhs.bytes.count == rhs.bytes.count && lhs.bytes.elementsEqual(rhs.bytes)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
    }
}
