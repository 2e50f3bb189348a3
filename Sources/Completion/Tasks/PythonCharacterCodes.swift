import Languages

/// A Python candidate that compares a string's character with a character code, as C, C++ and Java do
/// (`file_name[i] >= 48 and file_name[i] <= 57`, `s[i] - '0'`): in Python a character is a one-letter string, so
/// `'7' >= 48` raises `TypeError` and `'7' == 48` is silently false (HumanEval-X C++→Python `file_name_check` and
/// `select_words`, Java→Python `split_words`: five recorded candidates, all failing). The mend writes the `ord`
/// the source's arithmetic meant: `ord(file_name[i]) >= 48`, `ord(s[i]) - ord('0')`.
///
/// Only where the code itself says the value is a character: `name[i]` when the code also compares an element
/// of `name` with a one-letter string (`name[j] == '.'`) or calls a string method on it (`name[j].isdigit()`,
/// `name.lower()`), or `name` is annotated `str`; a loop variable over such a string (`for c in name:`), and a
/// name compared with a one-letter string (`c == 'a'`). Then a comparison of that value with an integer
/// literal, either side (`48 <= s[i] <= 57` too), and a subtraction of an integer or a one-letter string from
/// it. A slice (`s[1:3]`) is not a character and is left alone, as are strings and comments.
///
/// The same translations convert a digit twice: `int(s[i]) - 48` (C++'s `s[i] - 48` with Python's `int` around
/// the character), which is the digit less 48 (HumanEval-X C++→Python `digits` and `skjkasdkd`: five recorded
/// candidates, all failing, all passing with the subtraction gone). Where the argument of `int` is a character as
/// above, the `- 48` (or `- ord('0')`) is dropped. A name bound to `str(…)` is a string too (`s = str(n)`).
enum PythonCharacterCodes {
    /// `code` with each such comparison and subtraction written with `ord`, and each digit converted twice
    /// converted once; unchanged when there is none.
    static func fixed(_ code: String) -> String {
        guard let python = CodeLanguage.named("python") else { return code }
        let tokens = Token.scan(code, language: python)
        guard tokens.contains(where: { $0.kind == .number }) || tokens.contains(where: { $0.text == "-" }) else { return code }
        let (strings, characters) = evidence(in: tokens)
        guard !strings.isEmpty || !characters.isEmpty else { return code }
        var edits: [(range: Range<Int>, text: String)] = []
        var index = 0
        while index < tokens.count {
            guard let end = characterValue(at: index, tokens, strings: strings, characters: characters) else { index += 1; continue }
            let before = index > 0 ? tokens[index - 1] : nil
            let after = end + 1 < tokens.count ? tokens[end + 1] : nil
            let next = end + 2 < tokens.count ? tokens[end + 2] : nil
            let comparisons: Set<String> = ["<", "<=", ">", ">=", "==", "!="]
            let comparedAfter = after.map { comparisons.contains($0.text) } == true && next?.kind == .number
            let comparedBefore = before.map { comparisons.contains($0.text) } == true && index >= 2 && tokens[index - 2].kind == .number
            let subtracted = after?.text == "-" && (next?.kind == .number || next.map(isOneLetterString) == true)
            guard comparedAfter || comparedBefore || subtracted else {
                index = end + 1
                continue
            }
            edits.append((tokens[index].start..<tokens[index].start, "ord("))
            edits.append((tokens[end].end..<tokens[end].end, ")"))
            if subtracted, let next, isOneLetterString(next) {
                edits.append((next.start..<next.start, "ord("))
                edits.append((next.end..<next.end, ")"))
            }
            index = end + 1
        }
        edits += digitsConvertedTwice(tokens, strings: strings, characters: characters)
        guard !edits.isEmpty else { return code }
        return PythonFunctions.applying(edits, to: Array(code))
    }

    /// The edits dropping the second conversion of `int(c) - 48` and `int(c) - ord('0')`, `c` a character value.
    private static func digitsConvertedTwice(_ tokens: [Token], strings: Set<String>, characters: Set<String>) -> [(range: Range<Int>, text: String)] {
        var edits: [(range: Range<Int>, text: String)] = []
        for index in tokens.indices where tokens[index].text == "int" && index + 5 < tokens.count && tokens[index + 1].text == "("
            && (index == 0 || tokens[index - 1].text != ".") {
            guard let end = characterValue(at: index + 2, tokens, strings: strings, characters: characters),
                  end + 2 < tokens.count, tokens[end + 1].text == ")", tokens[end + 2].text == "-" else { continue }
            let rest = tokens[(end + 3)...].prefix(4).map(\.text)
            let subtracted: Int
            if rest.first == "48", tokens[end + 3].kind == .number {   // not `48.5`
                subtracted = 1
            } else if rest.count == 4, rest[0] == "ord", rest[1] == "(", rest[2] == "'0'" || rest[2] == "\"0\"", rest[3] == ")" {
                subtracted = 4
            } else {
                continue
            }
            let last = end + 2 + subtracted
            // Not when the difference is itself subtracted from or multiplied (`int(c) - 48 * k`): only a whole term.
            if last + 1 < tokens.count, ["*", "/", "%", "@"].contains(tokens[last + 1].text) { continue }
            edits.append((tokens[end + 1].end..<tokens[last].end, ""))
        }
        return edits
    }

    /// The names the code shows to be strings (their elements are characters) and the names it shows to hold a character.
    private static func evidence(in tokens: [Token]) -> (strings: Set<String>, characters: Set<String>) {
        let stringMethods: Set<String> = ["isdigit", "isalpha", "isalnum", "isupper", "islower", "isspace", "lower", "upper"]
        let wholeStringMethods = stringMethods.union(["split", "strip", "startswith", "endswith", "replace"])
        var strings: Set<String> = []
        var characters: Set<String> = []
        for (index, token) in tokens.enumerated() where token.kind == .name {
            // `name: str` (a parameter's annotation), `name = str(…)`.
            if index + 2 < tokens.count, [":", "="].contains(tokens[index + 1].text), tokens[index + 2].text == "str",
               tokens[index + 1].text == ":" || (index + 3 < tokens.count && tokens[index + 3].text == "(") {
                strings.insert(token.text)
            }
            // `name.lower()`.
            if index + 2 < tokens.count, tokens[index + 1].text == ".", wholeStringMethods.contains(tokens[index + 2].text),
               index == 0 || tokens[index - 1].text != "." {
                strings.insert(token.text)
            }
            if let end = subscriptEnd(at: index, tokens) {
                // `name[i] == 'x'`, `'x' != name[i]`, `name[i].isdigit()`.
                let after = end + 1 < tokens.count ? tokens[end + 1] : nil
                let next = end + 2 < tokens.count ? tokens[end + 2] : nil
                if let after, ["==", "!="].contains(after.text), let next, isOneLetterString(next) { strings.insert(token.text) }
                if after?.text == ".", let next, stringMethods.contains(next.text) { strings.insert(token.text) }
                if index >= 2, ["==", "!="].contains(tokens[index - 1].text), isOneLetterString(tokens[index - 2]) { strings.insert(token.text) }
            } else if index + 2 < tokens.count, ["==", "!="].contains(tokens[index + 1].text), isOneLetterString(tokens[index + 2]),
                      index == 0 || tokens[index - 1].text != "." {
                characters.insert(token.text)
            }
        }
        // `for c in name:` over a string.
        for index in tokens.indices where tokens[index].text == "for" && index + 3 < tokens.count
            && tokens[index + 1].kind == .name && tokens[index + 2].text == "in" && strings.contains(tokens[index + 3].text)
            && (index + 4 >= tokens.count || tokens[index + 4].text == ":") {
            characters.insert(tokens[index + 1].text)
        }
        return (strings, characters)
    }

    /// The last token of the character value starting at `index` (`name[i]` with `name` a string, or a character
    /// name alone), or nil.
    private static func characterValue(at index: Int, _ tokens: [Token], strings: Set<String>, characters: Set<String>) -> Int? {
        let token = tokens[index]
        guard token.kind == .name, index == 0 || tokens[index - 1].text != "." else { return nil }
        if strings.contains(token.text), let end = subscriptEnd(at: index, tokens) {
            let following = end + 1 < tokens.count ? tokens[end + 1].text : ""
            return following == "[" || following == "(" || following == "." ? nil : end
        }
        if characters.contains(token.text) {
            let following = index + 1 < tokens.count ? tokens[index + 1].text : ""
            return ["[", "(", ".", "="].contains(following) ? nil : index
        }
        return nil
    }

    /// The `]` closing `name[...]` at `index` when it is one element (no `:` at its depth: not a slice), or nil.
    private static func subscriptEnd(at index: Int, _ tokens: [Token]) -> Int? {
        guard tokens[index].kind == .name, index + 1 < tokens.count, tokens[index + 1].text == "[" else { return nil }
        var depth = 0
        for position in (index + 1)..<tokens.count {
            switch tokens[position].text {
            case "[", "(", "{": depth += 1
            case "]", ")", "}":
                depth -= 1
                if depth == 0 { return tokens[position].text == "]" && position > index + 2 ? position : nil }
            case ":" where depth == 1: return nil
            default: break
            }
        }
        return nil
    }

    /// A string literal of one character: `'a'`, `"0"`.
    private static func isOneLetterString(_ token: Token) -> Bool {
        guard token.kind == .string, token.text.count == 3, let first = token.text.first, first == token.text.last else { return false }
        return first == "'" || first == "\""
    }

    /// A token of the code: a name, an integer literal, a string literal (whole, with its quotes), or another
    /// character or operator; comments are skipped. `start` and `end` are offsets in the code's `Character`s.
    struct Token {
        enum Kind { case name, number, string, other }
        var kind: Kind
        var text: String
        var start: Int
        var end: Int

        static func scan(_ code: String, language: CodeLanguage) -> [Token] {
            let classified = CodeScanner.classify(code, language: language)
            var tokens: [Token] = []
            var index = 0
            while index < classified.count {
                let (character, kind) = classified[index]
                if kind == .comment || character.isWhitespace { index += 1; continue }
                var end = index + 1
                let tokenKind: Kind
                if kind == .string {
                    while end < classified.count && classified[end].kind == .string && classified[end].character != "\n" { end += 1 }
                    tokenKind = .string
                } else if character.isLetter || character == "_" {
                    while end < classified.count, classified[end].kind == .code, classified[end].character.isLetter
                            || classified[end].character.isNumber || classified[end].character == "_" { end += 1 }
                    tokenKind = .name
                } else if character.isNumber {
                    while end < classified.count, classified[end].kind == .code, classified[end].character.isNumber { end += 1 }
                    tokenKind = end < classified.count && (classified[end].character == "." || classified[end].character.isLetter) ? .other : .number
                } else if "<>=!".contains(character) {
                    while end < classified.count, classified[end].kind == .code, classified[end].character == "=" { end += 1 }
                    tokenKind = .other
                } else {
                    tokenKind = .other
                }
                tokens.append(Token(kind: tokenKind, text: String(classified[index..<end].map(\.character)), start: index, end: end))
                index = end
            }
            return tokens
        }
    }
}
