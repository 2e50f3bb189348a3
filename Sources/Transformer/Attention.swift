import Kernels

/// Causal multi-head attention of a batch of query rows against their caches (grouped-query aware).
///
/// Each query row attends to every cached position up to and including its own. Rows are independent, so
/// the (row, head) pairs are spread over the thread pool.
struct Attention {
    let configuration: ModelConfiguration

    /// - Parameters:
    ///   - queries: `(rows, queryWidth)`, already rotated.
    ///   - entries: for each row, its cache and position (the row's own key/value are already in the cache).
    ///   - output: `(rows, queryWidth)`.
    func run(layer: Int, queries: UnsafePointer<Float>, entries: [BatchEntry],
             output: UnsafeMutablePointer<Float>, pool: ThreadPool) {
        let c = configuration
        let headDim = c.headDimension
        let group = c.headCount / c.kvHeadCount
        let scale = 1 / Float(headDim).squareRoot()
        let q = UncheckedSendable(queries)
        let out = UncheckedSendable(output)
        pool.parallelFor(entries.count * c.headCount) { task in
            let row = task / c.headCount
            let head = task % c.headCount
            let entry = entries[row]
            let length = entry.position + 1
            let kvOffset = (head / group) * headDim
            let query = q.value + row * c.queryWidth + head * headDim
            let result = out.value + row * c.queryWidth + head * headDim
            withUnsafeTemporaryAllocation(of: Float.self, capacity: length) { scores in
                let s = scores.baseAddress.unsafelyUnwrapped
                var maximum = -Float.infinity
                for p in 0..<length {
                    let key = entry.cache.keyRow(layer: layer, position: p) + kvOffset
                    let score = VectorOps.dot(query, key, count: headDim) * scale
                    s[p] = score
                    maximum = max(maximum, score)
                }
                var sum: Float = 0
                for p in 0..<length {
                    let e = expf(s[p] - maximum)
                    s[p] = e
                    sum += e
                }
                let inverse = 1 / sum
                result.initialize(repeating: 0, count: headDim)
                for p in 0..<length {
                    let value = entry.cache.valueRow(layer: layer, position: p) + kvOffset
                    VectorOps.axpy(s[p] * inverse, value, into: result, count: headDim)
                }
            }
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
