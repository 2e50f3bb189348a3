import TensorFormats

extension MatMul {
    /// Whether the integer path (activations quantized to 8 bits) handles `type` on this CPU.
    static func hasIntegerPath(_ type: GGMLType) -> Bool {
        #if arch(x86_64)
        return hasIntegerGEMM(type)
        #else
        return false
        #endif
    }

    /// Matrix-vector products for a few vectors: quantize each input once, then integer dot products
    /// per weight row; the rows are split across the pool. Each weight row is read once per call
    /// (all `batch` vectors use it while it is in cache).
    static func quantizedMultiply(_ w: WeightMatrix, input: UnsafePointer<Float>, batch: Int, output: UnsafeMutablePointer<Float>, pool: ThreadPool) {
        #if arch(x86_64)
        if w.type == .q4_K || w.type == .q6_K {
            kQuantMatrixVector(w, input: input, batch: batch, output: output, pool: pool)
            return
        }
        let activations = Q8Activations(count: w.columns, batch: batch)
        defer { activations.deallocate() }
        for b in 0..<batch { activations.quantize(b, from: input + b * w.columns) }
        let rows = w.rows
        let rowsPerTask = rowsPerTask(rows: rows, threads: pool.threadCount)
        let tasks = (rows + rowsPerTask - 1) / rowsPerTask
        let blocks32 = w.columns / 32
        let type = w.type
        pool.parallelFor(tasks) { task in
            let start = task * rowsPerTask
            let end = min(start + rowsPerTask, rows)
            for b in 0..<batch {
                let x = activations.vector(b)
                let out = output + b * rows
                switch type {
                case .q8_0: for r in start..<end { out[r] = RowDotAVX2.dot(Q8_0Decoder.self, w.rowPointer(r), x, blocks32: blocks32) }
                case .q4_0: for r in start..<end { out[r] = RowDotAVX2.dot(Q4_0Decoder.self, w.rowPointer(r), x, blocks32: blocks32) }
                case .q4_1: for r in start..<end { out[r] = RowDotAVX2.dot(Q4_1Decoder.self, w.rowPointer(r), x, blocks32: blocks32) }
                case .q5_0: for r in start..<end { out[r] = RowDotAVX2.dot(Q5_0Decoder.self, w.rowPointer(r), x, blocks32: blocks32) }
                case .q5_1: for r in start..<end { out[r] = RowDotAVX2.dot(Q5_1Decoder.self, w.rowPointer(r), x, blocks32: blocks32) }
                default: for r in start..<end { out[r] = 0 }
                }
            }
        }
        #endif
    }

    /// Matrix-vector products for Q4_K and Q6_K, one per input vector: each input is quantized once with
    /// one scale per 256 (`Q8KActivations`), so each super-block's products are summed in integers and
    /// scaled once. A task takes its rows for every vector in turn, so the later vectors read those rows
    /// from the core's cache rather than from memory.
    static func kQuantMatrixVector(_ w: WeightMatrix, input: UnsafePointer<Float>, batch: Int = 1, output: UnsafeMutablePointer<Float>, pool: ThreadPool) {
        #if arch(x86_64)
        let vectors = (0..<batch).map { b in
            let activations = Q8KActivations(count: w.columns)
            activations.quantize(from: input + b * w.columns)
            return activations
        }
        defer { vectors.forEach { $0.deallocate() } }
        let rows = w.rows
        let rowsPerTask = rowsPerTask(rows: rows, threads: pool.threadCount)
        let tasks = (rows + rowsPerTask - 1) / rowsPerTask
        let superBlocks = w.columns / 256
        let isQ4 = w.type == .q4_K
        pool.parallelFor(tasks) { task in
            let start = task * rowsPerTask
            let end = min(start + rowsPerTask, rows)
            for (b, activations) in vectors.enumerated() {
                let out = output + b * rows
                if isQ4 {
                    for r in start..<end { out[r] = RowDotK.q4_K(w.rowPointer(r), activations, superBlocks) }
                } else {
                    for r in start..<end { out[r] = RowDotK.q6_K(w.rowPointer(r), activations, superBlocks) }
                }
            }
        }
        #endif
    }

    /// Enough tasks to balance the threads (about 8 per thread), each at least a few rows.
    static func rowsPerTask(rows: Int, threads: Int) -> Int {
        max(4, rows / (threads * 8))
    }
}
