import Foundation

/// A Python function that assigns a built-in's name and also calls the built-in: `str = str(N)`, then
/// `bi = str(sum % 2) + bi` (HumanEval-X C++→Python `solve`, all four candidates). The assignment makes the name
/// local to the whole function, so the call raises `UnboundLocalError` or calls the value; translations from C,
/// C++, Java and JavaScript keep such variable names (`string str`, `int sum`, `let len = arr.length`).
/// `PythonScopeCheck` reports it; this mends it, as a person would: the variable becomes `str_` (PEP 8's
/// trailing underscore) wherever it is not called, and the calls stay the built-in's.
///
/// Only where that is certain, in one function's own lines, on the code without strings and comments: the
/// name is a callable built-in, assigned by a statement of its own (`sum = 0`, `sum += x`, `for str in …`) and
/// called (`str(`); not a parameter, never given a lambda (a local function that is then called), and `str_`
/// is nowhere in the code. A name read as an attribute (`x.str`) or a keyword argument (`f(sum=1)`) is left alone.
enum PythonShadowedBuiltins {
    /// The built-ins that mends apply to: those a translation names a variable after.
    static let builtins: Set<String> = ["abs", "all", "any", "bin", "bool", "chr", "dict", "divmod", "enumerate", "filter",
                                        "float", "format", "hex", "id", "input", "int", "iter", "len", "list", "map", "max",
                                        "min", "next", "oct", "ord", "pow", "range", "reversed", "round", "set", "sorted",
                                        "str", "sum", "tuple", "type", "zip"]

    /// `code` with each such variable renamed; unchanged when there is none.
    static func fixed(_ code: String) -> String {
        guard let file = PythonFunctions(code) else { return code }
        let tokens = ImmutableBindingCheck.tokenize(String(file.masked))
        var edits: [(range: Range<Int>, text: String)] = []
        for function in file.functions {
            let words = names(in: tokens, within: function.bodyLines.map { file.lines[$0] })
            let parameters = function.parameters
            for name in shadowed(words) where !parameters.contains(name) {
                let renamed = name + "_"
                guard !code.contains(renamed) else { continue }
                for word in words where word.name == name && !word.isCalled && !word.isKeywordArgument {
                    edits.append((word.range, renamed))
                }
            }
        }
        return edits.isEmpty ? code : file.applying(edits)
    }

    /// A name in the code (not one read as an attribute, `x.str`): where it is, and how it is used.
    struct Word {
        var name: String
        var range: Range<Int>
        /// Followed by `(`: a call.
        var isCalled: Bool
        /// Followed by `=` inside brackets: a keyword argument's name.
        var isKeywordArgument: Bool
        /// First on its line and followed by an assignment (`=`, `+=`, …), or the variable of a `for` at the start of a line.
        var isAssigned: Bool
        /// Followed by `= lambda`.
        var isGivenALambda: Bool
    }

    /// The names of the tokens on `lines` (ranges of the code's characters).
    private static func names(in tokens: [ImmutableBindingCheck.Token], within lines: [Range<Int>]) -> [Word] {
        let assignments: Set<String> = ["=", "+=", "-=", "*=", "/=", "//=", "%=", "|=", "&="]
        var words: [Word] = []
        var depth = 0
        var line = 0
        for (index, token) in tokens.enumerated() {
            if ["(", "[", "{"].contains(token.text) { depth += 1 }
            if [")", "]", "}"].contains(token.text) { depth -= 1 }
            while line < lines.count && lines[line].upperBound < token.start { line += 1 }
            guard line < lines.count, lines[line].contains(token.start), token.isIdentifier,
                  index == 0 || tokens[index - 1].text != "." else { continue }
            let next = index + 1 < tokens.count ? tokens[index + 1].text : ""
            let isForVariable = index > 0 && tokens[index - 1].text == "for" && tokens[index - 1].newlineBefore
            words.append(Word(name: token.text, range: token.start..<token.end, isCalled: next == "(",
                              isKeywordArgument: depth > 0 && next == "=",
                              isAssigned: (token.newlineBefore && assignments.contains(next)) || isForVariable,
                              isGivenALambda: next == "=" && index + 2 < tokens.count && tokens[index + 2].text == "lambda"))
        }
        return words
    }

    /// The built-ins a function's `words` both assign in a statement of their own and call (never given a lambda).
    private static func shadowed(_ words: [Word]) -> [String] {
        let called = Set(words.filter(\.isCalled).map(\.name)).intersection(builtins)
        let assigned = Set(words.filter(\.isAssigned).map(\.name))
        let lambdas = Set(words.filter(\.isGivenALambda).map(\.name))
        return called.intersection(assigned).subtracting(lambdas).sorted()
    }
}
