import Foundation
import Languages

/// How many conditions, alternatives and loops a piece of code has: the shape of its control flow, which a
/// faithful translation keeps. Beam search into Python gives candidates that differ by a token or two, and the
/// slip that loses a task is often a change of shape: HumanEval-X C++→Python `do_algebra`'s three passes over
/// the operators (powers, then products, then sums) merged into one loop with an `elif` per operator, which
/// ignores precedence, scored 0.003 above the candidate that kept the three loops.
///
/// Counted on the code without strings and comments (`CodeCandidateExpectation.codeOnly`), by keyword:
/// - conditions: `if`, Python's `elif`, Ruby's `elsif`, Swift's `guard`, and a ternary `?` (C, C++, Java,
///   JavaScript, TypeScript, C#, PHP; not `?.`, `??`, `?:`, `<?>` or C#'s `int? x`, which are something else);
/// - alternatives: `else` not followed by `if` (C's `else if` is one condition, as Python's `elif`), and a
///   ternary's `?` (its `:` branch);
/// - loops: `for` and `while` (Python's comprehensions and generators have their `for`), Rust's `loop`, Ruby's `until`.
///
/// `switch`, `match` and library calls that loop (`sum`, `max`, `std::count`) are not counted: the drift is a
/// tie-breaker among near-equal candidates (`CodeCandidateFeatures.controlFlowDrift`), not a measure of meaning.
public struct ControlFlowShape: Equatable, Sendable {
    /// `if`-like conditions, a ternary's included.
    public var conditions = 0
    /// `else` branches, a ternary's included.
    public var alternatives = 0
    /// Loops, comprehensions included.
    public var loops = 0

    public init(conditions: Int = 0, alternatives: Int = 0, loops: Int = 0) {
        self.conditions = conditions
        self.alternatives = alternatives
        self.loops = loops
    }

    /// The shape of `code` in `language` (strings and comments are left out here).
    public init(of code: String, language: CodeLanguage) {
        self.init(ofCodeOnly: CodeCandidateExpectation.codeOnly(code, language: language), language: language)
    }

    /// The shape of `stripped`: code without its strings and comments.
    init(ofCodeOnly stripped: String, language: CodeLanguage) {
        let words = CandidateCodeChecks.identifiers(in: stripped)
        for (i, word) in words.enumerated() {
            switch word {
            case "if", "elif", "elsif", "guard": conditions += 1
            case "else" where i + 1 < words.count && words[i + 1] == "if": break   // `else if`: one condition, counted at its `if`
            case "else": alternatives += 1
            case "for", "while": loops += 1
            case "loop" where language.id == "rust": loops += 1
            case "until" where language.id == "ruby": loops += 1
            default: break
            }
        }
        let ternaries = Self.ternaryCount(stripped, language: language)
        conditions += ternaries
        alternatives += ternaries
    }

    /// How far `self` is from `other`: the differences of the three counts, summed.
    public func distance(to other: ControlFlowShape) -> Int {
        abs(conditions - other.conditions) + abs(alternatives - other.alternatives) + abs(loops - other.loops)
    }

    /// Languages whose `?` may be the conditional operator.
    static let ternaryLanguages: Set<String> = ["c", "cpp", "java", "javascript", "typescript", "csharp", "php"]

    /// The `?` of conditional expressions in `stripped`: a `?` neither doubled (`??`) nor followed by `.`, `:`,
    /// `)`, `,`, `>`, `]` or `;` (optional chaining, optional parameters, generics' wildcards), with a space or
    /// a value after it; in C#, not one written against a name with a space after it (`int? count`, a nullable type).
    private static func ternaryCount(_ stripped: String, language: CodeLanguage) -> Int {
        guard ternaryLanguages.contains(language.id) else { return 0 }
        let characters = Array(stripped)
        var count = 0
        for (i, c) in characters.enumerated() where c == "?" {
            let before: Character? = i > 0 ? characters[i - 1] : nil
            let after: Character? = i + 1 < characters.count ? characters[i + 1] : nil
            guard before != "?", let after, !"?.:),>];".contains(after) else { continue }
            if language.id == "csharp", let before, before.isLetter || before.isNumber || before == "_", after.isWhitespace { continue }
            count += 1
        }
        return count
    }
}
