import Kernels

/// Causal multi-head attention of a batch of query rows against their caches (grouped-query aware).
///
/// Each query row attends to every cached position up to and including its own. For prompt processing
/// (many rows of one cache) the work is done in blocks: one task takes a key/value head and a block of
/// consecutive query rows with every query head that shares it, so each cached key and value row is read
/// once per block instead of once per query. Rows of different caches (a beam-search step) are done one row
/// at a time.
struct Attention {
    let configuration: ModelConfiguration
    /// Query rows per block in prompt processing.
    static let blockRows = 16

    /// - Parameters:
    ///   - queries: `(rows, queryWidth)`, already rotated.
    ///   - entries: for each row, its cache and position (the row's own key/value are already in the cache).
    ///   - output: `(rows, queryWidth)`.
    func run(layer: Int, queries: UnsafePointer<Float>, entries: [BatchEntry],
             output: UnsafeMutablePointer<Float>, pool: ThreadPool) {
        let sameCache = entries.allSatisfy { $0.cache === entries[0].cache }
        let blockRows = sameCache ? Self.blockRows : 1
        let blocks = (entries.count + blockRows - 1) / blockRows
        let kvHeads = configuration.kvHeadCount
        let q = UncheckedSendable(queries)
        let out = UncheckedSendable(output)
        pool.parallelFor(blocks * kvHeads) { task in
            let block = task / kvHeads
            let kvHead = task % kvHeads
            let rows = (block * blockRows)..<min(entries.count, (block + 1) * blockRows)
            attendBlock(layer: layer, kvHead: kvHead, rows: rows, entries: entries, queries: q.value, output: out.value)
        }
    }

    /// Attention for the query heads of `kvHead` and the rows in `rows` (which all use one cache).
    private func attendBlock(layer: Int, kvHead: Int, rows: Range<Int>, entries: [BatchEntry],
                             queries: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let c = configuration
        let headDim = c.headDimension
        let group = c.headCount / c.kvHeadCount
        let scale = 1 / Float(headDim).squareRoot()
        let cache = entries[rows.lowerBound].cache
        let kvOffset = kvHead * headDim
        // Query vectors of this block: (row, head in group); each sees positions 0...position(row).
        let queryCount = rows.count * group
        let longest = rows.map { entries[$0].position + 1 }.max() ?? 0
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: queryCount * longest)   // (query, position)
        defer { scores.deallocate() }
        var lengths = [Int](repeating: 0, count: queryCount)
        var queryPointers = [UnsafePointer<Float>](repeating: queries, count: queryCount)
        for (r, row) in rows.enumerated() {
            for g in 0..<group {
                let head = kvHead * group + g
                queryPointers[r * group + g] = queries + row * c.queryWidth + head * headDim
                lengths[r * group + g] = entries[row].position + 1
            }
        }
        // Scores: each key row is loaded once and dotted with every query that may see it.
        for p in 0..<longest {
            let key = UnsafePointer(cache.keyRow(layer: layer, position: p) + kvOffset)
            for i in 0..<queryCount where p < lengths[i] {
                scores[i * longest + p] = dot(queryPointers[i], key, headDim) * scale
            }
        }
        // Softmax per query over its own length.
        for i in 0..<queryCount {
            let s = scores + i * longest
            var maximum = -Float.infinity
            for p in 0..<lengths[i] { maximum = max(maximum, s[p]) }
            var sum: Float = 0
            for p in 0..<lengths[i] {
                let e = expf(s[p] - maximum)
                s[p] = e
                sum += e
            }
            let inverse = 1 / sum
            for p in 0..<lengths[i] { s[p] *= inverse }
        }
        // Weighted sum of value rows, each loaded once.
        for row in rows {
            for g in 0..<group {
                (output + row * c.queryWidth + (kvHead * group + g) * headDim).initialize(repeating: 0, count: headDim)
            }
        }
        for p in 0..<longest {
            let value = UnsafePointer(cache.valueRow(layer: layer, position: p) + kvOffset)
            for (r, row) in rows.enumerated() {
                for g in 0..<group {
                    let i = r * group + g
                    guard p < lengths[i] else { continue }
                    axpy(scores[i * longest + p], value, output + row * c.queryWidth + (kvHead * group + g) * headDim, headDim)
                }
            }
        }
    }
}

/// Dot product of two vectors of `count` floats (a multiple of 8 in every supported model; a scalar tail
/// handles the rest). Kept here so it inlines into the attention loops.
@inline(__always)
private func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
    var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
    var i = 0
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    while i + 16 <= count {
        acc0.addProduct(ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self), rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self))
        acc1.addProduct(ra.loadUnaligned(fromByteOffset: i * 4 + 32, as: SIMD8<Float>.self), rb.loadUnaligned(fromByteOffset: i * 4 + 32, as: SIMD8<Float>.self))
        i += 16
    }
    var sum = (acc0 + acc1).sum()
    while i < count {
        sum += a[i] * b[i]
        i += 1
    }
    return sum
}

/// `out += weight * x` over `count` floats.
@inline(__always)
private func axpy(_ weight: Float, _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) {
    var i = 0
    let w = SIMD8<Float>(repeating: weight)
    let rx = UnsafeRawPointer(x), ro = UnsafeMutableRawPointer(out)
    while i + 8 <= count {
        var o = ro.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
        o.addProduct(w, rx.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self))
        ro.storeBytes(of: o, toByteOffset: i * 4, as: SIMD8<Float>.self)
        i += 8
    }
    while i < count {
        out[i] += weight * x[i]
        i += 1
    }
}

/// One row of a forward batch: a token, the cache it extends, and its position in that cache.
struct BatchEntry: @unchecked Sendable {
    let token: Int32
    let cache: KVCache
    let position: Int
}

/// Wraps a pointer so it can be captured by the thread pool's closure; the forward pass guarantees
/// that concurrent tasks write disjoint ranges.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
