import TensorFormats

extension MatMul {
    /// Weight rows per micro-kernel tile.
    static let tileRows = 6
    /// Input vectors (tokens) per micro-kernel tile: two SIMD8 registers.
    static let tileTokens = 16
    /// Columns per cache block: a tile's slice of packed inputs (256 · 16 floats) stays in L1.
    static let columnBlock = 1 << 30

    /// Matrix-matrix product for prompt processing.
    ///
    /// The inputs are packed once per call, transposed in groups of 16 vectors (`packed[g][c][16]`),
    /// so one column of 16 vectors is two SIMD loads. Each task decodes 6 weight rows to f32 (the
    /// decoded rows are then reused for every input vector) and runs the 6 × 16 FMA micro-kernel:
    /// 12 accumulators, one broadcast weight times two input vectors per step. The column loop is
    /// blocked so the packed inputs stay in cache.
    static func panelMultiply(_ w: WeightMatrix, input: UnsafePointer<Float>, batch: Int, output: UnsafeMutablePointer<Float>, pool: ThreadPool) {
        let rows = w.rows
        let columns = w.columns
        let groups = (batch + tileTokens - 1) / tileTokens
        let packed = UnsafeMutablePointer<Float>.allocate(capacity: groups * columns * tileTokens)
        defer { packed.deallocate() }
        packInputs(input, batch: batch, columns: columns, into: packed)
        let panels = (rows + tileRows - 1) / tileRows
        let panelsPerTask = max(1, min(8, panels / (pool.threadCount * 8)))
        let tasks = (panels + panelsPerTask - 1) / panelsPerTask
        pool.parallelFor(tasks) { task in
            let decoded = UnsafeMutablePointer<Float>.allocate(capacity: tileRows * columns)
            defer { decoded.deallocate() }
            let firstPanel = task * panelsPerTask
            for panel in firstPanel..<min(firstPanel + panelsPerTask, panels) {
                let firstRow = panel * tileRows
                let rowCount = min(tileRows, rows - firstRow)
                let weights = decodeRows(w, firstRow: firstRow, rowCount: rowCount, scratch: decoded)
                var start = 0
                while start < columns {
                    let length = min(columnBlock, columns - start)
                    for g in 0..<groups {
                        let tokenCount = min(tileTokens, batch - g * tileTokens)
                        tile(weights: weights, start: start, length: length,
                             inputs: packed + (g * columns + start) * tileTokens,
                             output: output + g * tileTokens * rows + firstRow, rows: rows,
                             rowCount: rowCount, tokenCount: tokenCount, accumulate: start > 0)
                    }
                    start += length
                }
            }
        }
    }

    /// `packed[g][c][t] = input[(16g + t) · columns + c]`, zero past the last vector.
    static func packInputs(_ input: UnsafePointer<Float>, batch: Int, columns: Int, into packed: UnsafeMutablePointer<Float>) {
        let groups = (batch + tileTokens - 1) / tileTokens
        for g in 0..<groups {
            let base = packed + g * columns * tileTokens
            for t in 0..<tileTokens {
                let token = g * tileTokens + t
                if token < batch {
                    let x = input + token * columns
                    for c in 0..<columns { base[c * tileTokens + t] = x[c] }
                } else {
                    for c in 0..<columns { base[c * tileTokens + t] = 0 }
                }
            }
        }
    }

    /// Pointers to the 6 decoded rows of a tile (F32 rows are used in place; rows past the end of a
    /// partial tile repeat the last row, and their results are not stored).
    static func decodeRows(_ w: WeightMatrix, firstRow: Int, rowCount: Int, scratch: UnsafeMutablePointer<Float>) -> [UnsafePointer<Float>] {
        var pointers: [UnsafePointer<Float>] = []
        pointers.reserveCapacity(tileRows)
        for i in 0..<tileRows {
            let r = firstRow + min(i, rowCount - 1)
            if w.type == .f32 {
                pointers.append(w.rowPointer(r).assumingMemoryBound(to: Float.self))
            } else if i < rowCount {
                decodeRow(w, r, into: scratch + i * w.columns)
                pointers.append(UnsafePointer(scratch + i * w.columns))
            } else {
                pointers.append(pointers[rowCount - 1])
            }
        }
        return pointers
    }

    /// Decodes row `r` to f32, vectorized where the CPU allows.
    @inline(__always)
    static func decodeRow(_ w: WeightMatrix, _ r: Int, into out: UnsafeMutablePointer<Float>) {
        #if arch(x86_64)
        if KernelPath.active >= .avx2 && DecodeAVX2.row(w.type, w.rowPointer(r), blocks32: w.columns / 32, into: out) { return }
        #endif
        Dequantize.row(w, r, into: out)
    }

    /// 6 rows × 16 vectors over columns start..<start+length; writes (or adds to) the outputs.
    @inline(__always)
    static func tile(weights: [UnsafePointer<Float>], start: Int, length: Int, inputs: UnsafePointer<Float>,
                     output: UnsafeMutablePointer<Float>, rows: Int, rowCount: Int, tokenCount: Int, accumulate: Bool) {
        let w0 = weights[0] + start, w1 = weights[1] + start, w2 = weights[2] + start
        let w3 = weights[3] + start, w4 = weights[4] + start, w5 = weights[5] + start
        var c00 = SIMD8<Float>(), c01 = SIMD8<Float>()
        var c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
        var c20 = SIMD8<Float>(), c21 = SIMD8<Float>()
        var c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
        var c40 = SIMD8<Float>(), c41 = SIMD8<Float>()
        var c50 = SIMD8<Float>(), c51 = SIMD8<Float>()
        var p = inputs
        for c in 0..<length {
            let x0 = load8(p), x1 = load8(p + 8)
            let a0 = SIMD8<Float>(repeating: w0[c])
            c00.addProduct(a0, x0); c01.addProduct(a0, x1)
            let a1 = SIMD8<Float>(repeating: w1[c])
            c10.addProduct(a1, x0); c11.addProduct(a1, x1)
            let a2 = SIMD8<Float>(repeating: w2[c])
            c20.addProduct(a2, x0); c21.addProduct(a2, x1)
            let a3 = SIMD8<Float>(repeating: w3[c])
            c30.addProduct(a3, x0); c31.addProduct(a3, x1)
            let a4 = SIMD8<Float>(repeating: w4[c])
            c40.addProduct(a4, x0); c41.addProduct(a4, x1)
            let a5 = SIMD8<Float>(repeating: w5[c])
            c50.addProduct(a5, x0); c51.addProduct(a5, x1)
            p += tileTokens
        }
        @inline(__always) func store(_ r: Int, _ low: SIMD8<Float>, _ high: SIMD8<Float>) {
            guard r < rowCount else { return }
            let out = output + r
            for t in 0..<min(8, tokenCount) {
                out[t * rows] = accumulate ? out[t * rows] + low[t] : low[t]
            }
            if tokenCount > 8 {
                for t in 8..<tokenCount {
                    out[t * rows] = accumulate ? out[t * rows] + high[t - 8] : high[t - 8]
                }
            }
        }
        store(0, c00, c01)
        store(1, c10, c11)
        store(2, c20, c21)
        store(3, c30, c31)
        store(4, c40, c41)
        store(5, c50, c51)
    }
}
