import Kernels

/// Causal multi-head attention of a batch of query rows against their caches (grouped-query aware).
///
/// Each query row attends to every cached position up to and including its own. For prompt processing
/// (many rows of one cache) the work is done in blocks: one task takes a key/value head and a block of
/// consecutive query rows with every query head that shares it, so each cached key and value row is read
/// once per block instead of once per query. A single row, or rows of different caches (a beam-search step),
/// go one (row, query head) at a time, reading the key rows directly.
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
        let q = UncheckedSendable(queries)
        let out = UncheckedSendable(output)
        if !sameCache || entries.count == 1 {
            // Generation and beam steps: one query row per cache. Transposing the keys would cost more
            // than the scores themselves, so each query head reads the key rows directly; one task per
            // (row, query head) keeps both threads busy even with 2 or 3 key/value heads.
            let heads = configuration.headCount
            pool.parallelFor(entries.count * heads) { task in
                attendRow(layer: layer, head: task % heads, row: task / heads, entries: entries, queries: q.value, output: out.value)
            }
            return
        }
        let blockRows = Self.blockRows
        let blocks = (entries.count + blockRows - 1) / blockRows
        let kvHeads = configuration.kvHeadCount
        pool.parallelFor(blocks * kvHeads) { task in
            let block = task / kvHeads
            let kvHead = task % kvHeads
            let rows = (block * blockRows)..<min(entries.count, (block + 1) * blockRows)
            attendBlock(layer: layer, kvHead: kvHead, rows: rows, entries: entries, queries: q.value, output: out.value)
        }
    }

    /// Attention for the query heads of `kvHead` and the rows in `rows` (which all use one cache).
    ///
    /// The block's keys are first copied transposed, `(headDim, position)`, so each query's scores come
    /// out eight positions at a time from broadcast-multiply-adds, with no horizontal sums. Each query's
    /// weighted sum of values is then accumulated in registers over the positions it sees.
    private func attendBlock(layer: Int, kvHead: Int, rows: Range<Int>, entries: [BatchEntry],
                             queries: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let c = configuration
        let headDim = c.headDimension
        let group = c.headCount / c.kvHeadCount
        let scale = 1 / Float(headDim).squareRoot()
        let cache = entries[rows.lowerBound].cache
        let kvOffset = kvHead * headDim
        let longest = rows.map { entries[$0].position + 1 }.max() ?? 0
        let stride = (longest + 7) & ~7                          // positions rounded up to whole SIMD8 groups
        let keysT = UnsafeMutablePointer<Float>.allocate(capacity: headDim * stride)   // (headDim, stride)
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: stride)
        defer {
            keysT.deallocate()
            scores.deallocate()
        }
        for p in 0..<longest {
            let key = cache.keyRow(layer: layer, position: p) + kvOffset
            for d in 0..<headDim { keysT[d * stride + p] = key[d] }
        }
        for p in longest..<stride {
            for d in 0..<headDim { keysT[d * stride + p] = 0 }
        }
        for row in rows {
            let length = entries[row].position + 1
            let groups8 = (length + 7) / 8
            for g in 0..<group {
                let head = kvHead * group + g
                let query = queries + row * c.queryWidth + head * headDim
                // Scores, eight positions per register.
                var chunk = 0
                while chunk < groups8 {
                    var acc = SIMD8<Float>()
                    let column = UnsafeRawPointer(keysT + chunk * 8)
                    for d in 0..<headDim {
                        acc.addProduct(SIMD8(repeating: query[d]), column.loadUnaligned(fromByteOffset: d * stride * 4, as: SIMD8<Float>.self))
                    }
                    UnsafeMutableRawPointer(scores + chunk * 8).storeBytes(of: acc * scale, as: SIMD8<Float>.self)
                    chunk += 1
                }
                VectorOps.softmax(scores, count: length)
                weightedValues(layer: layer, cache: cache, kvOffset: kvOffset, weights: scores, length: length,
                               into: output + row * c.queryWidth + head * headDim, headDim: headDim)
            }
        }
    }

    /// Attention of one query head of one row against its cache: a dot product with each cached key
    /// row (eight rows at a time, `scores(query:keys:…)`), softmax, then the weighted sum of the value rows.
    private func attendRow(layer: Int, head: Int, row: Int, entries: [BatchEntry],
                           queries: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let c = configuration
        let headDim = c.headDimension
        let group = c.headCount / c.kvHeadCount
        let scale = 1 / Float(headDim).squareRoot()
        let entry = entries[row]
        let cache = entry.cache
        let kvOffset = (head / group) * headDim
        let length = entry.position + 1
        let query = queries + row * c.queryWidth + head * headDim
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: length)
        defer { scores.deallocate() }
        // Key rows are contiguous within the shared (root) part and within the cache's own part.
        let shared = min(cache.parentLength, length)
        if shared > 0 {
            Self.scores(query: query, keys: cache.keyRow(layer: layer, position: 0) + kvOffset, stride: cache.kvWidth,
                        count: shared, headDim: headDim, scale: scale, into: scores)
        }
        if length > shared {
            Self.scores(query: query, keys: cache.keyRow(layer: layer, position: shared) + kvOffset, stride: cache.kvWidth,
                        count: length - shared, headDim: headDim, scale: scale, into: scores + shared)
        }
        VectorOps.softmax(scores, count: length)
        weightedValues(layer: layer, cache: cache, kvOffset: kvOffset, weights: scores, length: length,
                       into: output + row * c.queryWidth + head * headDim, headDim: headDim)
    }

    /// out = Σ_p weights[p] · value(p), accumulated in registers for the usual head widths (64, 128).
    private func weightedValues(layer: Int, cache: KVCache, kvOffset: Int, weights: UnsafePointer<Float>, length: Int,
                                into out: UnsafeMutablePointer<Float>, headDim: Int) {
        if headDim == 64 {
            var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
            var a4 = SIMD8<Float>(), a5 = SIMD8<Float>(), a6 = SIMD8<Float>(), a7 = SIMD8<Float>()
            for p in 0..<length {
                let v = UnsafeRawPointer(cache.valueRow(layer: layer, position: p) + kvOffset)
                let w = SIMD8<Float>(repeating: weights[p])
                a0.addProduct(w, v.loadUnaligned(fromByteOffset: 0, as: SIMD8<Float>.self))
                a1.addProduct(w, v.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self))
                a2.addProduct(w, v.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self))
                a3.addProduct(w, v.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self))
                a4.addProduct(w, v.loadUnaligned(fromByteOffset: 128, as: SIMD8<Float>.self))
                a5.addProduct(w, v.loadUnaligned(fromByteOffset: 160, as: SIMD8<Float>.self))
                a6.addProduct(w, v.loadUnaligned(fromByteOffset: 192, as: SIMD8<Float>.self))
                a7.addProduct(w, v.loadUnaligned(fromByteOffset: 224, as: SIMD8<Float>.self))
            }
            let o = UnsafeMutableRawPointer(out)
            for (i, a) in [a0, a1, a2, a3, a4, a5, a6, a7].enumerated() { o.storeBytes(of: a, toByteOffset: i * 32, as: SIMD8<Float>.self) }
            return
        }
        out.initialize(repeating: 0, count: headDim)
        for p in 0..<length {
            axpy(weights[p], cache.valueRow(layer: layer, position: p) + kvOffset, out, headDim)
        }
    }
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
