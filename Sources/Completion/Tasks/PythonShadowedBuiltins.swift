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
        var edits: [(range: Range<Int>, text: String)] = []
        for function in file.functions {
            let words = function.bodyLines.flatMap { identifiers(in: file.lines[$0], of: file.masked) }
            let parameters = function.parameters
            for name in shadowed(in: function, words: words, file: file) where !parameters.contains(name) {
                let renamed = name + "_"
                guard !code.contains(renamed) else { continue }
                for word in words where word.name == name && !word.isCalled && !word.isKeywordArgument {
                    edits.append((word.range, renamed))
                }
            }
        }
        return edits.isEmpty ? code : file.applying(edits)
    }

    /// An identifier in the code: where it is, and how it is used.
    struct Word {
        var name: String
        var range: Range<Int>
        /// Followed by `(`: a call.
        var isCalled: Bool
        /// Followed by `=` (not `==`) inside brackets: a keyword argument's name.
        var isKeywordArgument: Bool
    }

    /// The built-ins `function` both assigns in a statement of its own and calls.
    private static func shadowed(in function: PythonFunctions.Function, words: [Word], file: PythonFunctions) -> [String] {
        let called = Set(words.filter(\.isCalled).map(\.name)).intersection(builtins)
        guard !called.isEmpty else { return [] }
        var assigned: Set<String> = []
        var lambdas: Set<String> = []
        for index in function.bodyLines {
            let statement = file.maskedLine(index).trimmingCharacters(in: .whitespaces)
            for name in called {
                if statement.hasPrefix("for \(name) ") || statement.hasPrefix("for \(name),") { assigned.insert(name) }
                guard statement.hasPrefix(name) else { continue }
                let rest = statement.dropFirst(name.count).drop { $0 == " " }
                let operators = ["=", "+=", "-=", "*=", "/=", "//=", "%=", "|=", "&="]
                guard let op = operators.first(where: { rest.hasPrefix($0) }), !rest.hasPrefix("==") else { continue }
                assigned.insert(name)
                if rest.dropFirst(op.count).drop(while: { $0 == " " }).hasPrefix("lambda") { lambdas.insert(name) }
            }
        }
        return assigned.subtracting(lambdas).sorted()
    }

    /// The identifiers of one line (not those read as attributes, `x.str`).
    private static func identifiers(in line: Range<Int>, of masked: [Character]) -> [Word] {
        var words: [Word] = []
        var depth = 0
        var index = line.lowerBound
        while index < line.upperBound {
            let character = masked[index]
            if "([{".contains(character) { depth += 1 }
            if ")]}".contains(character) { depth -= 1 }
            guard character.isLetter || character == "_" else { index += 1; continue }
            let start = index
            while index < line.upperBound && (masked[index].isLetter || masked[index].isNumber || masked[index] == "_") { index += 1 }
            var next = index
            while next < line.upperBound && masked[next] == " " { next += 1 }
            let following = next < line.upperBound ? masked[next] : "\n"
            let afterFollowing = next + 1 < line.upperBound ? masked[next + 1] : "\n"
            var before = start - 1
            while before >= line.lowerBound && masked[before] == " " { before -= 1 }
            let isAttribute = before >= line.lowerBound && masked[before] == "."
            let isNumberPart = start > line.lowerBound && masked[start - 1].isNumber
            guard !isAttribute && !isNumberPart else { continue }
            words.append(Word(name: String(masked[start..<index]), range: start..<index, isCalled: following == "(",
                              isKeywordArgument: depth > 0 && following == "=" && afterFollowing != "="))
        }
        return words
    }
}
