extension PreTokenizer {
    /// Qwen2's split, alternative by alternative, exactly as llama.cpp's `std::regex` runs it.
    ///
    /// llama.cpp matches this regex on a "collapsed" copy of the text in which every non-ASCII scalar is
    /// replaced by one byte standing for its class (whitespace, letter, number, other), so `\s` is the C
    /// locale's `[\t\n\v\f\r ]` plus non-ASCII `White_Space`, and `[\r\n]` only ever means the ASCII CR/LF.
    /// Every position starts a match, so the words tile the range.
    static func splitQwen2(
        _ scalars: UnsafeBufferPointer<UInt32>, classes: UnsafeBufferPointer<ScalarClass>,
        range: Range<Int>, into ends: inout [Int]
    ) {
        let end = range.upperBound
        var position = range.lowerBound
        while position < end {
            let wordEnd = qwen2Match(scalars, classes: classes, at: position, end: end)
            ends.append(wordEnd)
            position = wordEnd
        }
    }

    /// The end of the regex match that starts at `start` (always longer than zero).
    private static func qwen2Match(
        _ scalars: UnsafeBufferPointer<UInt32>, classes: UnsafeBufferPointer<ScalarClass>,
        at start: Int, end: Int
    ) -> Int {
        let scalar = scalars[start]
        let kind = classes[start]

        // (?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])
        if scalar == apostrophe, start + 1 < end {
            let next = asciiLowercase(scalars[start + 1])
            if next == 0x73 || next == 0x74 || next == 0x6D || next == 0x64 { return start + 2 }  // s t m d
            if start + 2 < end {
                let nextNext = asciiLowercase(scalars[start + 2])
                if (next == 0x72 && nextNext == 0x65) || (next == 0x76 && nextNext == 0x65)  // re ve
                    || (next == 0x6C && nextNext == 0x6C) {  // ll
                    return start + 3
                }
            }
        }

        // [^\r\n\p{L}\p{N}]?\p{L}+
        if kind == .letter {
            return endOfRun(of: .letter, classes, from: start + 1, end: end)
        }
        if kind != .number, !isLineBreak(scalar), start + 1 < end, classes[start + 1] == .letter {
            return endOfRun(of: .letter, classes, from: start + 2, end: end)
        }

        // \p{N}
        if kind == .number { return start + 1 }

        // ` ?[^\s\p{L}\p{N}]+[\r\n]*`
        var symbolStart = -1
        if kind == .other {
            symbolStart = start
        } else if scalar == space, start + 1 < end, classes[start + 1] == .other {
            symbolStart = start + 1
        }
        if symbolStart >= 0 {
            var position = endOfRun(of: .other, classes, from: symbolStart, end: end)
            while position < end, isLineBreak(scalars[position]) { position += 1 }
            return position
        }

        // What is left is whitespace.
        let runEnd = endOfRun(of: .whitespace, classes, from: start, end: end)

        // \s*[\r\n]+ : backtracking stops at the last CR/LF of the whitespace run.
        var lastBreak = runEnd - 1
        while lastBreak >= start, !isLineBreak(scalars[lastBreak]) { lastBreak -= 1 }
        if lastBreak >= start { return lastBreak + 1 }

        // \s+(?!\S) : the whole run at the end of the text, otherwise all but its last scalar.
        if runEnd == end { return runEnd }
        if runEnd - start >= 2 { return runEnd - 1 }

        // \s+
        return runEnd
    }
}

// MARK: - Shared helpers for the hand-written splits

extension PreTokenizer {
    static let apostrophe: UInt32 = 0x27
    static let space: UInt32 = 0x20

    /// The first index at or after `position` (and before `end`) whose class is not `kind`.
    @inline(__always)
    static func endOfRun(
        of kind: ScalarClass, _ classes: UnsafeBufferPointer<ScalarClass>, from position: Int, end: Int
    ) -> Int {
        var position = position
        while position < end, classes[position] == kind { position += 1 }
        return position
    }

    @inline(__always)
    static func isLineBreak(_ scalar: UInt32) -> Bool { scalar == 0x0A || scalar == 0x0D }

    @inline(__always)
    static func asciiLowercase(_ scalar: UInt32) -> UInt32 {
        (0x41...0x5A).contains(scalar) ? scalar + 0x20 : scalar
    }
}
