import Languages

/// What the user should know before trusting a task's answer: the build check or the examples found it
/// wrong, or it was cut at the token limit before its code ended. The answer is still given (the model's best
/// try is a start, and the check may lack what the file has), but not as if it were sound: `infill
/// translate`/`write` print the caveat on stderr, the daemon shows it (`window/showMessage`) and returns it
/// beside the code.
extension CodeTaskCandidate {
    /// One line for the user, or nil when nothing is known against the code. The best candidate is the one
    /// that matters: candidates that build and hold their examples rank first, so when the best does not,
    /// none did.
    public func caveat(language: CodeLanguage) -> String? {
        if features.builds == false {
            let rejected = language.id == "python" ? "python3's parser or scope check rejects every candidate" : "no candidate compiles as \(language.name)"
            return Self.withFirstLine(of: buildFailure, after: "\(rejected); this is the best of them")
        }
        if features.examplesPassed == false {
            return Self.withFirstLine(of: exampleFailure, after: "no candidate passes every example of the source or comment; this is the best of them")
        }
        if !features.blockClosed {
            // A candidate cut short loses a point of score (`CodeCandidateFeatures.score`): when one ranks first, the others were most likely cut too.
            return "the best candidate reached the most tokens an answer may take (taskMaxTokens, --max-tokens) or the time "
                + "allowed before its code ended: its end may be missing"
        }
        return nil
    }

    /// `summary`, then the first line of `failure` below its heading ("It does not compile:"), cut to 200 characters.
    private static func withFirstLine(of failure: String?, after summary: String) -> String {
        let lines = (failure ?? "").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let first = lines.first(where: { !$0.hasSuffix(":") || $0.hasPrefix("`") }) else { return summary }
        let line = first.count > 200 ? String(first.prefix(200)) + "…" : first
        return "\(summary): \(line)"
    }
}

extension CodeTaskResult {
    /// The caveat of the best candidate (`CodeTaskCandidate.caveat(language:)`), and why it was built without its
    /// file when it was (`builtAloneBecause`).
    public func caveat(language: CodeLanguage) -> String? {
        guard let caveat = candidates.first?.caveat(language: language) else { return nil }
        guard let builtAloneBecause, candidates.first?.features.builds == false else { return caveat }
        return "\(caveat) (built alone: the rest of the file does not build either: \(builtAloneBecause))"
    }
}
