/// Finds the brace that opens a function's body in a brace language, fed one character of code at a time
/// from the signature on: the first `{` outside parentheses and brackets that does not belong to a type
/// (Go's `interface{}` and `struct{…}`, in a parameter or the result: `func F(x []interface{}) interface{} {`;
/// a default argument's `{}` inside parentheses).
struct BodyBrace {
    private var depth = 0
    private var typeBraces = 0
    private var word = ""
    private var afterSpace = false

    /// Whether `c`, the next character of code, is the body's opening brace (pass a space for a comment).
    mutating func isBodyBrace(_ c: Character) -> Bool {
        switch c {
        case "(", "[": depth += 1
        case ")", "]": depth -= 1
        case "{":
            if typeBraces > 0 || word == "interface" || word == "struct" {
                typeBraces += 1
            } else if depth <= 0 {
                return true
            }
        case "}": if typeBraces > 0 { typeBraces -= 1 }
        default: break
        }
        // The identifier just before (white space between kept: `interface {`).
        if c.isLetter || c.isNumber || c == "_" {
            if afterSpace { word = "" }
            word.append(c)
            afterSpace = false
        } else if c.isWhitespace {
            afterSpace = true
        } else {
            word = ""
            afterSpace = false
        }
        return false
    }
}
