/// Python: indentation blocks with their rules (`PythonBlockGuard`), `#` comments, single, double and
/// triple quotes, f-strings.
public struct Python: Language {
    /// Python.
    public init() {}

    public var name: String { "python" }
    public var languageIDs: Set<String> { ["python"] }
    public var fileExtensions: [String] { [".py", ".pyi"] }
    public var indentationDefinesBlocks: Bool { true }
    public var syntax: LexicalSyntax {
        LexicalSyntax(quotes: ["\"", "'"], tripleQuotes: true, lineComments: ["#"], interpolation: .pythonFormatStrings)
    }

    /// A body owed after a header, no header left without its body (see `PythonBlockGuard`).
    public func blockRules(prefix: String, suffix: String, singleLine: Bool) -> (any BlockRules)? {
        PythonBlockGuard(prefix: prefix, suffix: suffix, singleLine: singleLine)
    }
}
