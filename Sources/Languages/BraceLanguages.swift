/// A language whose blocks are braces, described by its lexical syntax alone: C, C++, Java, JavaScript,
/// TypeScript, Go, Rust, Swift, C#, Kotlin. Its suggestions follow the generic rules (brackets, strings and
/// comments read with its syntax); it has no block rules of its own.
public struct BraceLanguage: Language {
    public let name: String
    public let languageIDs: Set<String>
    public let fileExtensions: [String]
    public let syntax: LexicalSyntax

    /// A brace language; `//` and `/* */` comments unless told otherwise.
    public init(name: String, languageIDs: Set<String>, fileExtensions: [String], quotes: [Character] = ["\"", "'"],
                tripleQuotes: Bool = false, interpolation: LexicalSyntax.Interpolation? = nil) {
        self.name = name
        self.languageIDs = languageIDs
        self.fileExtensions = fileExtensions
        self.syntax = LexicalSyntax(quotes: quotes, tripleQuotes: tripleQuotes, lineComments: ["//"],
                                    blockComment: .init(open: "/*", close: "*/"), interpolation: interpolation)
    }

    /// C and C++ (and Objective-C).
    public static let c = BraceLanguage(
        name: "c", languageIDs: ["c", "cpp", "objective-c", "objective-cpp", "cuda-cpp"],
        fileExtensions: [".c", ".h", ".cc", ".cpp", ".cxx", ".hpp", ".hh", ".m", ".mm", ".cu"])
    /// Java.
    public static let java = BraceLanguage(name: "java", languageIDs: ["java"], fileExtensions: [".java"])
    /// JavaScript and TypeScript: template literals in backquotes with `${…}`.
    public static let javaScript = BraceLanguage(
        name: "javascript", languageIDs: ["javascript", "typescript", "javascriptreact", "typescriptreact"],
        fileExtensions: [".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx"], quotes: ["\"", "'", "`"],
        interpolation: .dollarBrace(quotes: ["`"]))
    /// Go: raw strings in backquotes.
    public static let go = BraceLanguage(name: "go", languageIDs: ["go"], fileExtensions: [".go"], quotes: ["\"", "'", "`"])
    /// Rust: only double quotes (a `'` is as often a lifetime as a character).
    public static let rust = BraceLanguage(name: "rust", languageIDs: ["rust"], fileExtensions: [".rs"], quotes: ["\""])
    /// Swift: `"""` strings and `\(…)` interpolation.
    public static let swift = BraceLanguage(name: "swift", languageIDs: ["swift"], fileExtensions: [".swift"], quotes: ["\""],
                                            tripleQuotes: true, interpolation: .backslashParenthesis)
    /// C#.
    public static let cSharp = BraceLanguage(name: "csharp", languageIDs: ["csharp"], fileExtensions: [".cs"])
    /// Kotlin: `"""` strings and `${…}` in strings.
    public static let kotlin = BraceLanguage(name: "kotlin", languageIDs: ["kotlin"], fileExtensions: [".kt", ".kts"],
                                             tripleQuotes: true, interpolation: .dollarBrace(quotes: ["\""]))

    /// Every brace language above.
    public static let all: [BraceLanguage] = [.c, .java, .javaScript, .go, .rust, .swift, .cSharp, .kotlin]
}
