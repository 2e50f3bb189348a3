#if arch(x86_64)
import KernelsAVX512
import KernelsAVXVNNI
import TensorFormats

extension MatMul {
    /// The VNNI matrix-vector kernel of a path for one 32-element block type: the 512-bit `RowDots` on
    /// `avx512`, the 256-bit `RowDots256` on `avxvnni`. (Q4_K and Q6_K take the AVX2 `RowDotK` on both.)
    enum VNNIRowDots {
        case wide(RowDots.Format)
        case narrow(RowDots256.Format)

        /// The kernel `path` has for `type`, or nil (the AVX2 row dots then run).
        init?(path: KernelPath, type: GGMLType) {
            switch path {
            case .avx512:
                guard let format = MatMul.rowDotFormat(type) else { return nil }
                self = .wide(format)
            case .avxvnni:
                switch type {
                case .q4_0: self = .narrow(.q4_0)
                case .q4_1: self = .narrow(.q4_1)
                case .q5_0: self = .narrow(.q5_0)
                case .q5_1: self = .narrow(.q5_1)
                case .q8_0: self = .narrow(.q8_0)
                default: return nil
                }
            default:
                return nil
            }
        }

        /// output[r] = row r of `w` · x for r in `rows`.
        @inline(__always)
        func multiply(_ w: WeightMatrix, rows: Range<Int>, x: RowDotAVX2.Activation, output: UnsafeMutablePointer<Float>) {
            let blocks = w.columns / 32
            switch self {
            case .wide(let format):
                RowDots.multiply(format, weights: w.data, rowBytes: w.rowBytes, rows: rows, blocks: blocks,
                                 x: x.values, scales: x.scales, sums: x.sums, output: output)
            case .narrow(let format):
                RowDots256.multiply(format, weights: w.data, rowBytes: w.rowBytes, rows: rows, blocks: blocks,
                                    x: x.values, scales: x.scales, sums: x.sums, output: output)
            }
        }
    }
}
#endif
