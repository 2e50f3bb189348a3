/// Keeps Python suggestions from leaving code that cannot be what the user is writing. Two rules, checked
/// inside the token loop so the decoder picks another token instead of ending on a bad one:
///
/// 1. **A body is owed.** When the cursor sits where a block's body must start (right after `if x:`, or after
///    a function's header and docstring) and the code after the cursor does not supply that body, the
///    suggestion must put a statement inside the block: it may not start at or left of the header's
///    indentation (e.g. `if __name__ == "__main__":` right under an unfinished `def`), and it may not end
///    with nothing but comments or blank lines.
/// 2. **No header without a body.** A suggestion that is meant to be whole (several lines, or whole lines
///    inserted above existing code) may not end on a line that opens a block (`if n < 0:`) when the next
///    code after it is not indented deeper: Python would stop with "expected an indented block". A
///    single-line suggestion at the end of the line being typed may: the user writes the body next.
///
/// Both are syntax, not taste. The decoder treats a rejection as "try the next most likely token", a bounded
/// number of times, so a model with no better idea still answers.
public struct PythonBlockGuard: BlockRules, Equatable {
    /// Columns of a header in the prefix whose body the suggestion must start (rule 1), nil when none is owed.
    public let owedBodyAfterColumn: Int?
    /// Columns of the first code line after the cursor's line, nil when the suffix has none (end of file).
    public let suffixCodeColumn: Int?
    /// The cursor's line up to the cursor: the suggestion's first line continues it.
    public let lineBeforeCursor: String
    /// Columns of the body of the innermost function or class around the cursor, nil at module level. A
    /// multi-line suggestion whose block is only guessed may close inner blocks down to this level (finish
    /// the function) but not leave it; see `StopRules`.
    public let enclosingBodyColumn: Int?
    /// Whether the suggestion's last line is a line of its own: the rest of the cursor's line is blank, or
    /// the cursor is in the indentation of a line with code, where the suggestion is inserted as whole lines
    /// above it (as `LineEnding` does). Rule 1 applies only then.
    public let suggestionEndsItsLine: Bool
    /// Whether rule 2 applies: the suggestion is several lines, or whole lines inserted above existing code,
    /// so nothing the user types comes between it and the code after it.
    public let headersNeedTheirBody: Bool

    /// Analyses the text around the cursor; nil when the prefix ends inside a string or an open bracket,
    /// where neither rule can be judged line by line.
    /// - Parameter singleLine: the suggestion is one line (the stop rules' `singleLine`).
    public init?(prefix: String, suffix: String, singleLine: Bool) {
        let prefixLines = PythonLogicalLines(prefix)
        guard prefixLines.endsClean else { return nil }
        let cursorLine = prefix.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        lineBeforeCursor = cursorLine
        let suffixLines = suffix.split(separator: "\n", omittingEmptySubsequences: false)
        let restOfLine = suffixLines.first ?? ""
        let insertsWholeLines = cursorLine.allSatisfy { $0 == " " || $0 == "\t" } && !restOfLine.allSatisfy(\.isWhitespace)
        suggestionEndsItsLine = insertsWholeLines || restOfLine.allSatisfy(\.isWhitespace)
        headersNeedTheirBody = insertsWholeLines || !singleLine
        // Inserted as whole lines, the rest of the cursor's line becomes the line after the suggestion.
        suffixCodeColumn = Self.firstCodeColumn(insertsWholeLines ? suffixLines[...] : suffixLines.dropFirst())

        var owed: Int?
        if cursorLine.allSatisfy(\.isWhitespace), suggestionEndsItsLine, let last = prefixLines.lines.last {
            if last.isBlockHeader {
                owed = last.indentation
            } else if last.isBareString, prefixLines.lines.count >= 2 {
                let header = prefixLines.lines[prefixLines.lines.count - 2]
                if header.isDefinitionHeader && last.indentation > header.indentation { owed = header.indentation }
            }
        }
        // The suffix already starts the body: the suggestion is an extra line inside it, nothing is owed.
        if let column = owed, let next = suffixCodeColumn, next > column { owed = nil }
        owedBodyAfterColumn = owed
        enclosingBodyColumn = Self.enclosingBodyColumn(prefixLines.lines)
    }

    /// The lowest level a multi-line suggestion with a guessed block may reach: it may close inner blocks
    /// down to the suffix's next line and, when the suffix leaves the function (or the file ends), down to
    /// the function's body, to finish it; never out of the function.
    /// - Parameter firstLineColumn: indentation of the suggestion's first code line.
    public func blockFloor(firstLineColumn: Int) -> Int {
        max(enclosingBodyColumn ?? 0, min(firstLineColumn, suffixCodeColumn ?? 0))
    }

    /// The body column of the innermost `def` or `class` whose body holds the last logical line.
    static func enclosingBodyColumn(_ lines: [PythonLogicalLine]) -> Int? {
        guard var level = lines.last?.indentation else { return nil }
        var index = lines.count - 1
        while index > 0 && level > 0 {
            index -= 1
            let line = lines[index]
            guard line.indentation < level else { continue }
            if line.isDefinitionHeader {
                let body = lines[index + 1].indentation
                return body > line.indentation ? body : nil
            }
            level = line.indentation
        }
        return nil
    }

    /// Whether `text`, generated so far, has already started its first statement at or left of a header
    /// whose body is owed (rule 1). Judged as soon as the first code character appears.
    public func rejectsStart(_ text: String) -> Bool {
        guard let owed = owedBodyAfterColumn else { return false }
        for line in (lineBeforeCursor + text).split(separator: "\n", omittingEmptySubsequences: false) {
            let (column, first) = IndentationColumns.leading(line)
            if let first { return first != "#" && column <= owed }
        }
        return false
    }

    /// Whether a suggestion ending with exactly `text` breaks rule 1 or rule 2.
    public func rejectsEnding(_ text: String) -> Bool {
        let completion = PythonLogicalLines(lineBeforeCursor + text)
        if let owed = owedBodyAfterColumn, !completion.lines.contains(where: { $0.indentation > owed }) {
            return true
        }
        if headersNeedTheirBody, completion.endsClean, let last = completion.lines.last, last.isBlockHeader {
            guard let next = suffixCodeColumn, next > last.indentation else { return true }
        }
        return false
    }

    /// Indentation of the first line that has code (not blank, not only a comment).
    static func firstCodeColumn<S: Sequence>(_ lines: S) -> Int? where S.Element == Substring {
        for line in lines {
            let (column, first) = IndentationColumns.leading(line)
            if let first, first != "#" { return column }
        }
        return nil
    }
}
