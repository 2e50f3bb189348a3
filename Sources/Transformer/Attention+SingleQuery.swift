import Kernels

extension Attention {
    /// Cached positions per task in single-query attention: 64 key and value rows of one head are 16 KB
    /// each, so while a task works through the query heads of its group they stay in L1.
    static let chunkPositions = 64

    /// Attention for rows that each extend their own cache by one token (generation, beam steps).
    ///
    /// Work is split by (row, key/value head, chunk of 64 positions), as flash-decoding does: each task
    /// computes, for every query head of the group, the chunk's scores, their maximum, the sum of
    /// exp(score − max) and the unnormalised weighted sum of values; a second pass combines the chunks of
    /// each head with the usual rescaling. The query heads of a group share the chunk's key and value
    /// rows in cache, and long contexts spread over both threads even with 2 or 3 key/value heads.
    func runSingleQueries(layer: Int, queries: UnsafePointer<Float>, entries: [BatchEntry],
                          output: UnsafeMutablePointer<Float>, pool: ThreadPool) {
        let c = configuration
        let headDim = c.headDimension
        let kvHeads = c.kvHeadCount
        let group = c.headCount / kvHeads
        let chunk = Self.chunkPositions
        let chunks = entries.map { ($0.position + 1 + chunk - 1) / chunk }
        var firstTask: [Int] = []
        var tasks = 0
        for n in chunks {
            firstTask.append(tasks)
            tasks += kvHeads * n
        }
        // Per (task, query head of the group): maximum, sum, then headDim weighted values.
        let stride = 2 + headDim
        let partials = UnsafeMutablePointer<Float>.allocate(capacity: tasks * group * stride)
        defer { partials.deallocate() }
        let scale = 1 / Float(headDim).squareRoot()
        let q = UncheckedSendable(queries), out = UncheckedSendable(output), part = UncheckedSendable(partials)
        pool.parallelFor(tasks) { task in
            // Which row, head and chunk this task is.
            var row = 0
            while row + 1 < entries.count && firstTask[row + 1] <= task { row += 1 }
            let local = task - firstTask[row]
            let kvHead = local / chunks[row], index = local % chunks[row]
            let entry = entries[row]
            let start = index * chunk, end = min(start + chunk, entry.position + 1)
            withUnsafeTemporaryAllocation(of: Float.self, capacity: chunk) { buffer in
                let scores = buffer.baseAddress.unsafelyUnwrapped
                for g in 0..<group {
                    let head = kvHead * group + g
                    let query = q.value + row * c.queryWidth + head * headDim
                    Self.forEachRun(entry.cache, start..<end) { first, count in
                        Self.scores(query: query, keys: entry.cache.keyRow(layer: layer, position: first) + kvHead * headDim,
                                    stride: entry.cache.kvWidth, count: count, headDim: headDim, scale: scale,
                                    into: scores + (first - start))
                    }
                    let (maximum, sum) = VectorOps.exponentiate(scores, count: end - start)
                    let slot = part.value + (task * group + g) * stride
                    slot[0] = maximum
                    slot[1] = sum
                    let values = slot + 2
                    values.initialize(repeating: 0, count: headDim)
                    Self.forEachRun(entry.cache, start..<end) { first, count in
                        Self.accumulateValues(entry.cache.valueRow(layer: layer, position: first) + kvHead * headDim,
                                              stride: entry.cache.kvWidth, weights: scores + (first - start), count: count,
                                              into: values, headDim: headDim)
                    }
                }
            }
        }
        // Combine the chunks of each (row, query head).
        let heads = c.headCount
        pool.parallelFor(entries.count * heads) { item in
            let row = item / heads, head = item % heads
            let kvHead = head / group, g = head % group
            let n = chunks[row]
            func slot(_ i: Int) -> UnsafeMutablePointer<Float> {
                part.value + ((firstTask[row] + kvHead * n + i) * group + g) * stride
            }
            var maximum = -Float.infinity
            for i in 0..<n { maximum = max(maximum, slot(i)[0]) }
            let target = out.value + row * c.queryWidth + head * headDim
            target.initialize(repeating: 0, count: headDim)
            var total: Float = 0
            for i in 0..<n {
                let weight = expf(slot(i)[0] - maximum)
                total += weight * slot(i)[1]
                VectorOps.axpy(weight, slot(i) + 2, into: target, count: headDim)
            }
            VectorOps.scale(target, by: 1 / total, count: headDim)
        }
    }

    /// Calls `body(first, count)` for the parts of `range` whose rows are contiguous in `cache`'s storage:
    /// the rows shared with a root, then the cache's own rows.
    @inline(__always)
    static func forEachRun(_ cache: KVCache, _ range: Range<Int>, _ body: (Int, Int) -> Void) {
        let split = min(max(cache.parentLength, range.lowerBound), range.upperBound)
        if split > range.lowerBound { body(range.lowerBound, split - range.lowerBound) }
        if range.upperBound > split { body(split, range.upperBound - split) }
    }

    /// out += Σ_i weights[i] · row i, for `count` value rows `stride` floats apart.
    static func accumulateValues(_ rows: UnsafePointer<Float>, stride: Int, weights: UnsafePointer<Float>, count: Int,
                                 into out: UnsafeMutablePointer<Float>, headDim: Int) {
        if headDim == 64 {
            let o = UnsafeMutableRawPointer(out)
            var a0 = o.loadUnaligned(fromByteOffset: 0, as: SIMD8<Float>.self), a1 = o.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
            var a2 = o.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self), a3 = o.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self)
            var a4 = o.loadUnaligned(fromByteOffset: 128, as: SIMD8<Float>.self), a5 = o.loadUnaligned(fromByteOffset: 160, as: SIMD8<Float>.self)
            var a6 = o.loadUnaligned(fromByteOffset: 192, as: SIMD8<Float>.self), a7 = o.loadUnaligned(fromByteOffset: 224, as: SIMD8<Float>.self)
            var v = UnsafeRawPointer(rows)
            for i in 0..<count {
                let w = SIMD8<Float>(repeating: weights[i])
                a0.addProduct(w, v.loadUnaligned(fromByteOffset: 0, as: SIMD8<Float>.self))
                a1.addProduct(w, v.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self))
                a2.addProduct(w, v.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self))
                a3.addProduct(w, v.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self))
                a4.addProduct(w, v.loadUnaligned(fromByteOffset: 128, as: SIMD8<Float>.self))
                a5.addProduct(w, v.loadUnaligned(fromByteOffset: 160, as: SIMD8<Float>.self))
                a6.addProduct(w, v.loadUnaligned(fromByteOffset: 192, as: SIMD8<Float>.self))
                a7.addProduct(w, v.loadUnaligned(fromByteOffset: 224, as: SIMD8<Float>.self))
                v += stride * 4
            }
            // Stored one by one: an array literal here would be a heap allocation per chunk and head.
            o.storeBytes(of: a0, toByteOffset: 0, as: SIMD8<Float>.self); o.storeBytes(of: a1, toByteOffset: 32, as: SIMD8<Float>.self)
            o.storeBytes(of: a2, toByteOffset: 64, as: SIMD8<Float>.self); o.storeBytes(of: a3, toByteOffset: 96, as: SIMD8<Float>.self)
            o.storeBytes(of: a4, toByteOffset: 128, as: SIMD8<Float>.self); o.storeBytes(of: a5, toByteOffset: 160, as: SIMD8<Float>.self)
            o.storeBytes(of: a6, toByteOffset: 192, as: SIMD8<Float>.self); o.storeBytes(of: a7, toByteOffset: 224, as: SIMD8<Float>.self)
            return
        }
        for i in 0..<count {
            VectorOps.axpy(weights[i], rows + i * stride, into: out, count: headDim)
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
