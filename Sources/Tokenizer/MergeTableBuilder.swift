/// Turns the textual merge rules (`"Ġ t"`, rank = position in the list) into the id-pair table BPE uses.
enum MergeTableBuilder {
    struct Table {
        var byteSymbols: [Int32]
        var merges: [UInt64: Vocabulary.Merge]
        var extraSymbolTexts: [String]
    }

    static func build(idForText: [String: Int32], tokenCount: Int, merges mergeTexts: [String])
        throws(TokenizerError) -> Table
    {
        var extraIDs: [String: Int32] = [:]
        var extraTexts: [String] = []

        func symbol(_ text: String) -> Int32 {
            if let id = idForText[text] ?? extraIDs[text] { return id }
            let id = Int32(tokenCount + extraTexts.count)
            extraIDs[text] = id
            extraTexts.append(text)
            return id
        }

        let byteSymbols = (0..<256).map { byte in symbol(ByteLevelMapping.mappedText([UInt8(byte)])) }

        var merges: [UInt64: Vocabulary.Merge] = [:]
        merges.reserveCapacity(mergeTexts.count)
        for (rank, text) in mergeTexts.enumerated() {
            // llama.cpp splits at the first space after the first byte.
            let utf8 = text.utf8
            guard !utf8.isEmpty, let separator = utf8.dropFirst().firstIndex(of: 0x20)
            else { throw .malformedMerge(index: rank, text: text) }
            let left = String(text[..<separator])
            let right = String(text[text.index(after: separator)...])
            guard !right.isEmpty else { throw .malformedMerge(index: rank, text: text) }
            let key = UInt64(UInt32(bitPattern: symbol(left))) << 32 | UInt64(UInt32(bitPattern: symbol(right)))
            if merges[key] == nil {
                merges[key] = Vocabulary.Merge(rank: Int32(rank), result: symbol(left + right))
            }
        }
        return Table(byteSymbols: byteSymbols, merges: merges, extraSymbolTexts: extraTexts)
    }
}
