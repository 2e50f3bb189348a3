import Languages

/// Where a Go function's parts are among the tokens of its code (`ImmutableBindingCheck.tokenize` on the code with
/// strings and comments masked): what the Go mends (`GoShadowedPackages`, `GoEmptySlices`) read.
enum GoFunctionTokens {
    /// The token ranges of a declared function's parts: its parameter list (inside the brackets), its results (between
    /// the parameters' `)` and the body's `{`: `[]int`, `(int, error)`, empty for none) and its body (the braces included).
    struct Function {
        var parameters: Range<Int>
        var results: Range<Int>
        var body: Range<Int>
    }

    /// The function whose `func` is at `index`: a method's receiver is skipped; nil for a declaration without a body
    /// or a function type. A function literal is one too (`func(x int) []int { … }`), unless its result is a type's name
    /// (`func(i, j int) bool { … }` reads as a method's receiver, and no function is found).
    static func function(at index: Int, in tokens: [ImmutableBindingCheck.Token]) -> Function? {
        var open = index + 1
        guard open < tokens.count else { return nil }
        if tokens[open].text == "(", let close = tokens.closingBracket(of: open), close + 1 < tokens.count, tokens[close + 1].isIdentifier {
            open = close + 1   // a receiver: `func (s *Stack) Push(…)`
        }
        if tokens[open].isIdentifier { open += 1 }
        guard open < tokens.count, tokens[open].text == "(", let close = tokens.closingBracket(of: open) else { return nil }
        // The body's brace: the first `{` after the parameters that does not open an `interface{}` or `struct{…}` result.
        var brace = close + 1
        while brace < tokens.count {
            if tokens[brace].text == "{" {
                guard tokens[brace - 1].text == "interface" || tokens[brace - 1].text == "struct" else { break }
                guard let end = tokens.closingBracket(of: brace) else { return nil }
                brace = end
            } else if tokens[brace].text == "}" || tokens[brace].text == "func" {
                return nil   // a declaration without a body, or a function type
            }
            brace += 1
        }
        guard brace < tokens.count, let end = tokens.closingBracket(of: brace) else { return nil }
        return Function(parameters: (open + 1)..<close, results: (close + 1)..<brace, body: brace..<(end + 1))
    }

    /// The parameters of a list, each name with the token range of its type (`a, b int`: both take `int`).
    static func parameters(in range: Range<Int>, _ tokens: [ImmutableBindingCheck.Token]) -> [(String, Range<Int>)] {
        let commas = tokens.topLevelCommas(in: range)
        let segments = zip([range.lowerBound] + commas.map { $0 + 1 }, commas + [range.upperBound]).map { $0..<$1 }
        var result: [(String, Range<Int>)] = []
        var waiting: [String] = []   // names whose type comes in a later segment
        for segment in segments where !segment.isEmpty {
            let first = tokens[segment.lowerBound]
            if segment.count == 1 {
                if first.isIdentifier { waiting.append(first.text) }
                continue
            }
            guard first.isIdentifier else { waiting = []; continue }   // a type alone: the list has no names
            let type = (segment.lowerBound + 1)..<segment.upperBound
            result += (waiting + [first.text]).map { ($0, type) }
            waiting = []
        }
        return result
    }

    /// The parameter names of the first function declared in `code` (Go), in order; nil when it declares none.
    static func parameterNames(ofFirstFunctionIn code: String, language: CodeLanguage) -> [String]? {
        let tokens = ImmutableBindingCheck.tokenize(ImmutableBindingCheck.maskingNonCode(code, language: language))
        guard let index = tokens.firstIndex(where: { $0.text == "func" }), let function = function(at: index, in: tokens) else { return nil }
        return parameters(in: function.parameters, tokens).map(\.0)
    }

    /// The token indices of `body` that belong to its own function: those inside the bodies of function literals
    /// (`sort.Slice(a, func(i, j int) bool { … })`) left out, so a `return` found is the function's own.
    static func ownIndices(of body: Range<Int>, in tokens: [ImmutableBindingCheck.Token]) -> [Int] {
        var own: [Int] = []
        var index = body.lowerBound
        while index < body.upperBound {
            guard tokens[index].text == "func", let literal = literalBody(after: index, before: body.upperBound, in: tokens) else {
                own.append(index)
                index += 1
                continue
            }
            own.append(contentsOf: index..<literal.lowerBound)   // `func(i, j int) bool` is the function's own expression
            index = literal.upperBound
        }
        return own
    }

    /// The braces of the function literal whose `func` is at `index`: the first `{` at its own bracket level that does
    /// not open an `interface{}` or `struct{…}`, on the line its signature ends on (Go ends a statement at a line break
    /// there: `var f func(int) int` on a line of its own has no body).
    private static func literalBody(after index: Int, before end: Int, in tokens: [ImmutableBindingCheck.Token]) -> Range<Int>? {
        var next = index + 1
        while next < end {
            let text = tokens[next].text
            if tokens[next].newlineBefore { return nil }
            if text == "(" || text == "[" {
                guard let close = tokens.closingBracket(of: next) else { return nil }
                next = close + 1
            } else if text == "{" {
                guard let close = tokens.closingBracket(of: next) else { return nil }
                if tokens[next - 1].text == "interface" || tokens[next - 1].text == "struct" { next = close + 1; continue }
                return next..<min(close + 1, end)
            } else if text == "}" || text == ")" {
                return nil
            } else {
                next += 1
            }
        }
        return nil
    }
}
