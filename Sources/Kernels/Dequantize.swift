import TensorFormats

/// Decoding of GGUF rows to `Float`: the plain reference every fast kernel is tested against.
///
/// The formulas are ggml's (`dequantize_row_*` in ggml-quants.c): f16 scales are widened to `Float`
/// first and every product is evaluated in the same order, so the results are bit-identical.
public enum Dequantize {
    /// Whether `row(_:_:into:)` can decode `type`.
    public static func isSupported(_ type: GGMLType) -> Bool {
        switch type {
        case .f32, .f16, .bf16, .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q4_K, .q5_K, .q6_K: return true
        default: return false
        }
    }

    /// Decodes row `row` of `w` (`w.columns` floats) into `out`.
    ///
    /// Unsupported types (see `isSupported`) write zeros; callers check support when loading a model.
    public static func row(_ w: WeightMatrix, _ row: Int, into out: UnsafeMutablePointer<Float>) {
        blocks(w.type, w.rowPointer(row), elements: w.columns, into: out)
    }

    /// Decodes `elements` consecutive elements of `type` starting at `source` (a whole number of blocks).
    public static func blocks(_ type: GGMLType, _ source: UnsafeRawPointer, elements: Int, into out: UnsafeMutablePointer<Float>) {
        let blockCount = elements / type.blockSize
        let stride = type.blockBytes
        let size = type.blockSize
        switch type {
        case .f32:
            out.update(from: source.assumingMemoryBound(to: Float.self), count: elements)
        case .f16:
            for i in 0..<elements { out[i] = halfToFloat(source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) }
        case .bf16:
            for i in 0..<elements { out[i] = bfloat16ToFloat(source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) }
        case .q4_0:
            for b in 0..<blockCount { q4_0Block(source + b * stride, out + b * size) }
        case .q4_1:
            for b in 0..<blockCount { q4_1Block(source + b * stride, out + b * size) }
        case .q5_0:
            for b in 0..<blockCount { q5_0Block(source + b * stride, out + b * size) }
        case .q5_1:
            for b in 0..<blockCount { q5_1Block(source + b * stride, out + b * size) }
        case .q8_0:
            for b in 0..<blockCount { q8_0Block(source + b * stride, out + b * size) }
        case .q4_K:
            for b in 0..<blockCount { q4_KBlock(source + b * stride, out + b * size) }
        case .q5_K:
            for b in 0..<blockCount { q5_KBlock(source + b * stride, out + b * size) }
        case .q6_K:
            for b in 0..<blockCount { q6_KBlock(source + b * stride, out + b * size) }
        default:
            out.update(repeating: 0, count: elements)
        }
    }
}
