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
            runSingleQueries(layer: layer, queries: queries, entries: entries, output: output, pool: pool)
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

    /// out = Σ_p weights[p] · value(p) over positions 0..<length.
    private func weightedValues(layer: Int, cache: KVCache, kvOffset: Int, weights: UnsafePointer<Float>, length: Int,
                                into out: UnsafeMutablePointer<Float>, headDim: Int) {
        out.initialize(repeating: 0, count: headDim)
        Self.forEachRun(cache, 0..<length) { first, count in
            Self.accumulateValues(cache.valueRow(layer: layer, position: first) + kvOffset, stride: cache.kvWidth,
                                  weights: weights + first, count: count, into: out, headDim: headDim)
        }
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
