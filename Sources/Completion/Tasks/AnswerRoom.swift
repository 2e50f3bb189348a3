/// How many tokens an instruction answer may take.
///
/// 512 tokens alone cut long answers short, and the rule is never a half-written function: a
/// written function's answer repeats the comment and signature it was given before its body (HumanEval
/// `numerical_letter_grade`: a docstring of about 330 tokens, every candidate cut at 512 in the middle of its
/// `elif` chain), and a translation grows with its source, up to four times as long (Python into C++ or Go),
/// so a file of a few hundred lines could never be translated whole (HumanEval-X C++→Python `do_algebra`: all
/// three candidates cut at 512 tokens).
///
/// So unless the user gives a number (`taskMaxTokens`, `--max-tokens`: then it is the cap,
/// `CodeTaskOptions.limitTokens(to:)`), 512 is the answer's own room beyond what it repeats of the prompt's
/// code: `timesQuoted` times the quoted code's tokens more (once for a written function, four times for a
/// translation), within what the model's context leaves after the prompt. Only answers that go on use the
/// room: an answer ends with its code block, whatever room is left.
public enum AnswerRoom {
    /// A translation may be four times as long as its source: HumanEval-X translations from Python that pass are
    /// 2.6 times their source's code at the median into C++ (2.5 into Go, 2.0 into Java) and 4.2 times at the 90th
    /// percentile (`lengthRatio` of the recorded candidates, docs/data).
    public static let translationTimesSource = 4
    /// A written function repeats the comment and signature once.
    public static let writingTimesPrompt = 1

    /// The tokens an answer may take: `maxTokens` plus `timesQuoted` × `quotedTokens`, but no more than
    /// `context` leaves after `promptTokens`, and never less than `maxTokens` (a prompt that leaves less than
    /// that is refused before any work, `CodeTaskError.promptTooLong`).
    public static func tokens(maxTokens: Int, quotedTokens: Int, timesQuoted: Int, promptTokens: Int, context: Int) -> Int {
        let wanted = maxTokens + max(0, timesQuoted) * max(0, quotedTokens)
        return max(maxTokens, min(wanted, context - promptTokens))
    }
}
