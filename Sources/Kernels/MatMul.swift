import Synchronization
import TensorFormats

/// Products of a GGUF weight matrix with a batch of activation vectors: the linear layers.
public enum MatMul {
    /// output[b · w.rows + r] = Σ_c W[r, c] · input[b · w.columns + c], for b in 0..<batch, r in 0..<w.rows.
    ///
    /// `batch == 1` is the generation (matrix-vector) path; `batch > 1` is beam steps and prompt
    /// processing. Work is split across `pool`. The kernels follow `KernelPath.active`. On the x86-64 paths
    /// (`avx2`, `avxvnni`, `avx512`), quantized weights take integer dot products on inputs quantized to 8 bits (as
    /// llama.cpp does; the error is about 1e-3 of ‖row‖·‖input‖):
    /// - up to `matrixVectorMaximumBatch` vectors: matrix-vector products (Q4_K and Q6_K with inputs
    ///   quantized per 256 elements; the 32-element block types decode each weight row once per pair of
    ///   vectors);
    /// - on `avx512` and `avxvnni`, from `vnniMinimumBatch`: the VNNI panel kernel (`vnniMultiply`, 512 or
    ///   256 bits) for every type it packs, at every batch size;
    /// - on `avx2`, from `avx2PanelMinimumBatch`: the same panels through `vpmaddubsw` (`PanelGEMMAVX2`) for
    ///   every type but Q8_0;
    /// - Q4_K and Q6_K otherwise: the integer k-quant kernel (`kQuantMultiply`);
    /// - other types below `gemmMinimumBatch`: the 4-wide integer tile (`integerMultiply`);
    /// - other types from `gemmMinimumBatch`: weights decoded to f32 for a tiled f32 kernel (exact up to
    ///   f32 rounding).
    /// On the `portable` path (Apple Silicon, or forced): f32 rows and SIMD dot products, then the same tiled f32 kernel. Unsupported types (see
    /// `Dequantize.isSupported`) produce zeros.
    public static func multiply(_ w: WeightMatrix, input: UnsafePointer<Float>, batch: Int, output: UnsafeMutablePointer<Float>, pool: ThreadPool) {
        if batch <= 0 || w.rows <= 0 { return }
        #if arch(x86_64)
        let path = KernelPath.active
        if path >= .avx2 && !(exactBatches && batch > matrixVectorMaximumBatch(w.type)) {
            x86Multiply(w, input: input, batch: batch, output: output, pool: pool, path: path)
            return
        }
        #endif
        // A few beams go through the matrix-vector products, each vector's dot products summed alike
        // whatever the batch, so a beam's scores do not depend on its siblings on this path either.
        if batch > matrixVectorMaximumBatch(w.type) && Dequantize.isSupported(w.type) {
            panelMultiply(w, input: input, batch: batch, output: output, pool: pool)
            return
        }
        dequantizingMultiply(w, input: input, batch: batch, output: output, pool: pool)
    }

    #if arch(x86_64)
    /// `multiply` on the `avx2`, `avxvnni` and `avx512` paths.
    private static func x86Multiply(_ w: WeightMatrix, input: UnsafePointer<Float>, batch: Int, output: UnsafeMutablePointer<Float>,
                                    pool: ThreadPool, path: KernelPath) {
        if batch <= matrixVectorMaximumBatch(w.type) && hasIntegerPath(w.type) {
            // A few beams: matrix-vector products, each task's rows reused from cache for every vector.
            quantizedMultiply(w, input: input, batch: batch, output: output, pool: pool)
            return
        }
        if (path == .avx512 || path == .avxvnni) && batch >= vnniMinimumBatch && PackedPanel.supports(w.type) {
            vnniMultiply(w, input: input, batch: batch, output: output, pool: pool, kernel: path == .avx512 ? .avx512 : .avxvnni)
            return
        }
        if path == .avx2 && batch >= avx2PanelMinimumBatch(w.type) && PanelGEMMAVX2.supports(w.type) {
            vnniMultiply(w, input: input, batch: batch, output: output, pool: pool, kernel: .avx2)
            return
        }
        if (w.type == .q4_K || w.type == .q6_K) && w.columns % 256 == 0 && batch >= kQuantGEMMMinimumBatch {
            kQuantMultiply(w, input: input, batch: batch, output: output, pool: pool)
            return
        }
        if batch < gemmMinimumBatch && hasIntegerGEMM(w.type) {
            integerMultiply(w, input: input, batch: batch, output: output, pool: pool)
            return
        }
        if batch > 1 && Dequantize.isSupported(w.type) {
            panelMultiply(w, input: input, batch: batch, output: output, pool: pool)
            return
        }
        dequantizingMultiply(w, input: input, batch: batch, output: output, pool: pool)
    }
    #endif

    /// The portable path: decode each weight row to f32 once, then take its dot product with every
    /// input vector of the batch.
    static func dequantizingMultiply(_ w: WeightMatrix, input: UnsafePointer<Float>, batch: Int, output: UnsafeMutablePointer<Float>, pool: ThreadPool) {
        let rowsPerTask = 16
        let tasks = (w.rows + rowsPerTask - 1) / rowsPerTask
        let columns = w.columns
        pool.parallelFor(tasks) { task in
            let start = task * rowsPerTask
            let end = min(start + rowsPerTask, w.rows)
            withUnsafeTemporaryAllocation(of: Float.self, capacity: columns) { buffer in
                let row = buffer.baseAddress!
                for r in start..<end {
                    let weights: UnsafePointer<Float>
                    if w.type == .f32 {
                        weights = w.rowPointer(r).assumingMemoryBound(to: Float.self)
                    } else {
                        Dequantize.row(w, r, into: row)
                        weights = UnsafePointer(row)
                    }
                    for b in 0..<batch {
                        output[b * w.rows + r] = VectorOps.dot(weights, input + b * columns, count: columns)
                    }
                }
            }
        }
    }

    /// When true, products of more than `matrixVectorMaximumBatch` vectors take the f32 tiled kernel on
    /// decoded weights on every path (no activation quantization), as the `portable` path always does.
    /// For tests that hold a batched forward pass to exact math, which the 8-bit activations of the
    /// integer kernels (about 1e-3 of ‖row‖·‖input‖, as in llama.cpp) would exceed. Off by default.
    public static var exactBatches: Bool {
        get { exactBatchesFlag.load(ordering: .relaxed) }
        set { exactBatchesFlag.store(newValue, ordering: .relaxed) }
    }
    private static let exactBatchesFlag = Atomic<Bool>(false)

    /// Plain reference of `multiply`: dequantize each row, accumulate in Double.
    public static func referenceMultiply(_ w: WeightMatrix, input: UnsafePointer<Float>, batch: Int, output: UnsafeMutablePointer<Float>) {
        let row = UnsafeMutablePointer<Float>.allocate(capacity: max(w.columns, 1))
        defer { row.deallocate() }
        for r in 0..<w.rows {
            Dequantize.row(w, r, into: row)
            for b in 0..<batch {
                let x = input + b * w.columns
                var sum = 0.0
                for c in 0..<w.columns { sum += Double(row[c]) * Double(x[c]) }
                output[b * w.rows + r] = Float(sum)
            }
        }
    }
}

extension MatMul {
    /// From this batch size on, quantized weights go through the f32 tiled path (`panelMultiply`);
    /// below it, through the integer kernels. Measured on Zen 3: at batch 64 the f32 6×16 micro-kernel
    /// reaches about 95 % of the FMA peak, about 2× the integer tiles. On Zen 4 (`infill bench --kernels
    /// --types q5_0,q8_0 --batches 8,12,16 --threads 2`, each path in turn) the integer tiles win up to
    /// batch 11 (batch 8: Q5_0 0.36 against 0.48 ms, Q8_0 0.27 against 0.43), the two are even at 12 and
    /// the f32 path wins from 16. A few typed characters' worth of prompt tail falls in this range.
    static let gemmMinimumBatch = 12

    /// From this batch size on, the `avx2` path multiplies `type` through `vnniMultiply(kernel: .avx2)` when
    /// `PanelGEMMAVX2` supports it (all but Q8_0). Measured on a Zen 2 (`infill bench --kernels --kernel-path avx2
    /// --threads 1`, 1024×2048, against the kernels it replaced): Q4_K 42–110 GFLOP/s at batch 5–64 against 35–70 in
    /// `kQuantMultiply`, Q4_0/Q5_0 66–113 against 33–79 at batch 8–64; Q6_K, whose 16-element blocks double
    /// the float work per byte product, only from batch 64 (78 against 71; 51–64 against 54–63 at 8–16), so from 32.
    /// Below it the `avx2` path's sums are another kernel's, not the VNNI paths' bit for bit (`AVX2PanelTests`).
    public static func avx2PanelMinimumBatch(_ type: GGMLType) -> Int { type == .q6_K ? 32 : 5 }

    /// From this batch size on, Q4_K and Q6_K go through the integer k-quant kernel (`kQuantMultiply`):
    /// right after the matrix-vector path. Measured as above: batch 5–7 Q4_K 0.17–0.20 ms against
    /// 0.37–0.41 in the 4-wide integer tile, Q6_K 0.18–0.33 against 0.32–0.38; batch 8 and 11 2–2.5×.
    /// (At batch 2 and 3 the matrix-vector path beats it, at 4 the two are even: `--matrix-mib 0`.)
    static let kQuantGEMMMinimumBatch = 5

    /// Up to this batch size, quantized weights of `type` go through the matrix-vector path once per
    /// vector (beam search and sampling step two to four tokens at a time). The integer tile computes four
    /// vectors at once, so at batch 2 half its work is thrown away, and the Q4_K/Q6_K matrix-vector kernel
    /// (activations quantized per 256) beats it even at batch 4. Measured with `infill bench --kernels
    /// --batches 2,3,4 --threads 1` on Zen 4 (1024×2048 matrices, each path three times): batch 2 Q4_K
    /// 0.23–0.31 ms against 0.67–1.12 ms, Q6_K 0.29–0.34 against 0.81–1.17, Q5_0 0.42–0.60 against
    /// 0.72–0.95, Q8_0 0.34–0.40 against 0.53–0.59; batch 4 Q4_K and Q6_K faster per vector, Q5_0 and
    /// Q8_0 faster in the tile.
    static func matrixVectorMaximumBatch(_ type: GGMLType) -> Int {
        type == .q4_K || type == .q6_K ? 4 : 2
    }
}
