import Documents

/// The reference the chunked snapshots are compared with: the whole text as one array of scalars, positions
/// found by walking it from the start, every edit a copy of the whole text. Slow and obviously right.
struct NaiveDocument {
    var text: String {
        didSet { lines = Self.lines(of: text) }
    }
    /// Lines with their line breaks ("\n", "\r\n" or "\r") as separators.
    private(set) var lines: [(content: [Unicode.Scalar], breakScalars: Int)]

    init(text: String) {
        self.text = text
        lines = Self.lines(of: text)
    }

    private static func lines(of text: String) -> [(content: [Unicode.Scalar], breakScalars: Int)] {
        var result: [(content: [Unicode.Scalar], breakScalars: Int)] = []
        var current: [Unicode.Scalar] = []
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if s == "\n" {
                result.append((current, 1)); current = []
            } else if s == "\r" {
                if i + 1 < scalars.count && scalars[i + 1] == "\n" { i += 1; result.append((current, 2)) } else { result.append((current, 1)) }
                current = []
            } else {
                current.append(s)
            }
            i += 1
        }
        result.append((current, 0))
        return result
    }

    private static func units(_ s: Unicode.Scalar, _ encoding: PositionEncoding) -> Int {
        switch encoding {
        case .utf8: return String(s).utf8.count
        case .utf16: return s.utf16.count
        case .utf32: return 1
        }
    }

    /// The UTF-8 offset of a position; nil for a line past the end. Past the end of a line: its end; inside
    /// a character: before it.
    func utf8Offset(line: Int, character: Int, encoding: PositionEncoding) -> Int? {
        let all = lines
        guard line < all.count else { return nil }
        var offset = 0
        for l in all[..<line] { offset += l.content.reduce(0) { $0 + String($1).utf8.count } + (l.breakScalars == 2 ? 2 : l.breakScalars) }
        var taken = 0
        for s in all[line].content {
            let u = Self.units(s, encoding)
            if taken + u > character { break }
            taken += u
            offset += String(s).utf8.count
        }
        return offset
    }

    /// The position of a UTF-8 offset that starts a character.
    func position(ofUTF8Offset target: Int, encoding: PositionEncoding) -> TextPosition {
        var offset = 0
        for (index, l) in lines.enumerated() {
            var units = 0
            for s in l.content {
                if offset >= target { return TextPosition(line: index, character: units) }
                units += Self.units(s, encoding)
                offset += String(s).utf8.count
            }
            if offset >= target || l.breakScalars == 0 { return TextPosition(line: index, character: units) }
            offset += l.breakScalars == 2 ? 2 : 1
        }
        return TextPosition(line: 0, character: 0)
    }

    mutating func replace(utf8 range: Range<Int>, with replacement: String) {
        let bytes = Array(text.utf8)
        text = String(decoding: Array(bytes[..<range.lowerBound]) + Array(replacement.utf8) + Array(bytes[range.upperBound...]), as: UTF8.self)
    }
}
