/// The type of a vocabulary entry, as stored in `tokenizer.ggml.token_type` (llama.cpp's `llama_token_type`).
///
/// The kind decides how a token is matched in input text (control and user-defined tokens are split out
/// before BPE) and how it is rendered back to bytes.
enum TokenKind: UInt8, Sendable {
    /// Type 0: not set. Treated like a normal token for decoding, never matched as special.
    case undefined = 0
    /// Type 1: an ordinary byte-level BPE token; its text is GPT-2 byte-mapped.
    case normal = 1
    /// Type 2: the unknown token.
    case unknown = 2
    /// Type 3: a control token such as `<|im_end|>`; matched only when special parsing is on.
    case control = 3
    /// Type 4: a user-defined token such as `<tool_call>`; always matched as a whole.
    case userDefined = 4
    /// Type 5: an unused (padding) slot; never produced by encoding, renders as nothing.
    case unused = 5
    /// Type 6: a byte token (SentencePiece style); not used by byte-level BPE vocabularies.
    case byte = 6

    /// Whether llama.cpp puts tokens of this kind into its special-token cache (split out before BPE).
    var isSpecialCandidate: Bool {
        self == .control || self == .userDefined || self == .unknown
    }

    /// Whether the token is matched only when the caller asks for special-token parsing.
    var needsSpecialParsing: Bool {
        self == .control || self == .unknown
    }
}
