/// Whether a suggestion must end with a line break.
///
/// When the cursor is at the start of a line that already has text after it (the user opened a line above
/// existing code, or an eval task's hole is whole lines), the inserted text is whole lines and must end
/// with "\n" so the existing line stays on its own line. Anywhere else a trailing line break would add an
/// empty line, so the stop rules and post-processing leave it off.
struct LineEnding {
    /// True when the inserted text is whole lines placed before existing text.
    let insertsWholeLines: Bool

    init(cursor: CursorContext) {
        insertsWholeLines = cursor.lineBeforeCursor.allSatisfy { $0 == " " || $0 == "\t" }
            && !cursor.lineAfterCursor.allSatisfy(\.isWhitespace)
    }

    /// `text` with the line ending the cursor's position needs.
    func apply(to text: String) -> String {
        guard insertsWholeLines, !text.isEmpty, !text.hasSuffix("\n") else { return text }
        return text + "\n"
    }
}
