import Foundation

/// One logical line of Python source: a statement or block header, possibly spread over several physical
/// lines by open brackets, triple-quoted strings or a trailing backslash. Comments are dropped and every
/// string literal is replaced by `PythonLogicalLine.stringMarker`, so a `:` or `#` inside a string never
/// looks like code.
struct PythonLogicalLine: Equatable {
    /// Stands for one string literal in `code`.
    static let stringMarker: Character = "\u{1}"

    /// Columns of leading white space of the line's first physical line (a tab advances to the next multiple of 8).
    var indentation: Int
    /// The code with comments removed and string literals replaced by the marker, trimmed at both ends.
    var code: String

    /// Whether the line ends with `:` outside any bracket: a block header (`if …:`, `def …:`, `else:`).
    var isBlockHeader: Bool { code.hasSuffix(":") }

    /// Whether the line is nothing but one string literal (a docstring where it is a body's first statement).
    var isBareString: Bool {
        guard code.last == Self.stringMarker else { return false }
        let prefix = code.dropLast()
        return prefix.count <= 2 && prefix.allSatisfy { "rRuUbBfF".contains($0) }
    }

    /// Whether the header introduces a function or class, whose body is what the user writes next.
    var isDefinitionHeader: Bool {
        isBlockHeader && (code.hasPrefix("def ") || code.hasPrefix("async def ") || code.hasPrefix("class "))
    }
}

/// Splits Python source into logical lines with a small lexer: strings (single, double, triple-quoted, with
/// escapes), comments, bracket depth and backslash continuations. It does not parse; it only knows enough to
/// say where statements begin and end.
struct PythonLogicalLines {
    /// The complete logical lines, and the one still open at the end of the text if it has code.
    private(set) var lines: [PythonLogicalLine] = []
    /// Whether the text ends outside any string and bracket and not after a backslash continuation.
    private(set) var endsClean = true

    init(_ text: String) {
        var depth = 0
        var quote: (character: Character, triple: Bool)?
        var inComment = false
        var atLineStart = true
        var indentation = 0
        var current: PythonLogicalLine?
        var code = ""
        var continued = false           // the physical line ended with a backslash
        var openByBackslash = false     // the last line break was such a continuation
        let characters = Array(text)
        var i = 0

        func finishLine() {
            if var line = current {
                line.code = code.trimmingCharacters(in: [" ", "\t", "\r"])
                if !line.code.isEmpty { lines.append(line) }
            }
            current = nil
            code = ""
        }

        while i < characters.count {
            let c = characters[i]
            if let q = quote {
                if c == "\\" { i += 2; continue }
                if c == "\n" && !q.triple { quote = nil }   // an unterminated one-line string ends with its line
                if c == q.character {
                    if !q.triple {
                        quote = nil
                    } else if i + 2 < characters.count, characters[i + 1] == c, characters[i + 2] == c {
                        quote = nil
                        i += 2
                    }
                }
                if c == "\n" && quote == nil && depth == 0 { finishLine(); atLineStart = true; indentation = 0 }
                i += 1
                continue
            }
            if c == "\n" {
                inComment = false
                if depth == 0 && !continued { finishLine() }
                openByBackslash = continued
                atLineStart = true
                indentation = 0
                continued = false
                i += 1
                continue
            }
            if inComment { i += 1; continue }
            if atLineStart {
                if c == " " { indentation += 1; i += 1; continue }
                if c == "\t" { indentation = (indentation / 8 + 1) * 8; i += 1; continue }
                if c == "\r" { i += 1; continue }
                atLineStart = false
                if current == nil && c != "#" { current = PythonLogicalLine(indentation: indentation, code: "") }
            }
            continued = false
            switch c {
            case "#":
                inComment = true
            case "\"", "'":
                let triple = i + 2 < characters.count && characters[i + 1] == c && characters[i + 2] == c
                quote = (c, triple)
                code.append(PythonLogicalLine.stringMarker)
                i += triple ? 3 : 1
                continue
            case "(", "[", "{":
                depth += 1
                code.append(c)
            case ")", "]", "}":
                depth = max(0, depth - 1)
                code.append(c)
            case "\\":
                if i + 1 < characters.count, characters[i + 1] == "\n" { continued = true } else { code.append(c) }
            default:
                code.append(c)
            }
            if current == nil { current = PythonLogicalLine(indentation: indentation, code: "") }
            i += 1
        }
        endsClean = quote == nil && depth == 0 && !continued && !openByBackslash
        finishLine()
    }
}
