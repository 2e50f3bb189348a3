/// llama.cpp's text-based detection of end-of-generation and fill-in-the-middle tokens (b4748,
/// `llama_vocab::impl::load`), applied to a vocabulary.
///
/// GGUF files rarely carry `eot`/`fim_*` ids, so llama.cpp finds those tokens by their text, forces them
/// to CONTROL (which changes how text containing them is tokenized), and builds the end-of-generation set
/// from them. Reproducing the same rules gives the same stop tokens and the same tokenization.
struct SpecialTokenRules {
    /// Ids given explicitly by metadata; nil when absent.
    struct ExplicitIDs: Sendable {
        var eos: Int32?
        var eot: Int32?
        var eom: Int32?
        var fimPad: Int32?
        var fimRepository: Int32?
        var fimSeparator: Int32?
    }

    /// The result: token kinds after the CONTROL overrides, and the end-of-generation set.
    let kinds: [TokenKind]
    let endOfGeneration: Set<Int32>

    // The text lists, in llama.cpp's order.
    static let endOfTurnTexts = [
        "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<EOT>", "<｜end▁of▁sentence｜>",
    ]
    static let endOfMessageTexts = ["<|eom_id|>"]
    static let fimPrefixTexts = ["<|fim_prefix|>", "<fim-prefix>", "<｜fim▁begin｜>", "<PRE>"]
    static let fimSuffixTexts = ["<|fim_suffix|>", "<fim-suffix>", "<｜fim▁hole｜>", "<SUF>"]
    static let fimMiddleTexts = ["<|fim_middle|>", "<fim-middle>", "<｜fim▁end｜>", "<MID>"]
    static let fimPadTexts = ["<|fim_pad|>", "<fim-pad>", "<PAD>"]
    static let fimRepositoryTexts = ["<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>"]
    static let fimSeparatorTexts = ["<|file_sep|>"]
    static let endOfGenerationTexts = [
        "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|eom_id|>", "<EOT>",
    ]

    init(kinds original: [TokenKind], idForText: [TokenText: Int32], explicit: ExplicitIDs) {
        var kinds = original

        /// Finds the first token of `texts` present in the vocabulary and forces it to CONTROL.
        func detect(_ texts: [String]) -> Int32? {
            for text in texts {
                if let id = idForText[TokenText(text)] {
                    kinds[Int(id)] = .control
                    return id
                }
            }
            return nil
        }

        let eot = explicit.eot ?? detect(Self.endOfTurnTexts)
        let eom = explicit.eom ?? detect(Self.endOfMessageTexts)
        _ = detect(Self.fimPrefixTexts)
        _ = detect(Self.fimSuffixTexts)
        _ = detect(Self.fimMiddleTexts)
        let fimPad = explicit.fimPad ?? detect(Self.fimPadTexts)
        let fimRepository = explicit.fimRepository ?? detect(Self.fimRepositoryTexts)
        let fimSeparator = explicit.fimSeparator ?? detect(Self.fimSeparatorTexts)

        var endOfGeneration = Set<Int32>()
        for id in [fimPad, fimRepository, fimSeparator] { if let id { endOfGeneration.insert(id) } }
        for text in Self.endOfGenerationTexts {
            if let id = idForText[TokenText(text)] {
                endOfGeneration.insert(id)
                kinds[Int(id)] = .control
            }
        }
        for id in [explicit.eos, eot, eom] { if let id { endOfGeneration.insert(id) } }

        self.kinds = kinds
        self.endOfGeneration = endOfGeneration
    }
}
