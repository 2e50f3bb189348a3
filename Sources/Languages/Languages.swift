/// The languages the pipeline knows, and how a document's language is found.
public enum Languages {
    /// Every known language, consulted in order. A new language is one file with a `Language` type and one
    /// entry here.
    public static let all: [any Language] = [Python()] + BraceLanguage.all + [IndentedText.all]

    /// The language of a document, by the editor's language id or else the file name; `PlainText` when unknown.
    public static func detect(languageID: String?, filePath: String?) -> any Language {
        if let id = languageID?.lowercased() {
            return all.first { $0.languageIDs.contains(id) } ?? PlainText()
        }
        if let path = filePath?.lowercased() {
            return all.first { $0.fileExtensions.contains { path.hasSuffix($0) } } ?? PlainText()
        }
        return PlainText()
    }
}

/// Text of a language the pipeline does not know: brackets and quotes only.
public struct PlainText: Language {
    /// Plain text.
    public init() {}
    public var name: String { "plain" }
    public var languageIDs: Set<String> { [] }
    public var fileExtensions: [String] { [] }
    public var syntax: LexicalSyntax { .generic }
}

/// Languages whose blocks are their indentation but that have no block rules of their own (YAML, Haskell,
/// Nim, CoffeeScript, F#).
public struct IndentedText: Language {
    public let name: String
    public let languageIDs: Set<String>
    public let fileExtensions: [String]
    public var syntax: LexicalSyntax { .generic }
    public var indentationDefinesBlocks: Bool { true }

    /// The indentation languages without rules of their own, as one entry.
    public static let all = IndentedText(name: "indented", languageIDs: ["yaml", "haskell", "nim", "coffeescript", "fsharp"],
                                         fileExtensions: [".yaml", ".yml"])
}
