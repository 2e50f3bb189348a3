/// Indentation measured in columns: a space is one, a tab advances to the next multiple of 8 (as Python's
/// tokenizer counts), a carriage return is skipped.
public enum IndentationColumns {
    /// The column of `line`'s first character that is not a space, tab or carriage return, and that character
    /// (nil when the line has none).
    public static func leading<S: StringProtocol>(_ line: S) -> (column: Int, first: Character?) {
        var column = 0
        for c in line {
            switch c {
            case " ": column += 1
            case "\t": column = (column / 8 + 1) * 8
            case "\r": continue
            default: return (column, c)
            }
        }
        return (column, nil)
    }
}
