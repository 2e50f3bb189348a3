/// The file's indentation style, so a suggestion is indented the way the code around it is.
///
/// Models trained on mixed code sometimes indent with tabs in a file indented with spaces (or the other
/// way round); Python rejects such a mix and every editor shows it crooked. The style is read from the
/// prefix: when its indented lines use only spaces (or only tabs), the candidate's leading indentation
/// is rewritten to match. A file that mixes both, or has no indented lines, is left alone.
public enum IndentationStyle: Equatable, Sendable {
    /// Indented with spaces, `width` per level (the smallest non-zero indentation seen, 4 if unsure).
    case spaces(width: Int)
    /// Indented with tabs.
    case tabs

    /// The style of `code`, or nil when it has no indented lines or mixes tabs and spaces.
    public static func detect(in code: String) -> IndentationStyle? {
        var sawSpaces = false, sawTabs = false
        var smallest = Int.max
        for line in code.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let first = line.first, first == " " || first == "\t" else { continue }
            let leading = line.prefix { $0 == " " || $0 == "\t" }
            guard leading.count < line.count else { continue }       // whitespace-only lines say nothing
            if leading.contains("\t") { sawTabs = true }
            if leading.contains(" ") {
                sawSpaces = true
                if !leading.contains("\t") { smallest = min(smallest, leading.count) }
            }
        }
        switch (sawSpaces, sawTabs) {
        case (true, false): return .spaces(width: smallest >= 2 && smallest <= 8 ? smallest : 4)
        case (false, true): return .tabs
        default: return nil
        }
    }

    /// `text` with the leading indentation of each line rewritten to this style. The first line is only
    /// rewritten when `firstLineStartsLine` is true (the cursor is at the start of a line or in its
    /// indentation); otherwise it continues text already on the cursor's line.
    public func apply(to text: String, firstLineStartsLine: Bool) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for i in lines.indices where i > 0 || firstLineStartsLine {
            lines[i] = rewrite(lines[i])
        }
        return lines.joined(separator: "\n")
    }

    private func rewrite(_ line: String) -> String {
        let leading = line.prefix { $0 == " " || $0 == "\t" }
        guard !leading.isEmpty else { return line }
        let rest = line.dropFirst(leading.count)
        switch self {
        case .spaces(let width):
            guard leading.contains("\t") else { return line }
            let columns = leading.reduce(0) { $0 + ($1 == "\t" ? width : 1) }
            return String(repeating: " ", count: columns) + rest
        case .tabs:
            guard leading.contains(" ") else { return line }
            // Spaces count as tab stops of 4 (a common editor default); leftovers stay as spaces.
            let columns = leading.reduce(0) { $0 + ($1 == "\t" ? 4 : 1) }
            return String(repeating: "\t", count: columns / 4) + String(repeating: " ", count: columns % 4) + rest
        }
    }
}
