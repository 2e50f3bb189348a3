/// Other languages' markers that are this language's own syntax too.
extension CodeLanguage {
    /// Markers of other languages (`markers`) that code of this language writes for its own reasons, so that one
    /// found in a translation into this language says nothing about the source left in it: Python's slices
    /// (`s[::-1]`, `xs[1::2]`) hold C++'s `::` and its `:=` Go's `:= `; Go's `len(x)` and Rust's `v.len()` hold Python's
    /// `len(`; Rust's `None` and `self.` are its own, as Swift's `self.` is; TypeScript writes everything JavaScript's
    /// markers name; C++ all of C's; Java's strings and arrays have `.length`, and it has `var`; Kotlin prints with
    /// `print(` and has `class` and `private`; C# has Java's `class`, `new`, `int`, `String` and `private`.
    /// Seen on HumanEval-X C++→Python: every candidate reversing a string with `[::-1]` had been scored as if C++ were
    /// left in it (docs/translate-and-write.md).
    public var ownSyntaxAmongOtherMarkers: Set<String> {
        switch id {
        case "python": ["::", ":= "]
        case "go": ["len("]
        case "rust": ["len(", "None", "self."]
        case "swift": ["self."]
        case "typescript": ["!==", "console.log", "undefined", ".length"]
        case "cpp": ["printf(", "malloc(", "sizeof", "NULL", "->", "char *"]
        case "java": [".length", "var "]
        case "kotlin": ["print(", "class ", "private "]
        case "csharp": ["class ", "new ", "int ", "String ", "private "]
        default: []
        }
    }
}
