import Tokenizer

/// The fill-in-the-middle prompt format of one model family, found by the texts of its special tokens.
///
/// Adding a family is one entry in `FIMTemplate.families`. A model whose vocabulary has none of these
/// tokens is completed left to right from the prefix alone.
public struct FIMTemplate: Sendable, Equatable {
    /// Family name, for logs ("qwen2.5-coder", "starcoder", ...).
    public var family: String
    /// Token texts of the three markers.
    public var prefixMarker: String
    public var suffixMarker: String
    public var middleMarker: String
    /// Texts of repository-level markers, when the family has them (Qwen2.5-Coder, StarCoder2).
    public var repositoryMarker: String?
    public var fileSeparator: String?
    /// Extra texts that end a middle for this family (beyond the tokenizer's end-of-generation set).
    public var extraStopMarkers: [String]

    /// Known families, tried in order.
    public static let families: [FIMTemplate] = [
        FIMTemplate(family: "qwen2.5-coder", prefixMarker: "<|fim_prefix|>", suffixMarker: "<|fim_suffix|>",
                    middleMarker: "<|fim_middle|>", repositoryMarker: "<|repo_name|>", fileSeparator: "<|file_sep|>",
                    extraStopMarkers: ["<|fim_pad|>", "<|endoftext|>", "<|file_sep|>", "<|repo_name|>", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>"]),
        FIMTemplate(family: "starcoder", prefixMarker: "<fim_prefix>", suffixMarker: "<fim_suffix>",
                    middleMarker: "<fim_middle>", repositoryMarker: "<repo_name>", fileSeparator: "<file_sep>",
                    extraStopMarkers: ["<|endoftext|>", "<file_sep>", "<fim_prefix>"]),
        FIMTemplate(family: "codellama", prefixMarker: "▁<PRE>", suffixMarker: "▁<SUF>", middleMarker: "▁<MID>",
                    repositoryMarker: nil, fileSeparator: nil, extraStopMarkers: ["▁<EOT>"]),
        FIMTemplate(family: "deepseek-coder", prefixMarker: "<｜fim▁begin｜>", suffixMarker: "<｜fim▁hole｜>",
                    middleMarker: "<｜fim▁end｜>", repositoryMarker: nil, fileSeparator: nil, extraStopMarkers: []),
    ]

    /// The first family whose three markers are all single tokens of `tokenizer`, or nil.
    public static func detect(in tokenizer: Tokenizer) -> FIMTemplate? {
        families.first { t in
            [t.prefixMarker, t.suffixMarker, t.middleMarker].allSatisfy { tokenizer.tokenID(forText: $0) != nil }
        }
    }
}

/// Where the middle is asked for relative to prefix and suffix.
public enum PromptOrder: String, Sendable, CaseIterable, Codable {
    /// `<prefix>P<suffix>S<middle>`: the order the models were mostly trained with.
    case prefixSuffixMiddle = "psm"
    /// `<suffix>S<prefix>P<middle>`: keeps the text being typed at the end of the prompt, so the KV cache of
    /// the previous keystroke stays valid up to the cursor.
    case suffixPrefixMiddle = "spm"
}
