import Languages

/// An operand that can be read twice at no cost, in the tokens of a brace language
/// (`ImmutableBindingCheck.tokenize`): a name, then any `.name` and `[…]` of names and numbers (`a`, `a.name`,
/// `pair[0]`); nothing called, no literal. The JavaScript mends that write an operand twice use it.
enum SimpleOperand {
    /// A name, then any `.name` and `[…]` of names and numbers, starting at `start`: its token range.
    static func starting(at start: Int, _ tokens: [ImmutableBindingCheck.Token]) -> Range<Int>? {
        guard tokens[start].isIdentifier else { return nil }
        var end = start + 1
        while end < tokens.count {
            if tokens[end].text == ".", end + 1 < tokens.count, tokens[end + 1].isIdentifier {
                end += 2
            } else if tokens[end].text == "[", let close = indexClose(from: end, tokens) {
                end = close + 1
            } else {
                break
            }
        }
        return start..<end
    }

    /// The same, read backwards from `last`; nil when it is not one (a call's result, a literal).
    static func ending(at last: Int, _ tokens: [ImmutableBindingCheck.Token]) -> Range<Int>? {
        var first = last
        while true {
            if tokens[first].text == "]" {
                guard let open = (0..<first).last(where: { tokens[$0].text == "[" }),
                      isPlainIndex(open + 1..<first, tokens), open > 0 else { return nil }
                first = open - 1
            } else if tokens[first].isIdentifier {
                if first >= 2, tokens[first - 1].text == ".", tokens[first - 2].isIdentifier || tokens[first - 2].text == "]" {
                    first -= 2
                } else {
                    break
                }
            } else {
                return nil
            }
        }
        if first > 0, [".", "?."].contains(tokens[first - 1].text) { return nil }
        return first..<(last + 1)
    }

    /// The `]` closing the `[` at `open` when everything between is names, numbers and dots.
    private static func indexClose(from open: Int, _ tokens: [ImmutableBindingCheck.Token]) -> Int? {
        guard let close = ((open + 1)..<tokens.count).first(where: { tokens[$0].text == "]" }),
              isPlainIndex(open + 1..<close, tokens) else { return nil }
        return close
    }

    private static func isPlainIndex(_ range: Range<Int>, _ tokens: [ImmutableBindingCheck.Token]) -> Bool {
        !range.isEmpty && range.allSatisfy { tokens[$0].isIdentifier || tokens[$0].text.first?.isNumber == true || tokens[$0].text == "." }
    }
}
