import Documents
import XCTest

/// The chunked snapshots against the naive reference: positions both ways under every encoding, and long
/// randomized edit sequences; and what an edit copies (counted, not timed).
final class ChunkedDocumentTests: XCTestCase {
    /// A small deterministic generator (SplitMix64), so a failure can be replayed.
    private struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    }

    private static let pieces = ["a", "bc", "😀", "🇫🇷", "é", "中", "\n", "\r\n", "\r", " ", "x = 1\n", "\t"]

    private func randomText(_ random: inout Random, length: Int) -> String {
        (0..<length).map { _ in Self.pieces[random.below(Self.pieces.count)] }.joined()
    }

    /// Character boundaries and lines of `doc` (every one in a small text, about `samples` spread over a
    /// large one) convert as the reference says.
    private func assertPositionsMatch(_ doc: DocumentSnapshot, _ naive: NaiveDocument, _ context: String, samples: Int = 150) throws {
        XCTAssertEqual(doc.text, naive.text, context)
        let bytes = Array(naive.text.utf8)
        let scalarCount = naive.text.unicodeScalars.count
        let scalarStride = max(1, scalarCount / samples)
        let lineStride = max(1, (doc.lineCount + 1) / samples)
        for encoding in [PositionEncoding.utf16, .utf8, .utf32] {
            var offset = 0
            var previous: Unicode.Scalar = " "
            for (index, scalar) in naive.text.unicodeScalars.enumerated() {
                defer { previous = scalar; offset += String(scalar).utf8.count }
                if index % scalarStride != 0 { continue }
                // Between the two bytes of a "\r\n" is no position of the text.
                if previous == "\r" && scalar == "\n" { continue }
                XCTAssertEqual(doc.position(ofUTF8Offset: offset, encoding: encoding), naive.position(ofUTF8Offset: offset, encoding: encoding), "\(context) offset \(offset) \(encoding)")
            }
            XCTAssertEqual(doc.position(ofUTF8Offset: bytes.count, encoding: encoding), naive.position(ofUTF8Offset: bytes.count, encoding: encoding), context)
            let lineCount = doc.lineCount
            for line in stride(from: 0, through: lineCount, by: lineStride) {
                for character in [0, 1, 2, 3, 5, 8, 1000] {
                    let expected = naive.utf8Offset(line: line, character: character, encoding: encoding)
                    let got = try? doc.utf8Offset(of: TextPosition(line: line, character: character), encoding: encoding)
                    XCTAssertEqual(got, expected, "\(context) line \(line) character \(character) \(encoding)")
                }
            }
        }
    }

    func testUTF16PositionsBothWaysWithEmojiAndFlags() throws {
        let text = "a😀b🇫🇷c\r\n🇫🇷\n\n😀😀\rend"
        let doc = DocumentSnapshot(uri: "u", languageID: "x", version: 1, text: text)
        XCTAssertEqual(doc.position(ofUTF8Offset: 5, encoding: .utf16), TextPosition(line: 0, character: 3), "after a😀")
        XCTAssertEqual(doc.position(ofUTF8Offset: 14, encoding: .utf16), TextPosition(line: 0, character: 8), "after the flag (4 UTF-16 units)")
        XCTAssertEqual(try doc.utf8Offset(of: TextPosition(line: 0, character: 2), encoding: .utf16), 1, "inside the emoji: before it")
        XCTAssertEqual(try doc.utf8Offset(of: TextPosition(line: 1, character: 4), encoding: .utf16), 25, "after the flag on line 1")
        try assertPositionsMatch(doc, NaiveDocument(text: text), "fixed text")
    }

    func testRandomTextsMatchTheReference() throws {
        var random = Random(state: 7)
        for round in 0..<20 {
            let text = randomText(&random, length: random.below(300))
            try assertPositionsMatch(DocumentSnapshot(uri: "u", languageID: "x", version: 1, text: text), NaiveDocument(text: text), "round \(round)")
        }
    }

    /// Thousands of random edits (inserts, deletes, replacements across line breaks and chunk boundaries, on
    /// a text larger than one chunk) leave the same text as the reference, with the same positions.
    func testRandomEditsMatchTheReference() throws {
        var random = Random(state: 2024)
        let start = randomText(&random, length: 12_000)
        var doc = DocumentSnapshot(uri: "u", languageID: "x", version: 0, text: start)
        var naive = NaiveDocument(text: start)
        XCTAssertGreaterThanOrEqual(doc.chunkCount, 2, "the test crosses chunk boundaries")
        for step in 1...2000 {
            let encoding: PositionEncoding = [.utf16, .utf8, .utf32][random.below(3)]
            let lines = doc.lineCount
            func randomPosition() -> TextPosition {
                TextPosition(line: random.below(lines), character: random.below(12))
            }
            var a = randomPosition(), b = randomPosition()
            if (b.line, b.character) < (a.line, a.character) { swap(&a, &b) }
            if random.below(3) == 0 { b = a }
            let insert = random.below(4) == 0 ? "" : randomText(&random, length: random.below(8))
            guard let start = naive.utf8Offset(line: a.line, character: a.character, encoding: encoding),
                  let end = naive.utf8Offset(line: b.line, character: b.character, encoding: encoding), start <= end else { continue }
            doc = try doc.applying([TextChange(range: TextRange(start: a, end: b), text: insert)], version: step, encoding: encoding)
            naive.replace(utf8: start..<end, with: insert)
            if step % 400 == 0 { try assertPositionsMatch(doc, naive, "step \(step)") } else { XCTAssertEqual(doc.utf8Count, naive.text.utf8.count, "step \(step)") }
        }
        XCTAssertEqual(doc.text, naive.text)
    }

    /// A "\r" typed before a "\n" makes one line break with it, wherever the chunks are cut.
    func testACarriageReturnAndALineFeedMeetAcrossAnEdit() throws {
        let text = String(repeating: "abcdefg\n", count: 2500)
        var doc = DocumentSnapshot(uri: "u", languageID: "x", version: 0, text: text)
        var naive = NaiveDocument(text: text)
        for line in stride(from: 100, to: 2400, by: 97) {
            // Before the "\n" (character 8 is past the end of the line: its end).
            doc = try doc.applying([TextChange(range: TextRange(start: TextPosition(line: line, character: 7), end: TextPosition(line: line, character: 8)), text: "\r")], version: 1, encoding: .utf16)
            let offset = try XCTUnwrap(naive.utf8Offset(line: line, character: 7, encoding: .utf16))
            naive.replace(utf8: offset..<offset, with: "\r")
        }
        XCTAssertEqual(doc.text, naive.text)
        XCTAssertEqual(doc.lineCount, 2501)
        XCTAssertGreaterThanOrEqual(doc.chunkCount, 2)
        try assertPositionsMatch(doc, naive, "CR before LF", samples: 60)
    }

    /// Issue 20 (7): an edit in a 10 MB document copies only the chunks it touches; every other chunk is
    /// shared with the previous version (counted, not timed).
    func testAnEditSharesTheUntouchedChunks() throws {
        let line = "let value = compute(42) // 😀 filler\n"
        let doc = DocumentSnapshot(uri: "u", languageID: "x", version: 1, text: String(repeating: line, count: 10_000_000 / line.utf8.count))
        let edited = try doc.applying([TextChange(range: TextRange(start: TextPosition(line: 120_000, character: 4), end: TextPosition(line: 120_001, character: 2)), text: "X\nY")],
                                      version: 2, encoding: .utf16)
        XCTAssertGreaterThan(doc.chunkCount, 500)
        XCTAssertGreaterThanOrEqual(edited.sharedChunkCount(with: doc), doc.chunkCount - 3, "all but the touched chunks are shared")
        XCTAssertEqual(edited.lineCount, doc.lineCount)
        XCTAssertEqual(try edited.utf8Offset(of: TextPosition(line: 120_000, character: 5), encoding: .utf16), 120_000 * line.utf8.count + 5)
    }
}
