#if arch(x86_64)
import KernelsAVX512
import TensorFormats

extension MatMul {
    /// From this batch size on, the `avx512` path multiplies through `vnniMultiply`: for Q4_K and Q6_K at
    /// every larger batch, for the 32-element block types below `gemmMinimumBatch` (from there they take
    /// the f32 tiled kernel, as on `avx2`). The VNNI kernel handles those large batches too and is 2-3x
    /// the f32 kernel there (`infill bench --kernels`, batch 64), but with 8-bit activations in every
    /// prompt product the reference decode tests (llama.cpp's logprobs, Tests/Fixtures/reference) went
    /// past their tolerance in two places: qwen2.5-coder-0.5b fim-javascript step 0, one token at logprob
    /// -9.2 off by 1.35 (allowed 1.25), and a greedy flip in SmolLM2 prefix-swift at step 30. Until a
    /// finer activation format is tried, the f32 kernel keeps those products.
    static let vnniMinimumBatch = 3

    /// Matrix-matrix product on the `avx512` path: every input vector is quantized once to bytes (one scale
    /// per 32), each task packs 16 weight rows (`PackedPanel`) and runs the VNNI micro-kernel
    /// (`PanelGEMM`, in the module compiled for AVX-512) over all vectors, 8 at a time. Call only when
    /// `KernelPath.avx512` is available and `PackedPanel.supports(w.type)`.
    static func vnniMultiply(_ w: WeightMatrix, input: UnsafePointer<Float>, batch: Int, output: UnsafeMutablePointer<Float>, pool: ThreadPool) {
        let columns = w.columns, rows = w.rows
        let activations = Q8Activations(count: columns, batch: batch)
        defer { activations.deallocate() }
        pool.parallelFor(batch) { b in activations.quantize(b, from: input + b * columns) }
        let blockElements = PackedPanel.blockElements(w.type)
        // Scale · Σ bytes per weight block: Q8Activations has them per 32; Q6_K's blocks are 16.
        var sums16: UnsafeMutablePointer<Float>?
        if blockElements == 16 {
            let sums = UnsafeMutablePointer<Float>.allocate(capacity: batch * columns / 16)
            for b in 0..<batch {
                let values = activations.values + b * columns, scales = activations.scales + b * columns / 32
                for g in 0..<(columns / 16) {
                    var total: Int32 = 0
                    for i in 0..<16 { total += Int32(values[16 * g + i]) }
                    sums[b * columns / 16 + g] = scales[g / 2] * Float(total)
                }
            }
            sums16 = sums
        }
        defer { sums16?.deallocate() }
        let vectorSums = UnsafePointer(sums16 ?? activations.sums)
        let panels = (rows + PackedPanel.rows - 1) / PackedPanel.rows
        pool.parallelFor(panels) { p in
            let firstRow = p * PackedPanel.rows
            let rowCount = min(PackedPanel.rows, rows - firstRow)
            let panel = PackedPanel(columns: columns, type: w.type)
            defer { panel.deallocate() }
            panel.pack(w, firstRow: firstRow, rowCount: rowCount)
            var v = 0
            while v < batch {
                PanelGEMM.multiply(quants: panel.quants, scales: panel.scales, offsets: panel.offsets,
                                   columns: columns, blockElements: blockElements,
                                   vectors: activations.values + v * columns, vectorScales: activations.scales + v * (columns / 32),
                                   vectorSums: vectorSums + v * (columns / blockElements),
                                   vectorCount: min(PanelGEMM.tileVectors, batch - v),
                                   output: output + v * rows + firstRow, outputStride: rows, rowCount: rowCount)
                v += PanelGEMM.tileVectors
            }
        }
    }
}
#endif
