/// The element encodings a tensor can have in a GGUF file (ggml's `ggml_type` codes).
///
/// Quantized types store elements in fixed-size blocks: `blockSize` elements take `blockBytes` bytes.
/// The layouts themselves (where the scales and quants sit inside a block) are documented next to the
/// kernels that read them, in the `Kernels` module.
public enum GGMLType: UInt32, Sendable, CaseIterable, CustomStringConvertible {
    case f32 = 0
    case f16 = 1
    case q4_0 = 2
    case q4_1 = 3
    case q5_0 = 6
    case q5_1 = 7
    case q8_0 = 8
    case q8_1 = 9
    case q2_K = 10
    case q3_K = 11
    case q4_K = 12
    case q5_K = 13
    case q6_K = 14
    case q8_K = 15
    case i8 = 24
    case i16 = 25
    case i32 = 26
    case i64 = 27
    case f64 = 28
    case bf16 = 30

    /// Number of elements in one block (1 for plain scalar types).
    public var blockSize: Int {
        switch self {
        case .f32, .f16, .bf16, .i8, .i16, .i32, .i64, .f64: return 1
        case .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q8_1: return 32
        case .q2_K, .q3_K, .q4_K, .q5_K, .q6_K, .q8_K: return 256
        }
    }

    /// Number of bytes one block occupies.
    public var blockBytes: Int {
        switch self {
        case .f32, .i32: return 4
        case .f16, .bf16, .i16: return 2
        case .i8: return 1
        case .i64, .f64: return 8
        case .q4_0: return 18      // f16 d, 16 bytes of nibbles
        case .q4_1: return 20      // f16 d, f16 m, 16 bytes of nibbles
        case .q5_0: return 22      // f16 d, 4 bytes high bits, 16 bytes of nibbles
        case .q5_1: return 24      // f16 d, f16 m, 4 bytes high bits, 16 bytes of nibbles
        case .q8_0: return 34      // f16 d, 32 int8
        case .q8_1: return 36      // f16 d, f16 s, 32 int8
        case .q2_K: return 84
        case .q3_K: return 110
        case .q4_K: return 144     // f16 d, f16 dmin, 12 bytes scales, 128 bytes nibbles
        case .q5_K: return 176
        case .q6_K: return 210     // 128 ql, 64 qh, 16 int8 scales, f16 d
        case .q8_K: return 292     // f32 d, 256 int8, 16 int16 sums
        }
    }

    /// The name ggml and llama.cpp print for this type, e.g. `Q4_K`.
    public var description: String {
        switch self {
        case .f32: return "F32"
        case .f16: return "F16"
        case .bf16: return "BF16"
        case .f64: return "F64"
        case .i8: return "I8"
        case .i16: return "I16"
        case .i32: return "I32"
        case .i64: return "I64"
        case .q4_0: return "Q4_0"
        case .q4_1: return "Q4_1"
        case .q5_0: return "Q5_0"
        case .q5_1: return "Q5_1"
        case .q8_0: return "Q8_0"
        case .q8_1: return "Q8_1"
        case .q2_K: return "Q2_K"
        case .q3_K: return "Q3_K"
        case .q4_K: return "Q4_K"
        case .q5_K: return "Q5_K"
        case .q6_K: return "Q6_K"
        case .q8_K: return "Q8_K"
        }
    }

    /// Bytes needed for `elements` elements, or nil when `elements` is not a whole number of blocks
    /// or the size overflows.
    public func byteCount(elements: Int) -> Int? {
        guard elements >= 0, elements % blockSize == 0 else { return nil }
        let (bytes, overflow) = (elements / blockSize).multipliedReportingOverflow(by: blockBytes)
        return overflow ? nil : bytes
    }
}
