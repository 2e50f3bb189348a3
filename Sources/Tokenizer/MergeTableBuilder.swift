/// Turns the textual merge rules (`"Ġ t"`, rank = position in the list) into the id-pair table BPE uses.
enum MergeTableBuilder {
    struct Table {
        var byteSymbols: [Int32]
        var merges: [UInt64: Vocabulary.Merge]
        var extraSymbolTexts: [[UInt8]]
    }

    static func build(idForText: [TokenText: Int32], tokenCount: Int, merges mergeTexts: [String])
        throws(TokenizerError) -> Table
    {
        var extraIDs: [TokenText: Int32] = [:]
        var extraTexts: [[UInt8]] = []

        func symbol(_ text: TokenText) -> Int32 {
            if let id = idForText[text] ?? extraIDs[text] { return id }
            let id = Int32(tokenCount + extraTexts.count)
            extraIDs[text] = id
            extraTexts.append(text.bytes)
            return id
        }

        let byteSymbols = (0..<256).map { byte in symbol(TokenText(ByteLevelMapping.mappedText([UInt8(byte)]))) }

        var merges: [UInt64: Vocabulary.Merge] = [:]
        merges.reserveCapacity(mergeTexts.count)
        for (rank, text) in mergeTexts.enumerated() {
            // llama.cpp splits at the first space after the first byte.
            let bytes = Array(text.utf8)
            guard bytes.count >= 3, let separator = bytes[1...].firstIndex(of: 0x20), separator + 1 < bytes.count
            else { throw .malformedMerge(index: rank, text: text) }
            let left = Array(bytes[..<separator])
            let right = Array(bytes[(separator + 1)...])
            let key = UInt64(UInt32(bitPattern: symbol(TokenText(left)))) << 32
                | UInt64(UInt32(bitPattern: symbol(TokenText(right))))
            if merges[key] == nil {
                merges[key] = Vocabulary.Merge(rank: Int32(rank), result: symbol(TokenText(left + right)))
            }
        }
        return Table(byteSymbols: byteSymbols, merges: merges, extraSymbolTexts: extraTexts)
    }
}
