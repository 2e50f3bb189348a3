import GGUF

/// A byte-level BPE tokenizer that produces the same token ids as llama.cpp (build b4748) for the same
/// vocabulary: special-token splitting, the model's pre-tokenizer regex, GPT-2 byte mapping and ranked
/// merges.
///
/// Immutable after initialization and therefore safe to share between threads; every `encode` call uses
/// its own scratch state.
public final class Tokenizer: Sendable {
    let vocabulary: Vocabulary
    let preTokenizer: PreTokenizer

    /// The id of the beginning-of-sequence token, if the vocabulary has one.
    public let bosID: Int32?
    /// The id of the end-of-sequence token, if the vocabulary has one.
    public let eosID: Int32?
    /// Whether the model expects `bosID` at the start of a prompt (`tokenizer.ggml.add_bos_token`).
    /// `encode` never adds it; callers prepend it when this is true.
    public let addsBOS: Bool

    /// Builds a tokenizer from the vocabulary arrays of a GGUF file.
    ///
    /// - Parameters:
    ///   - tokens: token texts (`tokenizer.ggml.tokens`), byte-mapped for normal tokens.
    ///   - tokenTypes: llama.cpp token types 0...6 (`tokenizer.ggml.token_type`), one per token.
    ///   - merges: merge rules `"left right"` in rank order (`tokenizer.ggml.merges`).
    ///   - preTokenizer: the `tokenizer.ggml.pre` name, e.g. `"qwen2"` or `"smollm"`.
    ///   - bosID: beginning-of-sequence id, or nil.
    ///   - eosID: end-of-sequence id, or nil.
    ///   - addBOS: `tokenizer.ggml.add_bos_token`.
    /// - Throws: `TokenizerError` when the arrays are inconsistent or the pre-tokenizer is unknown.
    public convenience init(tokens: [String], tokenTypes: [Int], merges: [String], preTokenizer: String,
                            bosID: Int32?, eosID: Int32?, addBOS: Bool) throws {
        try self.init(tokens: tokens, tokenTypes: tokenTypes, merges: merges, preTokenizerName: preTokenizer,
                      bosID: bosID, eosID: eosID, addBOS: addBOS,
                      explicitIDs: SpecialTokenRules.ExplicitIDs(eos: eosID))
    }

    init(tokens: [String], tokenTypes: [Int], merges: [String], preTokenizerName: String,
         bosID: Int32?, eosID: Int32?, addBOS: Bool,
         explicitIDs: SpecialTokenRules.ExplicitIDs) throws(TokenizerError) {
        guard !tokens.isEmpty else { throw .emptyVocabulary }
        guard tokens.count == tokenTypes.count else {
            throw .tokenTypeCountMismatch(tokens: tokens.count, types: tokenTypes.count)
        }
        guard let preTokenizer = PreTokenizer(ggufName: preTokenizerName) else {
            throw .unsupportedPreTokenizer(preTokenizerName)
        }
        var kinds: [TokenKind] = []
        kinds.reserveCapacity(tokenTypes.count)
        for (index, type) in tokenTypes.enumerated() {
            guard let kind = UInt8(exactly: type).flatMap(TokenKind.init(rawValue:)) else {
                throw .invalidTokenType(index: index, value: type)
            }
            kinds.append(kind)
        }
        let named: [(String, Int32?)] = [
            ("bos", bosID), ("eos", eosID), ("eot", explicitIDs.eot), ("eom", explicitIDs.eom),
            ("fim_pad", explicitIDs.fimPad), ("fim_rep", explicitIDs.fimRepository),
            ("fim_sep", explicitIDs.fimSeparator),
        ]
        for case let (name, id?) in named where id < 0 || Int(id) >= tokens.count {
            throw .specialTokenOutOfRange(name: name, id: Int(id), vocabularySize: tokens.count)
        }
        vocabulary = try Vocabulary(tokens: tokens, kinds: kinds, merges: merges, explicitIDs: explicitIDs)
        self.preTokenizer = preTokenizer
        self.bosID = bosID
        self.eosID = eosID
        addsBOS = addBOS
    }

    /// The number of tokens in the vocabulary (the model's n_vocab).
    public var vocabularySize: Int { vocabulary.tokenCount }

    /// The token ids of `text`, without BOS/EOS.
    ///
    /// - Parameter parseSpecial: when true, the texts of CONTROL tokens (such as `<|fim_prefix|>`) become
    ///   those tokens; when false they are tokenized as plain text, which is what untrusted text (the user's
    ///   code) needs. USER_DEFINED tokens (such as Qwen's `<tool_call>`) are matched in both modes, as in
    ///   llama.cpp.
    /// - Complexity: O(n log n) in the UTF-8 length; BPE runs once per distinct word.
    public func encode(_ text: String, parseSpecial: Bool) -> [Int32] {
        var utf8 = Array(text.utf8)
        var output: [Int32] = []
        output.reserveCapacity(utf8.count / 3 + 4)
        utf8.withUnsafeMutableBufferPointer { mutableBytes in
            let bytes = UnsafeBufferPointer(mutableBytes)
            let fragments = vocabulary.specialTokenSplitter.split(bytes, parseSpecial: parseSpecial)
            var session = EncodingSession(vocabulary: vocabulary, preTokenizer: preTokenizer)
            for fragment in fragments {
                switch fragment {
                case .token(let id):
                    output.append(id)
                case .text(let range):
                    session.encode(UnsafeBufferPointer(rebasing: bytes[range]), into: &output)
                }
            }
        }
        return output
    }

    /// The bytes `token` stands for: raw bytes for normal tokens (possibly part of a UTF-8 sequence), the
    /// token's text for control and user-defined tokens, nothing for unused slots or invalid ids.
    public func bytes(for token: Int32) -> [UInt8] {
        guard token >= 0, Int(token) < vocabulary.tokenCount else { return [] }
        return Array(vocabulary.pieceBytes[vocabulary.pieceStarts[Int(token)]..<vocabulary.pieceStarts[Int(token) + 1]])
    }

    /// The text of a token sequence; invalid or incomplete UTF-8 becomes U+FFFD.
    public func decode(_ tokens: [Int32]) -> String {
        var bytes: [UInt8] = []
        for token in tokens where token >= 0 && Int(token) < vocabulary.tokenCount {
            bytes.append(contentsOf: vocabulary.pieceBytes[vocabulary.pieceStarts[Int(token)]..<vocabulary.pieceStarts[Int(token) + 1]])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The id of the token whose vocabulary text is exactly `text` (for special tokens: their literal
    /// text, e.g. `"<|fim_prefix|>"`; for normal tokens: the byte-mapped text, e.g. `"Ġthe"`).
    public func tokenID(forText text: String) -> Int32? {
        vocabulary.idForText[TokenText(text)]
    }

    /// The vocabulary text of `token` (byte-mapped for normal tokens), or nil for an invalid id.
    public func text(for token: Int32) -> String? {
        guard token >= 0, Int(token) < vocabulary.tokenCount else { return nil }
        return vocabulary.texts[Int(token)]
    }

    /// Tokens that end generation, built like llama.cpp's `special_eog_ids`: eos, the end-of-turn token,
    /// the FIM pad/repo/separator tokens and every token whose text is a known end marker
    /// (`<|endoftext|>`, `<|im_end|>`, `<|eot_id|>`, ...).
    public var endOfGenerationTokens: Set<Int32> { vocabulary.endOfGeneration }

    /// Whether `token` is a CONTROL token (after llama.cpp's text-based overrides). Control tokens are
    /// structural markers, never part of the completion text.
    public func isControl(_ token: Int32) -> Bool {
        guard token >= 0, Int(token) < vocabulary.tokenCount else { return false }
        return vocabulary.kinds[Int(token)] == .control
    }
}
