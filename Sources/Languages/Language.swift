/// What the completion pipeline knows about one programming language: how its source is written (brackets,
/// strings, comments) and, where it has them, rules about its blocks that a suggestion must keep.
///
/// The decoders and the ranking consult a language only through this protocol; nothing generic knows a
/// particular language. Adding a language is one file with one conforming type, listed in
/// `Languages.all` (see docs/adding-a-language-rule.md).
public protocol Language: Sendable {
    /// A short name for logs ("python", "c-like").
    var name: String { get }
    /// Editor language ids (LSP `languageId`) that mean this language, lower-case.
    var languageIDs: Set<String> { get }
    /// File name endings, lower-case with the dot (".py").
    var fileExtensions: [String] { get }
    /// Brackets, strings and comments, for the rules that read the text around the cursor.
    var syntax: LexicalSyntax { get }
    /// Whether blocks are defined by indentation (Python, YAML) rather than by brackets.
    var indentationDefinesBlocks: Bool { get }
    /// The language's block rules at a cursor between `prefix` and `suffix`, checked inside the token loop;
    /// nil when the language has none or they cannot be judged here.
    /// - Parameter singleLine: whether the suggestion is one line.
    func blockRules(prefix: String, suffix: String, singleLine: Bool) -> (any BlockRules)?
}

/// Rules about blocks that a suggestion must keep, judged while it is generated. A rejection makes the
/// decoder try the next most likely token (a bounded number of times), so these are syntax, not taste.
public protocol BlockRules: Sendable {
    /// Whether `text`, generated so far, has already started in a place the language does not allow.
    func rejectsStart(_ text: String) -> Bool
    /// Whether a suggestion ending with exactly `text` would leave code the language does not allow.
    func rejectsEnding(_ text: String) -> Bool
    /// The lowest indentation column a multi-line suggestion with a guessed block may reach, given the
    /// column of its first code line.
    func blockFloor(firstLineColumn: Int) -> Int
}

extension Language {
    /// No block rules by default.
    public func blockRules(prefix: String, suffix: String, singleLine: Bool) -> (any BlockRules)? { nil }
    /// Blocks are brackets by default.
    public var indentationDefinesBlocks: Bool { false }
}
