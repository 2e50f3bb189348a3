import Languages
import Foundation

/// A candidate as the ranking stage sees it.
public struct RankingCandidate: Sendable {
    public var text: String
    public var tokenLogprobs: [Double]
    public var endedByModel: Bool

    public init(text: String, tokenLogprobs: [Double], endedByModel: Bool) {
        self.text = text
        self.tokenLogprobs = tokenLogprobs
        self.endedByModel = endedByModel
    }
}

/// The code around the cursor.
public struct RankingContext: Sendable {
    public var prefix: String
    public var suffix: String
    public var singleLine: Bool
    /// The language's brackets, strings and comments (to tell the suggestion's own closing brackets from
    /// the suffix's).
    public var syntax: LexicalSyntax

    /// A context; `syntax` defaults to brackets and quotes of no particular language.
    public init(prefix: String, suffix: String, singleLine: Bool, syntax: LexicalSyntax = .generic) {
        self.prefix = prefix
        self.suffix = suffix
        self.singleLine = singleLine
        self.syntax = syntax
    }
}

/// The measured features of one cleaned candidate.
public struct RankingFeatures: Sendable, Codable, Equatable {
    public var meanLogprob: Double
    public var totalLogprob: Double
    public var endedByModel: Bool
    /// Characters trimmed because they repeated the suffix.
    public var suffixOverlap: Int
    /// Brackets left unbalanced (opened and not closed, or closed without opening).
    public var bracketImbalance: Int
    /// Share of repeated non-blank lines.
    public var repetition: Double
    public var lines: Int
    /// Mean log-probability of the first suffix lines after prefix + candidate (see the completion
    /// engine's SuffixFit); nil when not measured (no suffix, another prompt order, or not asked for).
    public var suffixFit: Double?

    /// Creates a feature record (the ranking stage measures these itself; this is for recorded data).
    public init(meanLogprob: Double, totalLogprob: Double, endedByModel: Bool, suffixOverlap: Int,
                bracketImbalance: Int, repetition: Double, lines: Int, suffixFit: Double? = nil) {
        self.meanLogprob = meanLogprob
        self.totalLogprob = totalLogprob
        self.endedByModel = endedByModel
        self.suffixOverlap = suffixOverlap
        self.bracketImbalance = bracketImbalance
        self.repetition = repetition
        self.lines = lines
        self.suffixFit = suffixFit
    }
}

/// A cleaned, scored candidate.
public struct RankedCompletion: Sendable {
    public var text: String
    public var score: Double
    public var features: RankingFeatures
    public var endedByModel: Bool
}

/// Turns candidates into a short list, best first: clean, featurise, score, merge near-duplicates.
public func rank(_ candidates: [RankingCandidate], context: RankingContext, weights: RankingWeights = .singleLine,
                 limit: Int = 3) -> [RankedCompletion] {
    var ranked: [RankedCompletion] = []
    for candidate in candidates {
        let (text, overlap) = PostProcessing.cleanMeasuringOverlap(candidate.text, context: context)
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { continue }
        let features = RankingFeatures(
            meanLogprob: candidate.tokenLogprobs.isEmpty ? 0 : candidate.tokenLogprobs.reduce(0, +) / Double(candidate.tokenLogprobs.count),
            totalLogprob: candidate.tokenLogprobs.reduce(0, +),
            endedByModel: candidate.endedByModel,
            suffixOverlap: overlap,
            bracketImbalance: Brackets.imbalance(text),
            repetition: Repetition.share(text),
            lines: text.split(separator: "\n", omittingEmptySubsequences: false).count)
        let score = weights.score(features)
        let key = Self_normalise(text)
        if let i = ranked.firstIndex(where: { Self_normalise($0.text) == key }) {
            if score > ranked[i].score { ranked[i] = RankedCompletion(text: text, score: score, features: features, endedByModel: candidate.endedByModel) }
            continue
        }
        ranked.append(RankedCompletion(text: text, score: score, features: features, endedByModel: candidate.endedByModel))
    }
    return Array(ranked.sorted { $0.score > $1.score }.prefix(max(1, limit)))
}

/// Adds each candidate's measured suffix fit (same order as `ranked`) and sorts again, best first.
public func rerank(_ ranked: [RankedCompletion], suffixFit: [Double?], weights: RankingWeights = .singleLine) -> [RankedCompletion] {
    var result = ranked
    for i in result.indices where i < suffixFit.count {
        result[i].features.suffixFit = suffixFit[i]
        result[i].score = weights.score(result[i].features)
    }
    return result.sorted { $0.score > $1.score }
}

/// Whitespace-insensitive identity used to merge near-identical candidates.
private func Self_normalise(_ text: String) -> String {
    text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
}

/// How features combine into one score. Kept in one place; the values come from the eval (see README).
public struct RankingWeights: Sendable, Codable, Equatable {
    public var meanLogprob: Double
    public var totalLogprob: Double
    public var endedByModel: Double
    public var suffixOverlap: Double
    public var bracketImbalance: Double
    public var repetition: Double
    /// Weight of `RankingFeatures.suffixFit` (absent features count 0).
    public var suffixFit: Double

    /// Creates a weight vector; `score` is the weighted sum of the features.
    public init(meanLogprob: Double, totalLogprob: Double, endedByModel: Double, suffixOverlap: Double,
                bracketImbalance: Double, repetition: Double, suffixFit: Double = 0) {
        self.meanLogprob = meanLogprob
        self.totalLogprob = totalLogprob
        self.endedByModel = endedByModel
        self.suffixOverlap = suffixOverlap
        self.bracketImbalance = bracketImbalance
        self.repetition = repetition
        self.suffixFit = suffixFit
    }

    /// For single-line suggestions. Chosen by `infill eval --tune-ranking` on the 1.5B's recorded beam:4
    /// candidates of both HumanEval infilling subsets (207 single-line + 70 multi-line tasks, 2026-11-27):
    /// 84.1 % of tasks get a passing candidate first against 81.6 % with the previous weights (1, 0.05, 0.3,
    /// −0.02, −0.5, −1, no suffix fit); chosen on one half and scored on the other, 83.4 %; both halves chose
    /// a positive suffix-fit weight. The ceiling (any candidate passes) is 85.6 %. Re-checked on the final
    /// code's single-line recordings (1.5B beam:4 and sample:4, 0.5B beam:4 and sample:4): within one task
    /// of the best weights on each. See the README's quality section.
    public static let singleLine = RankingWeights(meanLogprob: 0.5, totalLogprob: 0, endedByModel: 0,
                                                  suffixOverlap: 0, bracketImbalance: -0.5, repetition: -1.0, suffixFit: 1.0)

    /// For multi-line suggestions: the mean token log-probability weighs most, with a little of the total,
    /// the repetition penalty and half the single-line suffix-fit weight. Chosen with `infill eval
    /// --tune-ranking` on five multi-line recordings of the final code (0.5B beam:4 on 233 tasks, 0.5B
    /// sample:4 on 70, 1.5B sample:4 on 70, 1.5B beam:4 on 160; 533 tasks): 46.7 % of tasks get a passing
    /// candidate first against 44.8 % with the single-line weights, at least as good on each recording
    /// (+5, +1, +2, +2, +0 tasks); chosen on either half of the tasks, the weights are the same but for the
    /// total's 0.02 / 0.05, and score 46.3 % on the other half. (Weights without suffix fit looked better on
    /// the first 443 tasks and lost 7 of the next 90: the two-fold check on all of them is what decided.)
    public static let multiLine = RankingWeights(meanLogprob: 4, totalLogprob: 0.02, endedByModel: 0,
                                                 suffixOverlap: 0, bracketImbalance: 0, repetition: -1.0, suffixFit: 0.5)

    /// The measured weights for one kind of suggestion.
    public static func measured(multiLine: Bool) -> RankingWeights { multiLine ? Self.multiLine : Self.singleLine }

    public func score(_ f: RankingFeatures) -> Double {
        meanLogprob * f.meanLogprob + totalLogprob * f.totalLogprob + (f.endedByModel ? endedByModel : 0)
            + suffixOverlap * Double(f.suffixOverlap) + bracketImbalance * Double(f.bracketImbalance) + repetition * f.repetition
            + suffixFit * (f.suffixFit ?? 0)
    }

    /// Reads weights recorded before `suffixFit` existed as having it at 0.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        meanLogprob = try c.decode(Double.self, forKey: .meanLogprob)
        totalLogprob = try c.decode(Double.self, forKey: .totalLogprob)
        endedByModel = try c.decode(Double.self, forKey: .endedByModel)
        suffixOverlap = try c.decode(Double.self, forKey: .suffixOverlap)
        bracketImbalance = try c.decode(Double.self, forKey: .bracketImbalance)
        repetition = try c.decode(Double.self, forKey: .repetition)
        suffixFit = try c.decodeIfPresent(Double.self, forKey: .suffixFit) ?? 0
    }
}

/// Cleaning a candidate before it is scored and shown.
public enum PostProcessing {
    /// Removes what duplicates the start of the suffix or the end of the prefix, rewrites indentation to
    /// the file's style (`IndentationStyle`), and drops trailing whitespace and blank lines.
    public static func clean(_ text: String, context: RankingContext) -> String {
        cleanMeasuringOverlap(text, context: context).text
    }

    static func cleanMeasuringOverlap(_ text: String, context: RankingContext) -> (text: String, overlap: Int) {
        var t = text
        // The end of the prefix repeated at the start (the model restarting the current line).
        let lastPrefixLine = context.prefix.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let typed = lastPrefixLine.trimmingCharacters(in: .whitespaces)
        if typed.count >= 3, t.hasPrefix(typed) { t.removeFirst(typed.count) }
        // The longest tail of the candidate that equals the start of the suffix (ignoring leading whitespace).
        let suffix = context.suffix
        var overlap = 0
        let trimmedSuffix = suffix.drop { $0 == " " || $0 == "\t" }
        if !trimmedSuffix.isEmpty {
            let maxLength = min(t.count, trimmedSuffix.count)
            var k = maxLength
            // Two characters or more; a single one only when it is a closer (a lone letter or digit would
            // match by chance too often). Only a tail that leaves the rest at the cursor's level: a bracket or
            // quote the candidate opened is its own to close (`len(|)` with `set(s))`: the last `)` is the
            // suffix's, the one before it the candidate's).
            let cursorState = SyntaxScanner.state(after: lastPrefixLine, syntax: context.syntax)
            while k >= 1 {
                let piece = String(trimmedSuffix.prefix(k))
                if t.hasSuffix(piece) && (k >= 2 || ")]}\"'`;".contains(piece))
                    && endsAtCursorLevel(String(t.dropLast(k)), from: cursorState, syntax: context.syntax) {
                    overlap = k
                    break
                }
                k -= 1
            }
            if overlap > 0 { t.removeLast(overlap) }
        }
        // Indentation in the file's own style (tabs or spaces), as read from the prefix.
        if let style = IndentationStyle.detect(in: context.prefix) {
            t = style.apply(to: t, firstLineStartsLine: lastPrefixLine.allSatisfy { $0 == " " || $0 == "\t" })
        }
        // Trailing whitespace on every line, and trailing blank lines.
        t = t.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line -> Substring in var l = line; while let c = l.last, c == " " || c == "\t" { l.removeLast() }; return l }
            .joined(separator: "\n")
        while t.hasSuffix("\n") { t.removeLast() }
        return (t, overlap)
    }
}

/// Whether `text`, read from the cursor's state, closes everything it opens and nothing opened before it
/// (in a comment, always: prose has no brackets to keep).
func endsAtCursorLevel(_ text: String, from cursorState: SyntaxState, syntax: LexicalSyntax) -> Bool {
    var scanner = SyntaxScanner(syntax: syntax, state: cursorState)
    scanner.scan(Array(text))
    return cursorState.isInComment || scanner.state == cursorState
}

enum Brackets {
    static func imbalance(_ text: String) -> Int {
        var depth = 0, unmatched = 0
        for c in text {
            if "([{".contains(c) { depth += 1 } else if ")]}".contains(c) { if depth > 0 { depth -= 1 } else { unmatched += 1 } }
        }
        return depth + unmatched
    }
}

enum Repetition {
    /// Share of non-blank lines that repeat an earlier line.
    static func share(_ text: String) -> Double {
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard lines.count > 1 else { return 0 }
        return Double(lines.count - Set(lines).count) / Double(lines.count)
    }
}
