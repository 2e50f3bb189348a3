/// What the mends that rewrite an operand, a call or a comparison read in the tokens of a brace language
/// (`ImmutableBindingCheck.tokenize`): matching brackets (`(`, `[` and `{` nest together), the commas of a list, the
/// text a run of tokens spans, and whether an expression stands alone between its neighbours.
extension Array where Element == ImmutableBindingCheck.Token {
    /// Whether `text` is a bracket that opens (1), closes (−1) or neither (0): the change of nesting it makes.
    static func nesting(_ text: String) -> Int {
        openingBrackets.contains(text) ? 1 : closingBrackets.contains(text) ? -1 : 0
    }

    /// The indices of the commas in `range` at its own bracket level (an argument or parameter list's separators).
    func topLevelCommas(in range: Range<Int>) -> [Int] {
        var depth = 0
        var commas: [Int] = []
        for index in range {
            depth += Self.nesting(self[index].text)
            if depth == 0 && self[index].text == "," { commas.append(index) }
        }
        return commas
    }

    /// The indices in `range` of the identifier `name` where it is not a member of something else (`x.name`).
    func uses(of name: String, in range: Range<Int>) -> [Int] {
        range.filter { self[$0].isIdentifier && self[$0].text == name && ($0 == 0 || self[$0 - 1].text != ".") }
    }

    /// The text of `code` (as `characters`) from the first token of `range` to the end of its last.
    func text(of range: Range<Int>, in characters: [Character]) -> String {
        String(characters[self[range.lowerBound].start..<self[range.upperBound - 1].end])
    }

    /// What may stand next to a comparison without taking part of it (`a + c === …` compares `a + c`).
    private static var looseNeighbours: Set<String> { ["(", "[", "{", ",", ";", "=", "return", "&&", "||", "??", "?", ":", "=>", ")", "]", "}"] }

    /// Whether the expression whose tokens are `range` is a whole operand of what surrounds it: what comes before and
    /// after binds more loosely than `===` (a bracket, `,`, `;`, `=`, `return`, `&&`, `||`, `?`, `:`, `=>`, a new line;
    /// after it not `(` or `[`, which would call or index it).
    func standsAlone(_ range: Range<Int>) -> Bool {
        let (first, end) = (range.lowerBound, range.upperBound)
        let beforeIsLoose = first == 0 || Self.looseNeighbours.contains(self[first - 1].text) || self[first].newlineBefore
        let afterIsLoose = end >= count || (Self.looseNeighbours.contains(self[end].text) && self[end].text != "(" && self[end].text != "[")
            || self[end].newlineBefore
        return beforeIsLoose && afterIsLoose
    }
}

/// A token of which bracket matching reads only the text: `ImmutableBindingCheck`'s (brace languages) and
/// `PythonCharacterCodes`'s (the Python mends').
protocol BracketMatchedToken {
    var text: String { get }
}

extension ImmutableBindingCheck.Token: BracketMatchedToken {}
extension PythonCharacterCodes.Token: BracketMatchedToken {}

/// Matching brackets in any token list: `(`, `[` and `{` nest together.
extension Array where Element: BracketMatchedToken {
    fileprivate static var openingBrackets: Set<String> { ["(", "[", "{"] }
    fileprivate static var closingBrackets: Set<String> { [")", "]", "}"] }

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
}
