/// The immutable part of a byte-level BPE tokenizer: token texts and kinds, the text-to-id index, the
/// merge table in symbol-id form, the decoded bytes of every token, and the special tokens.
///
/// BPE runs on symbol ids rather than strings. A symbol is any string that can appear during merging: every
/// vocabulary token (symbol id = token id) plus, beyond `tokenCount`, the rare merge operands or results
/// that are not themselves tokens. Merging two symbols is then one hash lookup of the id pair.
struct Vocabulary: Sendable {
    /// A token that is split out of the text before BPE.
    struct SpecialToken: Sendable {
        let id: Int32
        let bytes: [UInt8]
        /// True for CONTROL and UNKNOWN tokens, which are matched only with special parsing on.
        let needsSpecialParsing: Bool
    }

    /// A merge rule in id form.
    struct Merge: Sendable {
        let rank: Int32
        let result: Int32
    }

    let tokenCount: Int
    let texts: [String]
    let kinds: [TokenKind]
    /// Token text (UTF-8 bytes) to id; for duplicate texts the last id wins, as in llama.cpp.
    let idForText: [TokenText: Int32]
    /// The symbol that stands for each raw byte at the start of BPE.
    let byteSymbols: [Int32]
    /// (left symbol << 32 | right symbol) to the merge's rank and result symbol; the lowest rank wins.
    let merges: [UInt64: Merge]
    /// Texts (UTF-8 bytes) of symbols with ids `tokenCount...`, which are not tokens.
    let extraSymbolTexts: [[UInt8]]
    /// Concatenated decoded bytes of all tokens; token `i` is `pieceBytes[pieceStarts[i]..<pieceStarts[i+1]]`.
    let pieceBytes: [UInt8]
    let pieceStarts: [Int]
    /// CONTROL, USER_DEFINED and UNKNOWN tokens, longest text first (ties by id).
    let specialTokens: [SpecialToken]
    /// Finds the special tokens' texts in input (a trie over `specialTokens`).
    let specialTokenSplitter: SpecialTokenSplitter
    let endOfGeneration: Set<Int32>

    init(tokens: [String], kinds originalKinds: [TokenKind], merges mergeTexts: [String],
         explicitIDs: SpecialTokenRules.ExplicitIDs) throws(TokenizerError) {
        tokenCount = tokens.count
        texts = tokens

        var idForText: [TokenText: Int32] = [:]
        idForText.reserveCapacity(tokens.count)
        for (id, text) in tokens.enumerated() { idForText[TokenText(text)] = Int32(id) }
        self.idForText = idForText

        let rules = SpecialTokenRules(kinds: originalKinds, idForText: idForText, explicit: explicitIDs)
        kinds = rules.kinds
        endOfGeneration = rules.endOfGeneration

        let table = try MergeTableBuilder.build(idForText: idForText, tokenCount: tokens.count, merges: mergeTexts)
        byteSymbols = table.byteSymbols
        merges = table.merges
        extraSymbolTexts = table.extraSymbolTexts

        var pieceBytes: [UInt8] = []
        var pieceStarts: [Int] = [0]
        pieceStarts.reserveCapacity(tokens.count + 1)
        for (id, text) in tokens.enumerated() {
            pieceBytes.append(contentsOf: Self.piece(text: text, kind: rules.kinds[id]))
            pieceStarts.append(pieceBytes.count)
        }
        self.pieceBytes = pieceBytes
        self.pieceStarts = pieceStarts

        var specials: [SpecialToken] = []
        for (id, kind) in rules.kinds.enumerated() where kind.isSpecialCandidate && !tokens[id].isEmpty {
            specials.append(SpecialToken(id: Int32(id), bytes: Array(tokens[id].utf8),
                                         needsSpecialParsing: kind.needsSpecialParsing))
        }
        specials.sort { $0.bytes.count != $1.bytes.count ? $0.bytes.count > $1.bytes.count : $0.id < $1.id }
        specialTokens = specials
        specialTokenSplitter = SpecialTokenSplitter(specials: specials)
    }

    /// The bytes a token renders as, following llama.cpp's `token_to_piece` with special rendering on:
    /// normal tokens are un-byte-mapped, control/user-defined/unknown tokens are their text, unused and
    /// byte tokens render as nothing. A scalar outside the byte mapping in a normal token is kept as UTF-8.
    private static func piece(text: String, kind: TokenKind) -> [UInt8] {
        switch kind {
        case .normal, .undefined:
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            for scalar in text.unicodeScalars {
                if let byte = ByteLevelMapping.byte(for: scalar.value) {
                    bytes.append(byte)
                } else {
                    bytes.append(contentsOf: String(scalar).utf8)
                }
            }
            return bytes
        case .control, .userDefined, .unknown:
            return Array(text.utf8)
        case .unused, .byte:
            return []
        }
    }
}
