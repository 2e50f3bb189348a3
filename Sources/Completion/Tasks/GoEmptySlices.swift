import Languages

/// A Go function that returns a slice and gives `nil` where it means an empty list: `var result []int`, appended to
/// in a loop that may never run, then `return result`; or `return nil` on an empty input. In Go a nil slice has length
/// zero, but it is not an empty list to everything else: `encoding/json` writes it `null`, `reflect.DeepEqual` (and so
/// testify's `assert.Equal`) finds it unequal to `[]int{}`. The Python, JavaScript, C++ and Java a translation starts
/// from return an empty list there, and a comment's example says `[]`; HumanEval-X's Go tests compare with `[]int{}`,
/// and the small models write `var result []T` whatever the source did: over the Go candidates recorded up to
/// 2026-12-06, those that declare a slice so and return it failed 176 times and passed 28.
///
/// The mend makes the empty case an empty slice, only where that is certain, on the code without strings and
/// comments, in a function whose one result is a slice type (`[]T`, `[][]T`): a `var name []T` statement with no value
/// becomes `name := []T{}` when the function returns `name` as it is and never compares it with `nil` or sets it to
/// `nil`; and `return nil` becomes `return []T{}` (its result type). Function literals inside keep their own returns;
/// a function with named or several results, an array result (`[2]int`) and other languages are left as they are.
enum GoEmptySlices {
    /// `code` with the nil slices its slice-returning functions return made empty slices; unchanged when there are none.
    static func fixed(_ code: String, language: CodeLanguage) -> String {
        guard language.id == "go", code.contains("func") else { return code }
        let characters = Array(code)
        let tokens = ImmutableBindingCheck.tokenize(ImmutableBindingCheck.maskingNonCode(code, language: language))
        var edits: [(range: Range<Int>, text: String)] = []
        for index in tokens.indices where tokens[index].text == "func" {
            guard let function = GoFunctionTokens.function(at: index, in: tokens), isSliceType(function.results, tokens) else { continue }
            let resultType = tokens.text(of: function.results, in: characters)
            let own = GoFunctionTokens.ownIndices(of: function.body.dropFirst().dropLast(), in: tokens)
            let ownSet = Set(own)
            for position in own where tokens[position].text == "return" && ownSet.contains(position + 1)
                && tokens[position + 1].text == "nil" && endsStatement(after: position + 1, tokens) {
                edits.append((tokens[position + 1].start..<tokens[position + 1].end, resultType + "{}"))
            }
            for position in own where tokens[position].text == "var" {
                guard let (name, type) = nilSliceDeclaration(at: position, tokens),
                      returns(name, own: own, tokens), !isComparedOrSetToNil(name, in: function.body, tokens) else { continue }
                let typeText = tokens.text(of: type, in: characters)
                edits.append((tokens[position].start..<tokens[type.upperBound - 1].end, "\(name) := \(typeText){}"))
            }
        }
        return edits.isEmpty ? code : PythonFunctions.applying(edits.sorted { $0.range.lowerBound < $1.range.lowerBound }, to: characters)
    }

    /// Whether `range` is a slice type alone: `[` `]` and an element type (not an array's `[2]int`, not `(…)` results).
    private static func isSliceType(_ range: Range<Int>, _ tokens: [ImmutableBindingCheck.Token]) -> Bool {
        range.count >= 3 && tokens[range.lowerBound].text == "[" && tokens[range.lowerBound + 1].text == "]"
    }

    /// Whether the token at `index` is the last of its statement: a line break, `;` or the block's `}` follows.
    private static func endsStatement(after index: Int, _ tokens: [ImmutableBindingCheck.Token]) -> Bool {
        index + 1 >= tokens.count || tokens[index + 1].newlineBefore || tokens[index + 1].text == ";" || tokens[index + 1].text == "}"
    }

    /// `var name []T` with nothing after the type on its statement: the name and the type's token range.
    private static func nilSliceDeclaration(at index: Int, _ tokens: [ImmutableBindingCheck.Token]) -> (String, Range<Int>)? {
        guard tokens[index].newlineBefore || (index > 0 && (tokens[index - 1].text == ";" || tokens[index - 1].text == "{")),
              index + 4 < tokens.count, tokens[index + 1].isIdentifier, tokens[index + 2].text == "[", tokens[index + 3].text == "]" else { return nil }
        var end = index + 4
        while end < tokens.count && !tokens[end].newlineBefore && tokens[end].text != ";" && tokens[end].text != "}" {
            if tokens[end].text == "{" || tokens[end].text == "(" || tokens[end].text == "[" {   // `interface{}`, `func(…)`, `[]int`
                guard let close = tokens.closingBracket(of: end) else { return nil }
                end = close
            }
            if tokens[end].text == "=" || tokens[end].text == "," { return nil }   // a value, or several names
            end += 1
        }
        let type = (index + 2)..<end
        return type.count >= 3 ? (tokens[index + 1].text, type) : nil
    }

    /// Whether the function's own statements include `return name` as it is.
    private static func returns(_ name: String, own: [Int], _ tokens: [ImmutableBindingCheck.Token]) -> Bool {
        own.contains { position in
            tokens[position].text == "return" && position + 1 < tokens.count && tokens[position + 1].text == name
                && endsStatement(after: position + 1, tokens)
        }
    }

    /// Whether `name` is compared with `nil` (`name == nil`, `nil != name`) or set to it (`name = nil`) anywhere in
    /// the body: there the difference between nil and empty is what the code means.
    private static func isComparedOrSetToNil(_ name: String, in body: Range<Int>, _ tokens: [ImmutableBindingCheck.Token]) -> Bool {
        tokens.uses(of: name, in: body).contains { use in
            let after = use + 2 < tokens.count && ["==", "!=", "="].contains(tokens[use + 1].text) && tokens[use + 2].text == "nil"
            let before = use >= 2 && ["==", "!="].contains(tokens[use - 1].text) && tokens[use - 2].text == "nil"
            return after || before
        }
    }
}
