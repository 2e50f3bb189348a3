import Tokenizer

/// Another file the model may see as context (a snippet of an open document).
public struct ContextFile: Sendable, Equatable {
    /// Path shown to the model (relative when possible).
    public var path: String
    /// The text to show.
    public var text: String

    /// Creates a context file.
    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}

/// A prompt ready for the model, with what the rest of the pipeline needs to know about it.
public struct Prompt: Sendable {
    /// Token ids, special markers included.
    public var tokens: [Int32]
    /// Whether this is a fill-in-the-middle prompt (false: left to right from the prefix).
    public var isFillInTheMiddle: Bool
    /// Tokens up to the end of the prefix code, when they begin the prompt as plain left-to-right text
    /// (prefix-suffix-middle order, or no template): the cache rows a continuation of the prefix can reuse.
    public var prefixEnd: Int?
}

/// Builds prompt token sequences from a context window using the loaded model's own special tokens.
public struct PromptBuilder: Sendable {
    /// The tokenizer whose markers and vocabulary are used.
    public let tokenizer: Tokenizer
    /// The model family's template, or nil for a model without fill-in-the-middle tokens.
    public let template: FIMTemplate?
    /// Prefix-suffix-middle or suffix-prefix-middle.
    public var order: PromptOrder

    /// A builder for `tokenizer`'s model; the template is detected from its vocabulary.
    public init(tokenizer: Tokenizer, order: PromptOrder = .prefixSuffixMiddle) {
        self.tokenizer = tokenizer
        self.template = FIMTemplate.detect(in: tokenizer)
        self.order = order
    }

    /// Token ids of a marker that the template guarantees exists.
    private func marker(_ text: String) -> [Int32] {
        tokenizer.tokenID(forText: text).map { [$0] } ?? []
    }

    /// The prompt for a cursor between `window.prefix` and `window.suffix`.
    /// - Parameters:
    ///   - filePath: the current file's path, shown to models with repository-level markers.
    ///   - otherFiles: snippets of other files, placed first so they stay cached across keystrokes.
    public func build(window: ContextWindow, filePath: String?, otherFiles: [ContextFile] = [],
                      repositoryName: String = "workspace") -> Prompt {
        let prefixTokens = tokenizer.encode(window.prefix, parseSpecial: false)
        guard let t = template else {
            return Prompt(tokens: prefixTokens, isFillInTheMiddle: false, prefixEnd: prefixTokens.count)
        }
        var tokens: [Int32] = []
        if let repo = t.repositoryMarker, let sep = t.fileSeparator, !otherFiles.isEmpty {
            tokens += marker(repo) + tokenizer.encode(repositoryName + "\n", parseSpecial: false)
            for file in otherFiles {
                tokens += marker(sep) + tokenizer.encode(file.path + "\n" + file.text, parseSpecial: false)
                if !file.text.hasSuffix("\n") { tokens += tokenizer.encode("\n", parseSpecial: false) }
            }
            tokens += marker(sep) + tokenizer.encode((filePath ?? "untitled") + "\n", parseSpecial: false)
        }
        let suffixTokens = tokenizer.encode(window.suffix, parseSpecial: false)
        var prefixEnd: Int?
        switch order {
        case .prefixSuffixMiddle:
            tokens += marker(t.prefixMarker) + prefixTokens
            prefixEnd = tokens.count
            tokens += marker(t.suffixMarker) + suffixTokens
        case .suffixPrefixMiddle:
            tokens += marker(t.suffixMarker) + suffixTokens + marker(t.prefixMarker) + prefixTokens
        }
        tokens += marker(t.middleMarker)
        return Prompt(tokens: tokens, isFillInTheMiddle: true, prefixEnd: prefixEnd)
    }
}
