/// How a language writes brackets, strings and comments: enough for `SyntaxScanner` to tell code from
/// strings and comments and to count bracket depth. Not a parser.
public struct LexicalSyntax: Sendable, Equatable {
    /// Opening and closing bracket characters, pairwise.
    public var brackets: [BracketPair]
    /// Characters that open and close a one-line string ("\"", "'", "`").
    public var quotes: [Character]
    /// Whether a quote written three times opens a string that may span lines (Python `"""`, Swift, Kotlin).
    public var tripleQuotes: Bool
    /// Markers that start a comment running to the end of the line ("#", "//").
    public var lineComments: [String]
    /// The markers of a block comment ("/*", "*/"), when the language has one.
    public var blockComment: BlockComment?
    /// How expressions are written inside strings, when the language has it.
    public var interpolation: Interpolation?

    /// A bracket pair.
    public struct BracketPair: Sendable, Equatable {
        /// The opening character.
        public var open: Character
        /// The closing character.
        public var close: Character
        /// A pair.
        public init(_ open: Character, _ close: Character) {
            self.open = open
            self.close = close
        }
    }

    /// The markers of a block comment.
    public struct BlockComment: Sendable, Equatable {
        /// Starts the comment.
        public var open: String
        /// Ends it.
        public var close: String
        /// Block comment markers.
        public init(open: String, close: String) {
            self.open = open
            self.close = close
        }
    }

    /// Expressions inside string literals.
    public enum Interpolation: Sendable, Equatable {
        /// Python f-strings: a string whose prefix letters include `f` holds expressions in `{…}`; `{{` is a
        /// literal brace.
        case pythonFormatStrings
        /// `${…}` inside strings opened by one of `quotes` (JavaScript template literals with "`", Kotlin "\"").
        case dollarBrace(quotes: [Character])
        /// `\(…)` inside any string (Swift).
        case backslashParenthesis
    }

    /// The usual (), [] and {}.
    public static let standardBrackets = [BracketPair("(", ")"), BracketPair("[", "]"), BracketPair("{", "}")]

    /// A syntax.
    public init(brackets: [BracketPair] = standardBrackets, quotes: [Character] = ["\"", "'"], tripleQuotes: Bool = false,
                lineComments: [String] = [], blockComment: BlockComment? = nil, interpolation: Interpolation? = nil) {
        self.brackets = brackets
        self.quotes = quotes
        self.tripleQuotes = tripleQuotes
        self.lineComments = lineComments
        self.blockComment = blockComment
        self.interpolation = interpolation
    }

    /// For text of an unknown language: brackets and quotes ("\"", "'", "`"), no comments.
    public static let generic = LexicalSyntax(quotes: ["\"", "'", "`"])

    /// The closing character for `open`, when it opens a bracket.
    public func closer(for open: Character) -> Character? {
        brackets.first { $0.open == open }?.close
    }

    /// Whether `c` closes a bracket.
    public func isCloser(_ c: Character) -> Bool {
        brackets.contains { $0.close == c }
    }
}
