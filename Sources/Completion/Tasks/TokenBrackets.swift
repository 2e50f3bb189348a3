/// Matching brackets in the tokens of a brace language (`ImmutableBindingCheck.tokenize`), for the mends that
/// rewrite an operand or a call: `(`, `[` and `{` nest together.
extension Array where Element == ImmutableBindingCheck.Token {
    private static var openingBrackets: Set<String> { ["(", "[", "{"] }
    private static var closingBrackets: Set<String> { [")", "]", "}"] }

    /// The index of the bracket that closes the one opened at `open`; nil when it stays open.
    func closingBracket(of open: Int) -> Int? {
        var depth = 0
        for index in open..<count {
            if Self.openingBrackets.contains(self[index].text) { depth += 1 }
            if Self.closingBrackets.contains(self[index].text) {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }

    /// The index of the bracket that opens the one closed at `close`; nil when nothing opens it.
    func openingBracket(of close: Int) -> Int? {
        var depth = 0
        for index in stride(from: close, through: 0, by: -1) {
            if Self.closingBrackets.contains(self[index].text) { depth += 1 }
            if Self.openingBrackets.contains(self[index].text) {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }

    /// Whether `text` is a bracket that opens (1), closes (−1) or neither (0): the change of nesting it makes.
    static func nesting(_ text: String) -> Int {
        openingBrackets.contains(text) ? 1 : closingBrackets.contains(text) ? -1 : 0
    }
}
