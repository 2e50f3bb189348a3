/// What the text around the cursor says about the completion wanted: one line or several, and the
/// indentation the cursor's block has.
public struct CursorContext: Sendable, Equatable {
    /// The cursor's line up to the cursor.
    public var lineBeforeCursor: String
    /// The cursor's line after the cursor (without the line break).
    public var lineAfterCursor: String
    /// Leading whitespace of the cursor's block: of the cursor line when it has text, else of the line the
    /// completion will start (the previous non-blank line's, one level deeper when that line opens a block).
    public var blockIndentation: String
    /// Whether the completion may span several lines.
    public var isMultiline: Bool
    /// Whether `blockIndentation` is only a guess: the cursor is at the start of an empty line after a line
    /// that does not open a block, so the completion may as well close that block and go on at a lower
    /// level (`return result` after a loop). The completion's first line then says which block it writes.
    public var blockIsGuessed: Bool

    /// Texts that, ending a line, open a block whose body the user is about to write.
    static let blockOpeners = [":", "{", "(", "[", "=>", "->", " do", " then", "\\"]

    /// Analyses the cursor between `prefix` and `suffix`.
    /// - Parameter invoked: the user asked explicitly, so a multi-line answer is allowed anywhere.
    public init(prefix: String, suffix: String, invoked: Bool) {
        let before = prefix.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let after = suffix.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        lineBeforeCursor = before
        lineAfterCursor = after.hasSuffix("\r") ? String(after.dropLast()) : after
        let beforeTrimmed = before.trimmingTrailingWhitespace
        let previousLine = Self.previousNonBlankLine(prefix)
        let opensBlock = { (line: String) in Self.blockOpeners.contains { line.trimmingTrailingWhitespace.hasSuffix($0) } }

        blockIsGuessed = before.isEmpty && !(previousLine.map(opensBlock) ?? false)
        if !beforeTrimmed.allSatisfy(\.isWhitespace) {
            blockIndentation = String(before.prefix { $0 == " " || $0 == "\t" })
        } else if let previousLine, opensBlock(previousLine) {
            let base = String(previousLine.prefix { $0 == " " || $0 == "\t" })
            blockIndentation = before.count > base.count ? before : base + (base.hasPrefix("\t") ? "\t" : "    ")
        } else {
            blockIndentation = before.isEmpty ? String(previousLine?.prefix { $0 == " " || $0 == "\t" } ?? "") : before
        }

        let restOfLineIsBlank = lineAfterCursor.allSatisfy(\.isWhitespace)
        if invoked {
            isMultiline = restOfLineIsBlank
        } else if !restOfLineIsBlank {
            isMultiline = false
        } else if !beforeTrimmed.allSatisfy(\.isWhitespace) {
            isMultiline = opensBlock(beforeTrimmed)
        } else {
            isMultiline = previousLine.map(opensBlock) ?? false
        }
    }

    /// The last line of `prefix` before the cursor's line that has non-whitespace text.
    private static func previousNonBlankLine(_ prefix: String) -> String? {
        var lines = prefix.split(separator: "\n", omittingEmptySubsequences: false)
        guard !lines.isEmpty else { return nil }
        lines.removeLast()
        return lines.last { !$0.allSatisfy(\.isWhitespace) }.map(String.init)
    }
}

extension String {
    /// The string without trailing spaces, tabs and line breaks.
    var trimmingTrailingWhitespace: String {
        var s = Substring(self)
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return String(s)
    }
}
