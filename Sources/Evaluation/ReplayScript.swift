/// What a typing replay types: a file with a stretch of whole lines taken out, and the keystrokes that
/// type that stretch back (`infill bench --replay`).
///
/// The stretch is removed as whole lines, and the replay starts on an empty line where it was, as a
/// programmer who is about to write those lines would: the code before and after stays, the cursor is at
/// the start of the empty line. Typing the stretch's text (without its last line break, which the empty
/// line already provides) gives back the original file.
public struct ReplayScript: Sendable, Equatable {
    /// The file's text before the stretch (ends with a line break, or is empty).
    public var before: String
    /// The text to type back (the removed lines without the last line break).
    public var stretch: String
    /// The file's text after the stretch.
    public var after: String

    /// A script that types `stretch` back between `before` and `after`.
    public init(before: String, stretch: String, after: String) {
        self.before = before
        self.stretch = stretch
        self.after = after
    }

    /// The document the replay opens: `before`, an empty line, `after`.
    public var openingText: String { before + "\n" + after }

    /// The original file, which the document is again once the whole stretch has been typed.
    public var finalText: String { before + stretch + "\n" + after }

    /// The script for `text`, removing the lines from `start` to `end` (fractions of the line count,
    /// 0 ≤ start < end ≤ 1; by default the middle third). Nil when that stretch holds no code (no lines,
    /// or only blank ones) or `text` does not end its last line with a line break and the stretch reaches it.
    public static func make(text: String, start: Double = 1.0 / 3, end: Double = 2.0 / 3) -> ReplayScript? {
        guard start >= 0, end <= 1, start < end else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // A final line break leaves an empty last element: not a line of its own.
        let endsWithBreak = lines.last == ""
        if endsWithBreak { lines.removeLast() }
        let count = lines.count
        let first = Int((Double(count) * start).rounded())
        let last = Int((Double(count) * end).rounded())          // exclusive
        guard first < last, last <= count, last < count || endsWithBreak else { return nil }
        let removed = lines[first..<last]
        guard removed.contains(where: { $0.contains { !$0.isWhitespace } }) else { return nil }
        let before = lines[..<first].map { $0 + "\n" }.joined()
        let stretch = removed.joined(separator: "\n")
        let after = last == count ? "" : lines[last...].joined(separator: "\n") + (endsWithBreak ? "\n" : "")
        return ReplayScript(before: before, stretch: stretch, after: after)
    }

    /// Whether a typist pauses after typing `inserted` (a keystroke, or a suggestion taken) when the
    /// character before it was `previous`: at the end of a word (an identifier character followed by one
    /// that is not) and at a new line. People read and think there; it is also where a suggestion can help.
    public static func pausesAfter(_ inserted: String, previous: Character?) -> Bool {
        guard let last = inserted.last else { return false }
        if inserted.contains("\n") { return true }
        let before = inserted.count > 1 ? inserted.dropLast().last : previous
        return !isWordCharacter(last) && before.map(isWordCharacter) == true
    }

    /// Letters, digits and the underscore: what identifiers and keywords are made of.
    static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    /// The next keystroke when `typed` characters of the stretch are in the document: one character, except
    /// that a line break and the next line's indentation are one keystroke (the editor indents the new
    /// line), and so is the indentation at the very start of the stretch. Nil when everything is typed.
    public func keystroke(after typed: Int) -> String? {
        let characters = Array(stretch)
        guard typed < characters.count else { return nil }
        var end = typed
        if characters[end] == "\n" { end += 1 }
        let atLineStart = end > typed || typed == 0
        if atLineStart {
            while end < characters.count, characters[end] == " " || characters[end] == "\t" { end += 1 }
        }
        if end == typed { end += 1 }
        return String(characters[typed..<end])
    }

    /// The part of the stretch still to type after `typed` characters.
    public func upcoming(after typed: Int) -> Substring {
        let start = stretch.index(stretch.startIndex, offsetBy: min(typed, stretch.count))
        return stretch[start...]
    }
}

/// Which part of a suggestion the simulated user takes: they accept it when its first line is exactly what
/// they were about to type, and then take as many whole lines of it as match (all of it when everything
/// matches, as Tab does; otherwise its matching lines, as an editor's accept-line does). A suggestion whose
/// matching part is only white space is not worth a keystroke and is not taken.
public enum ReplayAcceptance {
    /// The text taken from `suggestion` when `upcoming` is what the user is about to type; nil when not taken.
    public static func accepted(suggestion: String, upcoming: Substring) -> String? {
        guard !suggestion.isEmpty else { return nil }
        if upcoming.hasPrefix(suggestion), suggestion.contains(where: { !$0.isWhitespace }) { return suggestion }
        // Whole lines, longest first: the first k lines without the line break after the k-th.
        var breaks = suggestion.indices.filter { suggestion[$0] == "\n" }
        while let end = breaks.popLast() {
            let lines = suggestion[..<end]
            if upcoming.hasPrefix(lines) && lines.contains(where: { !$0.isWhitespace }) { return String(lines) }
        }
        return nil
    }
}
