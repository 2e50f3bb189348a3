import Foundation

/// A programming language the translate and write-function tasks know: its names, file extensions,
/// fence tag, how its blocks are delimited and how its functions are named. (The completion pipeline's
/// per-language rules are the `Language` types of this module; both live here, the one place for language
/// knowledge.)
public struct CodeLanguage: Sendable, Hashable, CustomStringConvertible {
    /// How a language's blocks end.
    public enum BlockStyle: Sendable, Hashable {
        /// Blocks are indentation (Python): a function ends at the first code line indented no deeper than its `def`.
        case indentation
        /// Blocks are `{…}` (C family): a function ends when its outermost brace closes.
        case braces
        /// Blocks end with the keyword `end` (Ruby).
        case endKeyword
    }

    /// How names of functions are usually written.
    public enum NamingStyle: Sendable, Hashable {
        case snakeCase, camelCase, pascalCase
    }

    /// Canonical identifier (also the LSP language id where one exists), e.g. "cpp".
    public let id: String
    /// Human name, e.g. "C++".
    public let name: String
    /// Other names and file extensions accepted on the command line, lowercase.
    public let aliases: [String]
    /// File extensions (without dot) that select this language.
    public let extensions: [String]
    /// The Markdown fence tag models use.
    public let fenceTag: String
    public let blockStyle: BlockStyle
    public let naming: NamingStyle
    /// Starts of line comments.
    public let lineComment: String?
    /// Words and fragments that mark code of this language (for detection and for "no source tokens left").
    public let markers: [String]

    public var description: String { name }

    /// Every language known, in the order code actions list them.
    public static let all: [CodeLanguage] = [
        CodeLanguage(id: "python", name: "Python", aliases: ["python", "py", "python3"], extensions: ["py", "pyi"], fenceTag: "python",
                     blockStyle: .indentation, naming: .snakeCase, lineComment: "#",
                     markers: ["def ", "elif ", "self.", "None", "True", "False", "lambda ", " not in ", "print(", "range(", "len("]),
        CodeLanguage(id: "javascript", name: "JavaScript", aliases: ["javascript", "js", "node", "mjs"], extensions: ["js", "mjs", "cjs", "jsx"], fenceTag: "javascript",
                     blockStyle: .braces, naming: .camelCase, lineComment: "//",
                     markers: ["const ", "let ", "=> ", "===", "!==", "function ", "console.log", "undefined", ".length"]),
        CodeLanguage(id: "typescript", name: "TypeScript", aliases: ["typescript", "ts", "tsx"], extensions: ["ts", "tsx", "mts"], fenceTag: "typescript",
                     blockStyle: .braces, naming: .camelCase, lineComment: "//",
                     markers: ["const ", "let ", "=> ", "===", ": number", ": string", "interface ", "function "]),
        CodeLanguage(id: "c", name: "C", aliases: ["c"], extensions: ["c", "h"], fenceTag: "c",
                     blockStyle: .braces, naming: .snakeCase, lineComment: "//",
                     markers: ["#include", "int ", "printf(", "malloc(", "sizeof", "NULL", "->", "char *"]),
        CodeLanguage(id: "cpp", name: "C++", aliases: ["c++", "cpp", "cxx", "cc", "hpp"], extensions: ["cpp", "cc", "cxx", "hpp", "hh", "hxx"], fenceTag: "cpp",
                     blockStyle: .braces, naming: .snakeCase, lineComment: "//",
                     markers: ["#include", "std::", "vector<", "using namespace", "::", "auto ", "int ", "cout"]),
        CodeLanguage(id: "java", name: "Java", aliases: ["java"], extensions: ["java"], fenceTag: "java",
                     blockStyle: .braces, naming: .camelCase, lineComment: "//",
                     markers: ["public ", "private ", "static ", "class ", "new ", "List<", "String ", "System.out", "int "]),
        CodeLanguage(id: "go", name: "Go", aliases: ["go", "golang"], extensions: ["go"], fenceTag: "go",
                     blockStyle: .braces, naming: .pascalCase, lineComment: "//",
                     markers: ["func ", ":= ", "package ", "range ", "[]int", "nil", "fmt."]),
        CodeLanguage(id: "rust", name: "Rust", aliases: ["rust", "rs"], extensions: ["rs"], fenceTag: "rust",
                     blockStyle: .braces, naming: .snakeCase, lineComment: "//",
                     markers: ["fn ", "let mut ", "-> ", "&self", "Vec<", "impl ", "i32", "usize", "println!"]),
        CodeLanguage(id: "swift", name: "Swift", aliases: ["swift"], extensions: ["swift"], fenceTag: "swift",
                     blockStyle: .braces, naming: .camelCase, lineComment: "//",
                     markers: ["func ", "let ", "var ", "guard ", "-> ", "[Int]", "nil", "print("]),
        CodeLanguage(id: "kotlin", name: "Kotlin", aliases: ["kotlin", "kt", "kts"], extensions: ["kt", "kts"], fenceTag: "kotlin",
                     blockStyle: .braces, naming: .camelCase, lineComment: "//",
                     markers: ["fun ", "val ", "var ", "List<", "listOf(", "println("]),
        CodeLanguage(id: "csharp", name: "C#", aliases: ["c#", "csharp", "cs"], extensions: ["cs"], fenceTag: "csharp",
                     blockStyle: .braces, naming: .pascalCase, lineComment: "//",
                     markers: ["public ", "static ", "using System", "List<", "Console.", "var ", "string "]),
        CodeLanguage(id: "ruby", name: "Ruby", aliases: ["ruby", "rb"], extensions: ["rb"], fenceTag: "ruby",
                     blockStyle: .endKeyword, naming: .snakeCase, lineComment: "#",
                     markers: ["def ", "end\n", "puts ", "elsif ", ".each", "nil", "do |"]),
        CodeLanguage(id: "php", name: "PHP", aliases: ["php"], extensions: ["php"], fenceTag: "php",
                     blockStyle: .braces, naming: .camelCase, lineComment: "//",
                     markers: ["<?php", "$", "function ", "echo ", "->", "array("]),
    ]

    /// The language named `name` (a name, alias or extension, any case; a leading dot is ignored).
    public static func named(_ name: String) -> CodeLanguage? {
        var key = name.lowercased().trimmingCharacters(in: .whitespaces)
        if key.hasPrefix(".") { key.removeFirst() }
        return all.first { $0.id == key || $0.aliases.contains(key) || $0.extensions.contains(key) || $0.name.lowercased() == key }
    }

    /// The language of a file path, by its extension.
    public static func forPath(_ path: String) -> CodeLanguage? {
        let ext = (path as NSString).pathExtension.lowercased()
        guard !ext.isEmpty else { return nil }
        return all.first { $0.extensions.contains(ext) }
    }

    /// A sentence listing every known language with its short names, for error messages.
    public static var knownNamesDescription: String {
        all.map { language in
            let short = language.aliases.first { $0 != language.id }
            return short.map { "\(language.id) (\($0))" } ?? language.id
        }.joined(separator: ", ")
    }

    /// `name` (any style) written in this language's naming style: `sum_even` → `sumEven` for JavaScript.
    public func styledName(_ name: String) -> String {
        let words = Self.words(of: name)
        guard !words.isEmpty else { return name }
        switch naming {
        case .snakeCase: return words.map { $0.lowercased() }.joined(separator: "_")
        case .camelCase: return words[0].lowercased() + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined()
        case .pascalCase: return words.map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined()
        }
    }

    /// The words of an identifier in snake, camel or Pascal case.
    static func words(of name: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previous: Character?
        for c in name {
            if c == "_" || c == "-" {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else if c.isUppercase, let p = previous, p.isLowercase || p.isNumber {
                words.append(current)
                current = String(c)
            } else {
                current.append(c)
            }
            previous = c
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
