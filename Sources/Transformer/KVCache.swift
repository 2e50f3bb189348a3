/// The keys and values a model computed for one token sequence, so that later calls only process new tokens.
///
/// A cache is either a root (it owns every row) or a branch: a branch shares the first `parentLength` rows
/// of a root cache and owns only the rows after them. Beam search and n-sample decoding fork branches off
/// the prompt's cache, so the prompt's rows are never copied. A root must not be truncated below
/// `parentLength` of a live branch; the decoding adapter that creates branches releases them first.
///
/// Storage layout: for each layer, keys then values, each `(capacity, kvWidth)` rows of `Float`.
public final class KVCache: @unchecked Sendable {
    /// Number of transformer blocks the cache holds rows for.
    public let layerCount: Int
    /// Width of one key (or value) row: kv heads × head width.
    public let kvWidth: Int
    /// Longest sequence (including a parent's rows) this cache may hold.
    public let maximumLength: Int
    /// The root this branch extends, or nil for a root.
    public let parent: KVCache?
    /// Number of the parent's rows this branch sees.
    public let parentLength: Int

    /// The tokens whose rows this cache owns, in order (positions `parentLength...`).
    public private(set) var ownTokens: [Int32] = []
    private var capacity = 0
    /// First position whose rows are approximate (moved from elsewhere by `Transformer.evaluate(_:cache:
    /// moving:shouldContinue:)`, or computed after such rows), or nil when every row is exact.
    public private(set) var approximateFrom: Int?
    /// How many tokens before the moved rows changed since they were last computed exactly (the sum over
    /// every move since): a measure of how stale the approximate rows are.
    public private(set) var staleTokens = 0
    private var keys: UnsafeMutablePointer<Float>?     // (layer, capacity, kvWidth)
    private var values: UnsafeMutablePointer<Float>?   // (layer, capacity, kvWidth)

    /// A root cache for sequences up to `maximumLength` tokens. Memory grows as tokens are added.
    public init(layerCount: Int, kvWidth: Int, maximumLength: Int) {
        self.layerCount = layerCount
        self.kvWidth = kvWidth
        self.maximumLength = maximumLength
        self.parent = nil
        self.parentLength = 0
    }

    private init(branchOf root: KVCache, sharing length: Int, maximumLength: Int) {
        layerCount = root.layerCount
        kvWidth = root.kvWidth
        self.maximumLength = maximumLength
        parent = root
        parentLength = length
    }

    deinit {
        keys?.deallocate()
        values?.deallocate()
    }

    /// Number of positions this cache covers, the parent's shared rows included.
    public var count: Int { parentLength + ownTokens.count }

    /// Every token the cache covers, in order.
    public var tokens: [Int32] {
        guard let parent else { return ownTokens }
        return Array(parent.ownTokens[0..<parentLength]) + ownTokens
    }

    /// Bytes of row storage this cache owns (a branch does not count its parent's rows).
    public var residentBytes: Int { 2 * layerCount * capacity * kvWidth * MemoryLayout<Float>.size }

    /// Number of leading tokens of `sequence` that this cache already holds.
    public func commonPrefixLength(with sequence: [Int32]) -> Int {
        let mine = tokens
        var n = 0
        let limit = min(mine.count, sequence.count)
        while n < limit && mine[n] == sequence[n] { n += 1 }
        return n
    }

    /// Forgets every position from `length` on (no memory is freed). A branch cannot drop its parent's rows.
    public func truncate(to length: Int) {
        let keep = max(parentLength, min(length, count))
        ownTokens.removeLast(count - keep)
        if let first = approximateFrom, keep <= first {
            approximateFrom = nil
            staleTokens = 0
        }
    }

    /// Number of leading tokens of `sequence` whose rows this cache holds exactly (the common prefix, but
    /// not into approximate rows).
    public func exactPrefixLength(with sequence: [Int32]) -> Int {
        min(commonPrefixLength(with: sequence), approximateFrom ?? .max)
    }

    /// A branch holding the same sequence as this cache. When this cache is a root the branch shares all of
    /// its rows; when it is a branch the new one shares the same root rows and copies only the owned rows.
    public func fork(maximumLength: Int? = nil) -> KVCache {
        let limit = maximumLength ?? self.maximumLength
        guard let parent else {
            return KVCache(branchOf: self, sharing: count, maximumLength: limit)
        }
        let copy = KVCache(branchOf: parent, sharing: parentLength, maximumLength: limit)
        copy.reserve(ownTokens.count)
        // A branch that owns no rows yet has no storage to copy from.
        for layer in 0..<layerCount where !ownTokens.isEmpty {
            copy.keysBase(layer).update(from: keysBase(layer), count: ownTokens.count * kvWidth)
            copy.valuesBase(layer).update(from: valuesBase(layer), count: ownTokens.count * kvWidth)
        }
        copy.ownTokens = ownTokens
        return copy
    }

    /// A branch sharing only the first `length` rows of this root cache (clamped to its length): for
    /// scoring a different continuation of a common beginning without touching this cache. Returns nil
    /// for a branch (only roots can be shared from).
    public func fork(sharingFirst length: Int, maximumLength: Int) -> KVCache? {
        guard parent == nil else { return nil }
        return KVCache(branchOf: self, sharing: max(0, min(length, count)), maximumLength: maximumLength)
    }

    // MARK: - Moving rows

    /// A copy of the key and value rows of some positions of a cache, every layer.
    struct SavedRows {
        let tokens: [Int32]
        let keys: [Float]      // (layer, row, kvWidth)
        let values: [Float]    // (layer, row, kvWidth)
    }

    /// Copies the rows of `positions` (which must be owned rows of this cache).
    func save(_ positions: Range<Int>) -> SavedRows {
        let rows = positions.count
        var keys = [Float](repeating: 0, count: layerCount * rows * kvWidth)
        var values = keys
        keys.withUnsafeMutableBufferPointer { k in
            values.withUnsafeMutableBufferPointer { v in
                for layer in 0..<layerCount where rows > 0 {
                    (k.baseAddress.unsafelyUnwrapped + layer * rows * kvWidth)
                        .update(from: keyRow(layer: layer, position: positions.lowerBound), count: rows * kvWidth)
                    (v.baseAddress.unsafelyUnwrapped + layer * rows * kvWidth)
                        .update(from: valueRow(layer: layer, position: positions.lowerBound), count: rows * kvWidth)
                }
            }
        }
        return SavedRows(tokens: Array(tokens[positions]), keys: keys, values: values)
    }

    /// Appends saved rows, calling `adjustKey` on each key row (every layer) once it is in place, and
    /// marks them approximate; `stale` is added to `staleTokens`.
    func append(_ saved: SavedRows, stale: Int, adjustKey: (UnsafeMutablePointer<Float>) -> Void) throws {
        let rows = saved.tokens.count
        let first = try append(saved.tokens)
        let width = rows * kvWidth
        saved.keys.withUnsafeBufferPointer { k in
            saved.values.withUnsafeBufferPointer { v in
                for layer in 0..<layerCount where rows > 0 {
                    // Owned rows are contiguous per layer.
                    keyRow(layer: layer, position: first).update(from: k.baseAddress.unsafelyUnwrapped + layer * width, count: width)
                    valueRow(layer: layer, position: first).update(from: v.baseAddress.unsafelyUnwrapped + layer * width, count: width)
                    for row in 0..<rows { adjustKey(keyRow(layer: layer, position: first + row)) }
                }
            }
        }
        approximateFrom = min(approximateFrom ?? first, first)
        staleTokens += stale
    }

    // MARK: - Row access for the forward pass

    /// Makes room for `extra` more owned rows and records their tokens. Returns the first new position.
    func append(_ newTokens: some Collection<Int32>) throws -> Int {
        let start = count
        guard start + newTokens.count <= maximumLength else {
            throw TransformerError.contextFull(requested: start + newTokens.count, maximum: maximumLength)
        }
        reserve(ownTokens.count + newTokens.count)
        ownTokens.append(contentsOf: newTokens)
        return start
    }

    /// The owned key rows of one layer, row 0 being position `parentLength`.
    func keysBase(_ layer: Int) -> UnsafeMutablePointer<Float> {
        keys.unsafelyUnwrapped + layer * capacity * kvWidth
    }

    /// The owned value rows of one layer.
    func valuesBase(_ layer: Int) -> UnsafeMutablePointer<Float> {
        values.unsafelyUnwrapped + layer * capacity * kvWidth
    }

    /// The key row for `position` in `layer`, looking in the parent for shared positions.
    func keyRow(layer: Int, position: Int) -> UnsafeMutablePointer<Float> {
        if position < parentLength, let parent { return parent.keyRow(layer: layer, position: position) }
        return keysBase(layer) + (position - parentLength) * kvWidth
    }

    /// The value row for `position` in `layer`.
    func valueRow(layer: Int, position: Int) -> UnsafeMutablePointer<Float> {
        if position < parentLength, let parent { return parent.valueRow(layer: layer, position: position) }
        return valuesBase(layer) + (position - parentLength) * kvWidth
    }

    /// Grows storage to hold at least `rows` owned rows, doubling to keep appends amortised O(1).
    private func reserve(_ rows: Int) {
        guard rows > capacity else { return }
        let newCapacity = min(max(rows, capacity * 2, 64), maximumLength - parentLength)
        let size = layerCount * newCapacity * kvWidth
        let newKeys = UnsafeMutablePointer<Float>.allocate(capacity: size)
        let newValues = UnsafeMutablePointer<Float>.allocate(capacity: size)
        if let keys, let values {
            for layer in 0..<layerCount {
                (newKeys + layer * newCapacity * kvWidth).update(from: keys + layer * capacity * kvWidth, count: ownTokens.count * kvWidth)
                (newValues + layer * newCapacity * kvWidth).update(from: values + layer * capacity * kvWidth, count: ownTokens.count * kvWidth)
            }
            keys.deallocate()
            values.deallocate()
        }
        keys = newKeys
        values = newValues
        capacity = newCapacity
    }
}
