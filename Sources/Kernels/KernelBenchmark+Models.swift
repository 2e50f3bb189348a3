import Foundation
import TensorFormats

extension KernelBenchmark {
    /// One weight matrix of a model: type, rows (outputs), columns (inputs), and how many layers have it.
    public struct MatrixShape: Sendable {
        public let type: GGMLType
        public let rows: Int
        public let columns: Int
        public let count: Int
        /// A matrix of `rows × columns` elements of `type`, present `count` times in the model.
        public init(_ type: GGMLType, rows: Int, columns: Int, count: Int) {
            self.type = type
            self.rows = rows
            self.columns = columns
            self.count = count
        }
    }

    /// The linear layers of qwen2.5-coder-0.5b-instruct-q4_k_m (24 layers and the output matrix).
    public static let qwen05B: [MatrixShape] = [
        .init(.q5_0, rows: 896, columns: 896, count: 48),      // attn_q, attn_output
        .init(.q5_0, rows: 128, columns: 896, count: 36),      // attn_k, half of attn_v
        .init(.q8_0, rows: 128, columns: 896, count: 12),      // the other attn_v
        .init(.q5_0, rows: 4864, columns: 896, count: 48),     // ffn_gate, ffn_up
        .init(.q4_K, rows: 896, columns: 4864, count: 12),     // ffn_down
        .init(.q6_K, rows: 896, columns: 4864, count: 12),     // ffn_down
        .init(.q8_0, rows: 151_936, columns: 896, count: 1),   // output
    ]

    /// The linear layers of qwen2.5-coder-1.5b-instruct-q4_k_m (28 layers and the output matrix), per
    /// the reference README's type counts (Q6_K for half of attn_v and ffn_down, and the output).
    public static let qwen15B: [MatrixShape] = [
        .init(.q4_K, rows: 1536, columns: 1536, count: 56),    // attn_q, attn_output
        .init(.q4_K, rows: 256, columns: 1536, count: 42),     // attn_k, half of attn_v
        .init(.q6_K, rows: 256, columns: 1536, count: 14),     // the other attn_v
        .init(.q4_K, rows: 8960, columns: 1536, count: 56),    // ffn_gate, ffn_up
        .init(.q4_K, rows: 1536, columns: 8960, count: 14),    // ffn_down
        .init(.q6_K, rows: 1536, columns: 8960, count: 14),    // ffn_down
        .init(.q6_K, rows: 151_936, columns: 1536, count: 1),  // output
    ]

    /// The linear layers of SmolLM2-135M-Instruct.Q4_1 (30 layers and the tied Q8_0 output matrix).
    public static let smolLM135M: [MatrixShape] = [
        .init(.q4_1, rows: 576, columns: 576, count: 60),
        .init(.q4_1, rows: 192, columns: 576, count: 60),
        .init(.q4_1, rows: 1536, columns: 576, count: 60),
        .init(.q4_1, rows: 576, columns: 1536, count: 30),
        .init(.q8_0, rows: 49152, columns: 576, count: 1),
    ]

    /// Tokens per second that the matrix products alone allow for a model with these `shapes` when
    /// `batch` tokens go through each matrix at once (1 = generation, more = prompt processing).
    /// Every matrix gets its own random weights, so batch 1 reads as much memory as the real model.
    public static func tokensPerSecond(shapes: [MatrixShape], batch: Int, threads: Int, minimumSeconds: Double = 1) -> Double {
        var seed: UInt64 = 42
        var matrices: [(WeightMatrix, UnsafeMutableRawPointer)] = []
        for shape in shapes {
            guard let rowBytes = shape.type.byteCount(elements: shape.columns) else { continue }
            for _ in 0..<shape.count {
                let data = randomWeights(shape.type, bytes: shape.rows * rowBytes, seed: &seed)
                matrices.append((WeightMatrix(type: shape.type, rows: shape.rows, columns: shape.columns, data: UnsafeRawPointer(data)), data))
            }
        }
        defer { for (_, data) in matrices { data.deallocate() } }
        let widest = matrices.map { max($0.0.rows, $0.0.columns) }.max() ?? 1
        let input = UnsafeMutablePointer<Float>.allocate(capacity: batch * widest)
        let output = UnsafeMutablePointer<Float>.allocate(capacity: batch * widest)
        defer { input.deallocate(); output.deallocate() }
        for i in 0..<(batch * widest) { input[i] = Float(nextRandom(&seed) % 2001) / 1000 - 1 }
        let pool = ThreadPool(threadCount: threads)
        func pass() { for (w, _) in matrices { MatMul.multiply(w, input: input, batch: batch, output: output, pool: pool) } }
        pass()
        var passes = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        repeat {
            pass()
            passes += 1
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        } while elapsed < minimumSeconds
        return Double(passes * batch) / elapsed
    }
}
