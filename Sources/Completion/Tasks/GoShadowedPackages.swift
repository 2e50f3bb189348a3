import Languages

/// A Go parameter named after a package the function also uses: `func Concatenate(strings []string) string`
/// with `return strings.Join(strings, "")`. Inside the function the name is the parameter, so the package cannot
/// be reached (`strings.Join undefined (type []string has no field or method Join)`). HumanEval-X's own Go
/// declarations name parameters so (`Longest`, `Concatenate`, `FilterByPrefix`), and every candidate that used
/// the package, written or translated, failed to build.
///
/// The mend renames the parameter, as `PythonShadowedBuiltins` renames a variable: `strings_` wherever the name is
/// the value, `strings.Join` left to the package. Only where that is certain, on the code without strings and
/// comments: the parameter's type has no fields or methods (a slice, an array, a map, a channel, a function or a
/// basic type), so `strings.Join` in its function can only mean the package, with an exported name after the dot;
/// and `strings_` is nowhere in the code. Other languages and other names are left alone.
enum GoShadowedPackages {
    /// Go's basic types: a parameter of one has nothing to select with a dot.
    private static let basicTypes: Set<String> = ["string", "bool", "byte", "rune", "int", "int8", "int16", "int32", "int64",
                                                  "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "float32", "float64",
                                                  "complex64", "complex128"]

    /// `code` with each parameter that hides a package its function uses renamed; unchanged when there is none.
    static func fixed(_ code: String, language: CodeLanguage) -> String {
        guard language.id == "go", code.contains("func") else { return code }
        let tokens = ImmutableBindingCheck.tokenize(ImmutableBindingCheck.maskingNonCode(code, language: language))
        var edits: [(range: Range<Int>, text: String)] = []
        for index in tokens.indices where tokens[index].text == "func" {
            guard let function = GoFunctionTokens.function(at: index, in: tokens) else { continue }
            for (name, type) in GoFunctionTokens.parameters(in: function.parameters, tokens) where hasNothingToSelect(type, tokens) {
                let renamed = name + "_"
                let uses = function.parameters.lowerBound..<function.body.upperBound
                guard usesAsPackage(name, in: function.body, tokens), !tokens.contains(where: { $0.text == renamed }) else { continue }
                for use in tokens.uses(of: name, in: uses) where !selects(at: use, tokens) {
                    edits.append((tokens[use].start..<tokens[use].end, renamed))
                }
            }
        }
        return edits.isEmpty ? code : PythonFunctions.applying(edits.sorted { $0.range.lowerBound < $1.range.lowerBound }, to: Array(code))
    }

    /// Whether a value of the type has no fields or methods: a slice, an array, a map, a channel, a function, a
    /// variadic list or a basic type.
    private static func hasNothingToSelect(_ type: Range<Int>, _ tokens: [ImmutableBindingCheck.Token]) -> Bool {
        guard let first = type.first.map({ tokens[$0].text }) else { return false }
        if type.count == 1 { return basicTypes.contains(first) }
        return first == "[" || first == "map" || first == "chan" || first == "func" || first == "."
    }

    /// Whether the body selects an exported name from `name` (`strings.Join`), which a value of the parameter's
    /// type cannot have.
    private static func usesAsPackage(_ name: String, in body: Range<Int>, _ tokens: [ImmutableBindingCheck.Token]) -> Bool {
        tokens.uses(of: name, in: body).contains { index in
            index + 2 < body.upperBound && selects(at: index, tokens) && tokens[index + 2].text.first?.isUppercase == true
        }
    }

    /// Whether the token at `index` is followed by a selector (`.Join`), not by `...` (a slice spread into a call).
    private static func selects(at index: Int, _ tokens: [ImmutableBindingCheck.Token]) -> Bool {
        index + 2 < tokens.count && tokens[index + 1].text == "." && tokens[index + 2].isIdentifier
    }
}
