extension PreTokenizer {
    /// GPT-2's split as llama.cpp's hand-written `unicode_regex_split_custom_gpt2` performs it on one piece.
    ///
    /// Quirks kept on purpose: contractions are lowercase only; `\s+(?!\S)` looks only inside the piece,
    /// so trailing whitespace of a piece (for example before a digit that the SmolLM pre-split cut off)
    /// stays whole.
    static func splitGPT2(
        _ scalars: UnsafeBufferPointer<UInt32>, classes: UnsafeBufferPointer<ScalarClass>,
        range: Range<Int>, into ends: inout [Int]
    ) {
        let end = range.upperBound
        var position = range.lowerBound
        while position < end {
            let wordEnd = gpt2Match(scalars, classes: classes, at: position, end: end)
            ends.append(wordEnd)
            position = wordEnd
        }
    }

    private static func gpt2Match(
        _ scalars: UnsafeBufferPointer<UInt32>, classes: UnsafeBufferPointer<ScalarClass>,
        at start: Int, end: Int
    ) -> Int {
        let scalar = scalars[start]

        // 's|'t|'re|'ve|'m|'ll|'d (lowercase only)
        if scalar == apostrophe, start + 1 < end {
            let next = scalars[start + 1]
            if next == 0x73 || next == 0x74 || next == 0x6D || next == 0x64 { return start + 2 }
            if start + 2 < end {
                let nextNext = scalars[start + 2]
                if (next == 0x72 && nextNext == 0x65) || (next == 0x76 && nextNext == 0x65)
                    || (next == 0x6C && nextNext == 0x6C) {
                    return start + 3
                }
            }
        }

        // ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`: the class after an optional leading space.
        let bodyStart = scalar == space ? start + 1 : start
        if bodyStart < end {
            let kind = classes[bodyStart]
            if kind != .whitespace {
                return endOfRun(of: kind, classes, from: bodyStart + 1, end: end)
            }
        }

        // \s+(?!\S) and \s+
        let runEnd = endOfRun(of: .whitespace, classes, from: start, end: end)
        let count = runEnd - start
        if count > 1, runEnd < end { return runEnd - 1 }
        if count > 0 { return runEnd }
        return start + 1
    }
}
