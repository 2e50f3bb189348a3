import Languages

/// What a running task is doing, for the user watching it (`CodeTaskOptions.onStage`; the daemon shows it as
/// `$/progress` reports: a translation takes tens of seconds on a CPU).
public enum CodeTaskStage: Sendable, Equatable, CustomStringConvertible {
    /// Reading the prompt and writing candidates (one: greedy).
    case writing(candidates: Int, promptTokens: Int)
    /// Building the candidates with the language's compiler (`BuildChecker`; Python: its parser and scope check).
    case building(candidates: Int, language: String)
    /// Running the examples of the source or comment on the candidates (only with `allowRunningCode`).
    case runningExamples(candidates: Int)
    /// Asking the model once more, told what failed (`CodeTaskEngine+Repair`).
    case repairing(becauseNoneBuilt: Bool)
    /// The reviewer reading the comment after the best candidates (`CandidateReviewer`).
    case reviewing

    public var description: String {
        switch self {
        case .writing(let n, let tokens):
            return n == 1 ? "writing the code (a prompt of \(tokens) tokens)" : "writing \(n) candidates (a prompt of \(tokens) tokens)"
        case .building(let n, let language): return "building \(n == 1 ? "the candidate" : "\(n) candidates") as \(language)"
        case .runningExamples(let n): return "running the examples on \(n == 1 ? "the candidate" : "\(n) candidates")"
        case .repairing(let noneBuilt): return noneBuilt ? "none compiled: asking once more" : "none passed the examples: asking once more"
        case .reviewing: return "reading the comment after the best candidates"
        }
    }
}
