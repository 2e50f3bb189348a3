import Languages

/// The instruction texts of the two tasks. The eval's llama-server anchor sends exactly these texts, so
/// the comparison is between engines, not prompts.
public enum TaskPrompts {
    /// The user message asking to translate `source`.
    public static func translation(source: String, from: CodeLanguage, to: CodeLanguage, targetSignature: String?) -> String {
        var text = "Translate this \(from.name) function to \(to.name):\n\n```\(from.fenceTag)\n\(trimmed(source))\n```"
        if let signature = targetSignature, !signature.isEmpty {
            text += "\n\nThe \(to.name) code must use this signature:\n\n```\(to.fenceTag)\n\(trimmed(signature))\n```"
        }
        return text
    }

    /// The user message asking to write the function whose comment and signature end `prefix`.
    public static func writeFunction(prefix: String, language: CodeLanguage) -> String {
        "Complete the following \(language.name) function. Write the whole function, its signature included, in one code block.\n\n```\(language.fenceTag)\n\(trimmed(prefix))\n```"
    }

    /// The user message of a repair round: the task's own `request`, then what failed in an earlier answer
    /// (`ExampleVerdict.failure`, which quotes the failing lines).
    public static func repair(_ request: String, failure: String) -> String {
        "\(request)\n\nAn earlier answer failed. \(failure)\nAvoid these mistakes."
    }

    /// What the assistant's answer starts with (written into the prompt): the opening fence.
    public static func answerPrefill(for language: CodeLanguage) -> String {
        "```\(language.fenceTag)\n"
    }

    static func trimmed(_ code: String) -> String {
        var lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        while let first = lines.first, first.allSatisfy(\.isWhitespace) { lines.removeFirst() }
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
