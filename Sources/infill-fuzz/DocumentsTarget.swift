import Documents

extension FuzzTarget {
    /// Open documents under incremental edits with positions in UTF-8, UTF-16 or UTF-32 code units, on text
    /// full of multi-unit characters and every kind of line break.
    ///
    /// Checks, after every edit: the chunked snapshot's text and line count equal a plain reference's (a
    /// `String` and a walk from its start, written here independently); an edit followed by its inverse
    /// restores the text; positions and UTF-8 offsets round-trip; a refused edit leaves the text as it was.
    static let documents = FuzzTarget(
        name: "documents",
        summary: "incremental edits in UTF-8/16/32 positions vs a plain reference; edit then inverse restores; positions round-trip"
    ) { data in
        var input = ByteCursor(data)
        let encoding = [PositionEncoding.utf8, .utf16, .utf32][input.number(below: 3)]
        let openingLength = input.number(below: 64) * (input.byte() > 250 ? 300 : 1)     // sometimes past one 16 KiB chunk
        var reference = ReferenceText(text(from: &input, length: openingLength))
        var snapshot = DocumentSnapshot(uri: "file:///fuzz", languageID: "python", version: 0, text: reference.text)
        var version = 0
        while !input.isAtEnd {
            version += 1
            let lines = reference.lineCount
            let start = TextPosition(line: input.number(below: lines + 2), character: input.number(below: 24))
            let end = input.byte() & 1 == 0 ? start
                : TextPosition(line: start.line + input.number(below: 3), character: input.number(below: 24))
            let insertedLength = input.number(below: 8)
            let inserted = text(from: &input, length: insertedLength)
            let change = input.byte() == 255 ? TextChange(range: nil, text: inserted)
                : TextChange(range: TextRange(start: start, end: end), text: inserted)

            let before = snapshot
            let expected = reference.applying(change, encoding: encoding)
            do {
                snapshot = try snapshot.applying([change], version: version, encoding: encoding)
            } catch {
                require(expected == nil, "an edit the reference accepts was refused: \(error)")
                require(before.text == reference.text, "a refused edit changed the text")
                continue
            }
            guard let applied = expected else {
                return require(false, "an edit the reference refuses was applied (\(change))")
            }
            let replaced = applied.1
            reference = applied.0
            require(snapshot.text == reference.text, "text differs from the reference after \(change)")
            require(snapshot.lineCount == reference.lineCount, "line count \(snapshot.lineCount), reference \(reference.lineCount)")
            checkPositions(snapshot, reference, encoding: encoding, probes: &input)
            if let replaced { checkInverse(before: before, after: snapshot, replaced: replaced, encoding: encoding, version: version) }
        }
    }

    /// Positions of character boundaries go to offsets and back unchanged.
    private static func checkPositions(_ snapshot: DocumentSnapshot, _ reference: ReferenceText, encoding: PositionEncoding, probes: inout ByteCursor) {
        let boundaries = reference.boundaries
        for _ in 0..<3 {
            let offset = boundaries[probes.number(below: boundaries.count)]
            let position = snapshot.position(ofUTF8Offset: offset, encoding: encoding)
            require(position == reference.position(ofUTF8Offset: offset, encoding: encoding), "position of offset \(offset) differs from the reference")
            let back = try? snapshot.utf8Offset(of: position, encoding: encoding)
            require(back == offset, "offset \(offset) → \(position) → \(back.map(String.init) ?? "error")")
        }
    }

    /// Undoing an edit (its range now holds the inserted text; put back what it replaced) gives the text
    /// before it, when both ends of the inserted text can be named by positions (not inside a "\r\n").
    private static func checkInverse(before: DocumentSnapshot, after: DocumentSnapshot, replaced: ReferenceText.Replacement,
                                     encoding: PositionEncoding, version: Int) {
        let afterText = Array(after.text.utf8)
        for offset in [replaced.start, replaced.start + replaced.insertedCount] where offset > 0 && offset < afterText.count {
            if afterText[offset - 1] == 13 && afterText[offset] == 10 { return }
        }
        let range = TextRange(start: after.position(ofUTF8Offset: replaced.start, encoding: encoding),
                              end: after.position(ofUTF8Offset: replaced.start + replaced.insertedCount, encoding: encoding))
        do {
            let undone = try after.applying([TextChange(range: range, text: replaced.removed)], version: version, encoding: encoding)
            require(undone.text == before.text, "an edit and its inverse did not restore the text")
        } catch {
            require(false, "the inverse of an applied edit was refused: \(error)")
        }
    }

    /// Text from the input: each byte picks a piece, chosen to stress positions (ASCII, two-, three- and
    /// four-byte characters, a flag of two four-byte scalars, a combining mark, every line break).
    private static func text(from input: inout ByteCursor, length: Int) -> String {
        let pieces = ["a", "b", " ", "\t", "\n", "\r", "\r\n", "é", "€", "😀", "🇫🇷", "e\u{301}", "ß", "𝄞", "x", "\u{FEFF}"]
        var result = ""
        for _ in 0..<length { result += pieces[Int(input.byte()) % pieces.count] }
        return result
    }
}

/// The reference document for the fuzzer: the text as one `String`, every position found by walking the
/// lines from the start. Written from the LSP specification, independently of `DocumentSnapshot`.
struct ReferenceText {
    let text: String
    /// Each line: its UTF-8 start and the UTF-8 end of its content (before the line break).
    let lines: [(start: Int, contentEnd: Int)]
    private let scalars: [(offset: Int, scalar: Unicode.Scalar)]

    init(_ text: String) {
        self.text = text
        var scalars: [(offset: Int, scalar: Unicode.Scalar)] = []
        var offset = 0
        for s in text.unicodeScalars {
            scalars.append((offset, s))
            offset += String(s).utf8.count
        }
        self.scalars = scalars
        var lines: [(start: Int, contentEnd: Int)] = []
        var lineStart = 0
        var i = 0
        while i < scalars.count {
            let (at, s) = scalars[i]
            if s == "\n" || s == "\r" {
                var next = at + 1
                if s == "\r", i + 1 < scalars.count, scalars[i + 1].1 == "\n" { next += 1; i += 1 }
                lines.append((lineStart, at))
                lineStart = next
            }
            i += 1
        }
        lines.append((lineStart, offset))
        self.lines = lines
    }

    var lineCount: Int { lines.count }

    /// UTF-8 offsets where a scalar starts, and the end; not the middle of a "\r\n" (no position names it).
    var boundaries: [Int] {
        var result: [Int] = []
        for (i, (offset, s)) in scalars.enumerated() where !(s == "\n" && i > 0 && scalars[i - 1].scalar == "\r") {
            result.append(offset)
        }
        return result + [text.utf8.count]
    }

    private static func units(_ s: Unicode.Scalar, _ encoding: PositionEncoding) -> Int {
        switch encoding {
        case .utf8: return String(s).utf8.count
        case .utf16: return s.utf16.count
        case .utf32: return 1
        }
    }

    /// The UTF-8 offset of a position: past the line's end means its end, inside a character means before
    /// it; nil for a line past the last.
    func utf8Offset(of position: TextPosition, encoding: PositionEncoding) -> Int? {
        guard position.line >= 0, position.character >= 0, position.line < lines.count else { return nil }
        let line = lines[position.line]
        var offset = line.start
        var taken = 0
        for (at, s) in scalars where at >= line.start && at < line.contentEnd {
            let u = Self.units(s, encoding)
            if taken + u > position.character { break }
            taken += u
            offset = at + String(s).utf8.count
        }
        return offset
    }

    /// The position of a UTF-8 offset at a scalar boundary.
    func position(ofUTF8Offset offset: Int, encoding: PositionEncoding) -> TextPosition {
        let line = lines.lastIndex { $0.start <= offset } ?? 0
        var character = 0
        for (at, s) in scalars where at >= lines[line].start && at < offset { character += Self.units(s, encoding) }
        return TextPosition(line: line, character: character)
    }

    /// What an applied edit did, for its inverse: the UTF-8 start, the bytes inserted there, the text removed.
    struct Replacement {
        var start: Int
        var insertedCount: Int
        var removed: String
    }

    /// The text after `change`, and what it replaced (nil for a whole-text change); nil when the change's
    /// range does not fit the text (a line past the last, or an end before the start).
    func applying(_ change: TextChange, encoding: PositionEncoding) -> (ReferenceText, Replacement?)? {
        guard let range = change.range else { return (ReferenceText(change.text), nil) }
        guard let start = utf8Offset(of: range.start, encoding: encoding), let end = utf8Offset(of: range.end, encoding: encoding),
              start <= end else { return nil }
        let bytes = Array(text.utf8)
        let removed = String(decoding: bytes[start..<end], as: UTF8.self)
        let updated = String(decoding: bytes[..<start] + Array(change.text.utf8) + bytes[end...], as: UTF8.self)
        return (ReferenceText(updated), Replacement(start: start, insertedCount: change.text.utf8.count, removed: removed))
    }
}
