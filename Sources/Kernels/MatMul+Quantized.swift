import TensorFormats
#if arch(x86_64)
import KernelsAVX512
#endif

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
        let activations = Q8Activations(count: w.columns, batch: batch, format: .matching(w.type))
        defer { activations.deallocate() }
        for b in 0..<batch { activations.quantize(b, from: input + b * w.columns) }
        let rows = w.rows
        let rowsPerTask = rowsPerTask(rows: rows, threads: pool.threadCount)
        let tasks = (rows + rowsPerTask - 1) / rowsPerTask
        let blocks32 = w.columns / 32
        let type = w.type
        if let kernel = VNNIRowDots(path: KernelPath.active, type: type) {
            pool.parallelFor(tasks) { task in
                let range = (task * rowsPerTask)..<min(task * rowsPerTask + rowsPerTask, rows)
                for b in 0..<batch { kernel.multiply(w, rows: range, x: activations.vector(b), output: output + b * rows) }
            }
            return
        }
        pool.parallelFor(tasks) { task in
            let start = task * rowsPerTask
            let end = min(start + rowsPerTask, rows)
            forEachVectorPair(batch) { b, paired in
                if paired {
                    rowDots2(type, w, activations.vector(b), activations.vector(b + 1), output + b * rows, output + (b + 1) * rows, start..<end, blocks32)
                } else {
                    rowDots(type, w, activations.vector(b), output + b * rows, start..<end, blocks32)
                }
            }
        }
        #endif
    }

    #if arch(x86_64)
    /// The AVX-512 matrix-vector kernel's name for `type`, if it has one.
    static func rowDotFormat(_ type: GGMLType) -> RowDots.Format? {
        switch type {
        case .q4_0: return .q4_0
        case .q4_1: return .q4_1
        case .q5_0: return .q5_0
        case .q5_1: return .q5_1
        case .q8_0: return .q8_0
        default: return nil
        }
    }

    /// `out[r] = row r · x` for the rows in `range`, for the 32-element block types.
    @inline(__always)
    static func rowDots(_ type: GGMLType, _ w: WeightMatrix, _ x: RowDotAVX2.Activation, _ out: UnsafeMutablePointer<Float>, _ range: Range<Int>, _ blocks32: Int) {
        switch type {
        case .q8_0: for r in range { out[r] = RowDotAVX2.dot(Q8_0Decoder.self, w.rowPointer(r), x, blocks32: blocks32) }
        case .q4_0: for r in range { out[r] = RowDotAVX2.dot(Q4_0Decoder.self, w.rowPointer(r), x, blocks32: blocks32) }
        case .q4_1: for r in range { out[r] = RowDotAVX2.dot(Q4_1Decoder.self, w.rowPointer(r), x, blocks32: blocks32) }
        case .q5_0: for r in range { out[r] = RowDotAVX2.dot(Q5_0Decoder.self, w.rowPointer(r), x, blocks32: blocks32) }
        case .q5_1: for r in range { out[r] = RowDotAVX2.dot(Q5_1Decoder.self, w.rowPointer(r), x, blocks32: blocks32) }
        default: for r in range { out[r] = 0 }
        }
    }

    /// `outX[r] = row r · x` and `outY[r] = row r · y`, decoding each row once for both vectors.
    @inline(__always)
    static func rowDots2(_ type: GGMLType, _ w: WeightMatrix, _ x: RowDotAVX2.Activation, _ y: RowDotAVX2.Activation,
                         _ outX: UnsafeMutablePointer<Float>, _ outY: UnsafeMutablePointer<Float>, _ range: Range<Int>, _ blocks32: Int) {
        @inline(__always) func each<D: BlockDecoder>(_ decoder: D.Type) {
            for r in range { (outX[r], outY[r]) = RowDotAVX2.dot2(D.self, w.rowPointer(r), x, y, blocks32: blocks32) }
        }
        switch type {
        case .q8_0: each(Q8_0Decoder.self)
        case .q4_0: each(Q4_0Decoder.self)
        case .q4_1: each(Q4_1Decoder.self)
        case .q5_0: each(Q5_0Decoder.self)
        case .q5_1: each(Q5_1Decoder.self)
        default: for r in range { outX[r] = 0; outY[r] = 0 }
        }
    }
    #endif

    /// Matrix-vector products for Q4_K and Q6_K, one per input vector: each input is quantized once with
    /// one scale per 256 (`Q8KActivations`), so each super-block's products are summed in integers and
    /// scaled once. On `avx512`, `KQuantRowDots` decodes each super-block once for up to four vectors in
    /// 512-bit registers; otherwise `RowDotK` does the same in 256 bits. Both give the same results bit
    /// for bit.
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
        if KernelPath.active == .avx512 {   // 512-bit parts, up to four vectors per decoded super-block
            let format: KQuantRowDots.Format = w.type == .q4_K ? .q4_K : .q6_K
            let views = vectors.map { KQuantRowDots.Vector(values: $0.values, scales: $0.scales, sums16: $0.sums16) }
            views.withUnsafeBufferPointer { views in
                pool.parallelFor(tasks) { task in
                    let range = (task * rowsPerTask)..<min(task * rowsPerTask + rowsPerTask, rows)
                    KQuantRowDots.multiply(format, weights: w.rowPointer(0), rowBytes: w.rowBytes, rows: range, superBlocks: superBlocks,
                                           vectors: views, output: output, outputStride: rows)
                }
            }
            return
        }
        @inline(__always) func rowDots<F: KQuantRowFormat>(_ format: F.Type, _ range: Range<Int>) {
            // Four vectors at a time, then two, then one; each super-block decoded once per group.
            var b = 0
            while b + 4 <= batch {
                let group = (vectors[b], vectors[b + 1], vectors[b + 2], vectors[b + 3])
                let out = output + b * rows
                for r in range {
                    let d = RowDotK.dots(F.self, w.rowPointer(r), group, count: 4, superBlocks)
                    out[r] = d[0]; out[rows + r] = d[1]; out[2 * rows + r] = d[2]; out[3 * rows + r] = d[3]
                }
                b += 4
            }
            if b + 2 <= batch {
                let group = (vectors[b], vectors[b + 1], vectors[b + 1], vectors[b + 1])
                let out = output + b * rows
                for r in range {
                    let d = RowDotK.dots(F.self, w.rowPointer(r), group, count: 2, superBlocks)
                    out[r] = d[0]; out[rows + r] = d[1]
                }
                b += 2
            }
            if b < batch {
                let group = (vectors[b], vectors[b], vectors[b], vectors[b])
                let out = output + b * rows
                for r in range { out[r] = RowDotK.dots(F.self, w.rowPointer(r), group, count: 1, superBlocks)[0] }
            }
        }
        let isQ4 = w.type == .q4_K
        pool.parallelFor(tasks) { task in
            let range = (task * rowsPerTask)..<min(task * rowsPerTask + rowsPerTask, rows)
            if isQ4 { rowDots(Q4KRowFormat.self, range) } else { rowDots(Q6KRowFormat.self, range) }
        }
        #endif
    }

    /// Calls `body(b, true)` for each pair of vectors b, b + 1 of a batch, then `body(b, false)` for an odd
    /// one left over: the matrix-vector kernels decode each weight block once per pair.
    @inline(__always)
    static func forEachVectorPair(_ batch: Int, _ body: (Int, Bool) -> Void) {
        var b = 0
        while b + 1 < batch {
            body(b, true)
            b += 2
        }
        if b < batch { body(b, false) }
    }

    /// Enough tasks to balance the threads (about 8 per thread), each at least a few rows.
    static func rowsPerTask(rows: Int, threads: Int) -> Int {
        max(4, rows / (threads * 8))
    }
}
