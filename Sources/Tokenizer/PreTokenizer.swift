/// The rules that cut text into words before BPE runs on each word (`tokenizer.ggml.pre`).
///
/// Each case reproduces, by hand over Unicode scalars, the regex llama.cpp uses for that pre-tokenizer
/// type, including llama.cpp's quirks (see the per-case files).
enum PreTokenizer: Sendable, Equatable {
    /// Qwen2 / Qwen2.5: `(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}|
    /// ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`.
    case qwen2
    /// GPT-2's split (`'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)`).
    case gpt2
    /// StarCoder / SmolLM: first every `\p{N}` becomes its own piece, then the GPT-2 split runs inside each piece.
    case digitsThenGPT2

    /// The pre-tokenizer for a `tokenizer.ggml.pre` value, following llama.cpp's name table.
    init?(ggufName name: String) {
        switch name {
        case "qwen2", "deepseek-r1-qwen", "stablelm2", "hunyuan":
            self = .qwen2
        case "smollm", "starcoder", "refact", "command-r", "codeshell", "exaone", "minerva-7b":
            self = .digitsThenGPT2
        case "gpt-2", "phi-2", "roberta-bpe", "mpt", "olmo", "jais", "trillion", "granite-docling":
            self = .gpt2
        default:
            return nil
        }
    }

    /// Appends to `ends` the end index (exclusive) of every word of `scalars[range]`, in order.
    ///
    /// - Parameters:
    ///   - scalars: scalar values of the text.
    ///   - classes: `ScalarClass` of each scalar, same indices.
    /// - Complexity: O(n) in the length of the range.
    func split(
        _ scalars: UnsafeBufferPointer<UInt32>, classes: UnsafeBufferPointer<ScalarClass>,
        range: Range<Int>, into ends: inout [Int]
    ) {
        switch self {
        case .qwen2:
            Self.splitQwen2(scalars, classes: classes, range: range, into: &ends)
        case .gpt2:
            Self.splitGPT2(scalars, classes: classes, range: range, into: &ends)
        case .digitsThenGPT2:
            // llama.cpp's first regex `\p{N}`: every number scalar alone, the gaps between them as pieces.
            var pieceStart = range.lowerBound
            for index in range where classes[index] == .number {
                if index > pieceStart {
                    Self.splitGPT2(scalars, classes: classes, range: pieceStart..<index, into: &ends)
                }
                ends.append(index + 1)
                pieceStart = index + 1
            }
            if pieceStart < range.upperBound {
                Self.splitGPT2(scalars, classes: classes, range: pieceStart..<range.upperBound, into: &ends)
            }
        }
    }
}
