#if arch(x86_64)
import KernelsAVX512
import KernelsAVXVNNI
import TensorFormats

extension MatMul {
    /// From this batch size on, the `avx512` and `avxvnni` paths multiply every type `PackedPanel` packs through
    /// `vnniMultiply`, 2–3× the f32 tiled kernel at prompt batches (`infill bench --kernels`, batch 64).
    /// Its 8-bit activations are llama.cpp's own (`Q8Activations.Format`: f16 block scales, Q4_1/Q5_1's
    /// f16 sum term), so the quantization error is the one the reference decode data already contains.
    /// (With f32 scales instead, two reference decode checks went past their tolerance: 0.5B
    /// fim-javascript step 0, and a greedy flip in SmolLM2 prefix-swift at step 30.)
    static let vnniMinimumBatch = 3

    /// The micro-kernel `vnniMultiply` runs on the packed panels; all three give the same results bit for bit.
    enum PanelKernel {
        /// `PanelGEMM`: 512-bit `vpdpbusd`, in the module compiled for AVX-512.
        case avx512
        /// `PanelGEMM256`: 256-bit `vpdpbusd`, in the module compiled for AVX-VNNI.
        case avxvnni
        /// `PanelGEMMAVX2`: `vpmaddubsw` and `vpmaddwd`, for every type but Q8_0.
        case avx2
    }

    /// Matrix-matrix product on the packed panels: every input vector is quantized once to bytes (one scale
    /// per 32), each task packs 16 weight rows (`PackedPanel`) and runs `kernel` over all vectors, 8 at a
    /// time. Call only when that kernel's path is available and it supports `w.type` (`PackedPanel.supports`,
    /// `PanelGEMMAVX2.supports`).
    static func vnniMultiply(_ w: WeightMatrix, input: UnsafePointer<Float>, batch: Int, output: UnsafeMutablePointer<Float>, pool: ThreadPool,
                             kernel: PanelKernel) {
        let columns = w.columns, rows = w.rows
        let activations = Q8Activations(count: columns, batch: batch, format: .matching(w.type))
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
        let int16Groups = PanelGEMMAVX2.int16Groups(w.type)
        pool.parallelFor(panels) { p in
            let firstRow = p * PackedPanel.rows
            let rowCount = min(PackedPanel.rows, rows - firstRow)
            let panel = PackedPanel(columns: columns, type: w.type)
            defer { panel.deallocate() }
            panel.pack(w, firstRow: firstRow, rowCount: rowCount)
            var v = 0
            while v < batch {
                let count = min(PanelGEMM.tileVectors, batch - v)
                switch kernel {
                case .avx512:
                    PanelGEMM.multiply(quants: panel.quants, scales: panel.scales, offsets: panel.offsets,
                                       columns: columns, blockElements: blockElements,
                                       vectors: activations.values + v * columns, vectorScales: activations.scales + v * (columns / 32),
                                       vectorSums: vectorSums + v * (columns / blockElements), vectorCount: count,
                                       output: output + v * rows + firstRow, outputStride: rows, rowCount: rowCount)
                case .avxvnni:
                    PanelGEMM256.multiply(quants: panel.quants, scales: panel.scales, offsets: panel.offsets,
                                          columns: columns, blockElements: blockElements,
                                          vectors: activations.values + v * columns, vectorScales: activations.scales + v * (columns / 32),
                                          vectorSums: vectorSums + v * (columns / blockElements), vectorCount: count,
                                          output: output + v * rows + firstRow, outputStride: rows, rowCount: rowCount)
                case .avx2:
                    PanelGEMMAVX2.multiply(quants: panel.quants, scales: panel.scales, offsets: panel.offsets,
                                           columns: columns, blockElements: blockElements, int16Groups: int16Groups,
                                           vectors: activations.values + v * columns, vectorScales: activations.scales + v * (columns / 32),
                                           vectorSums: vectorSums + v * (columns / blockElements), vectorCount: count,
                                           output: output + v * rows + firstRow, outputStride: rows, rowCount: rowCount)
                }
                v += PanelGEMM.tileVectors
            }
        }
    }
}
#endif
