import GGUF

extension Tokenizer {
    /// Builds the tokenizer of the GGUF model file at `path` (see `init(gguf:)`). Only the file's header is
    /// read; the tokenizer keeps no reference to the file.
    /// - Throws: `GGUFError` when the file cannot be read as GGUF, `TokenizerError` as `init(gguf:)` does.
    public convenience init(contentsOf path: String) throws {
        try self.init(gguf: GGUFFile(contentsOf: path))
    }

    /// Builds the tokenizer stored in a GGUF file's `tokenizer.ggml.*` metadata.
    ///
    /// Reads `model` (must be `gpt2`, i.e. byte-level BPE), `pre`, `tokens`, `token_type`, `merges`,
    /// `bos_token_id`, `eos_token_id`, `add_bos_token` and, when present, the `eot`/`eom`/`fim_*` ids.
    /// - Throws: `TokenizerError` when a required key is missing or the vocabulary is unsupported or invalid.
    public convenience init(gguf: GGUFFile) throws {
        let prefix = "tokenizer.ggml."
        func required<T>(_ key: String, _ read: (String) -> T?) throws(TokenizerError) -> T {
            guard let value = read(prefix + key) else { throw .missingMetadata(key: prefix + key) }
            return value
        }
        func optionalID(_ key: String) -> Int32? {
            gguf.integer(prefix + key).flatMap { Int32(exactly: $0) }
        }
        let model = try required("model", gguf.string)
        guard model == "gpt2" else { throw TokenizerError.unsupportedModel(model) }
        let pre = gguf.string(prefix + "pre") ?? "default"
        let tokens = try required("tokens", gguf.strings)
        let types = try required("token_type", gguf.integers)
        let merges = try required("merges", gguf.strings)
        let eos = optionalID("eos_token_id")
        let explicit = SpecialTokenRules.ExplicitIDs(
            eos: eos, eot: optionalID("eot_token_id"), eom: optionalID("eom_token_id"),
            fimPad: optionalID("fim_pad_token_id"), fimRepository: optionalID("fim_rep_token_id"),
            fimSeparator: optionalID("fim_sep_token_id"))
        try self.init(tokens: tokens, tokenTypes: types, merges: merges, preTokenizerName: pre,
                      bosID: optionalID("bos_token_id"), eosID: eos,
                      addBOS: gguf.bool(prefix + "add_bos_token") ?? false, explicitIDs: explicit)
    }
}
