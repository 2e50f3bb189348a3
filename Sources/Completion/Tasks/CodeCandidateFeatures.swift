import Foundation
import Languages

/// Whole-function features of one candidate, and the score ranking sorts by.
public struct CodeCandidateFeatures: Sendable, Equatable, Codable {
    /// Mean log-probability of the generated tokens.
    public var meanLogprob: Double
    /// Mean log-probability of the tokens that are code, comments left out (`CandidateCodeChecks`).
    public var codeMeanLogprob: Double
    /// Every bracket the code opens it closes, outside strings and comments.
    public var bracketsBalanced: Bool
    /// The code block or the function ended (a stop rule or the model's own end), not a token limit.
    public var blockClosed: Bool
    /// The expected function name (in the target's naming style) is defined, or no name was expected.
    public var nameKept: Bool
    /// The defined function takes as many parameters as expected, or no arity was expected.
    public var arityKept: Bool
    /// Markers of the source language left in a translation (`def `, `self.` in Java); a marker the target writes
    /// for its own reasons (`CodeLanguage.ownSyntaxAmongOtherMarkers`: Python's `s[::-1]` for C++'s `::`) is not one.
    public var sourceMarkersLeft: Int
    /// Length of the code relative to the source, both counted by `codeLength` (1 when there is no source).
    public var lengthRatio: Double
    /// Locals the code assigns and never reads (`CandidateCodeChecks.unusedLocals`).
    public var unusedLocals: Int
    /// Python locals set to zero and then read, never changed (`CandidateCodeChecks.unchangedZeroLocals`): an
    /// accumulation left out; nil in records from before it.
    public var unchangedZeroLocals: Int?
    /// How far the candidate's control flow is from the source's (`ControlFlowShape.distance`: conditions,
    /// alternatives and loops more or fewer); nil where it is not compared (not a translation, one not decoded by
    /// beam search, records from before it).
    public var controlFlowDrift: Int?
    /// Assignments to names the code bound immutably (`const`, `val`, `let`: `ImmutableBindingCheck`) as the model
    /// wrote them; nil where the language has no such check (and in records from before it). Not in the score:
    /// the engine mends them before any check (`CodeTaskEngine.run`), and mended candidates passed their tests
    /// (docs/translate-and-write.md).
    public var constantsReassigned: Int?
    /// Whether the code does nothing: its function's body is empty, a comment, or a stand-in (`pass`,
    /// `raise NotImplementedError`, `todo!()`, …: `CandidateCodeChecks.isPlaceholder`); nil in records from before it.
    public var placeholder: Bool?
    /// Whether the examples of the comment/docstring passed when run (nil: not run).
    public var examplesPassed: Bool?
    /// How many of them held (nil: not run). Candidates are ranked by it first: one example the docstring
    /// states wrongly (HumanEval has a few) fails every candidate alike and no longer hides the others.
    public var examplesHeld: Int?
    /// Whether the language's compiler accepted the code (Python: its parser and `PythonScopeCheck`;
    /// `BuildChecker`; nil: not checked).
    public var builds: Bool?
    /// The reviewer's mean log-probability per token of the function's comment after the candidate's code
    /// (`CandidateReviewer`); nil: not reviewed (one candidate, a translation, or the option off).
    public var reviewLogprob: Double?

    /// How much the reviewer's log-probability counts beside the coder's: chosen on the recorded candidates
    /// of HumanEval-X (docs/translate-and-write.md, coder-reviewer ranking), where weights 0.25–1 chose best
    /// (0.5 most) and larger ones let the reviewer overrule confident code.
    public static let reviewWeight = 0.5

    /// What each unit of `controlFlowDrift` costs: a tie-breaker among beams whose mean log-probabilities are a few
    /// thousandths apart. On every recorded beam translation into Python (docs/translate-and-write.md, "Control flow
    /// kept from the source") weights 0.002 to 0.01 gave the same choices, from 0.02 on they overruled the model.
    public static let controlFlowDriftWeight = 0.005

    /// The ranking score: the mean log-probability of the code tokens (comments are cheap tokens: a sample
    /// half made of comments looked likelier than the greedy code), minus a penalty for each whole-function
    /// feature that fails. On HumanEval-X (docs/translate-and-write.md) the code mean and the unused-local
    /// penalty chose differently from the plain mean on a few tasks and passed as many in all (91 tasks of the
    /// 1.5B, 52 of the 0.5B): kept for the failure they were made for (a sample that ignores a value it computed).
    public var score: Double {
        var s = codeMeanLogprob
        if !bracketsBalanced { s -= 1.0 }
        if !blockClosed { s -= 1.0 }
        if !nameKept { s -= 0.7 }
        if !arityKept { s -= 0.5 }
        s -= 0.4 * Double(min(sourceMarkersLeft, 3))
        if lengthRatio < 0.25 || lengthRatio > 4 { s -= 0.5 }
        s -= 0.5 * Double(min(unusedLocals, 2))   // Go refuses them; elsewhere a computed value was ignored
        s -= 0.5 * Double(min(unchangedZeroLocals ?? 0, 2))   // a value meant to accumulate stayed 0
        s -= Self.controlFlowDriftWeight * Double(controlFlowDrift ?? 0)
        if placeholder == true { s -= 2 }   // `# Your code here` had won a written Ruby function on the reviewer's score
        if builds == false { s -= 2 }   // (the ranking puts what builds first in any case)
        if examplesPassed == false { s -= 3 }   // (the ranking puts more examples held first in any case)
        if let reviewLogprob { s += Self.reviewWeight * reviewLogprob }
        return s
    }
}

/// What a candidate is judged against.
public struct CodeCandidateExpectation: Sendable {
    /// The language the candidate is written in.
    public var language: CodeLanguage
    /// The source language of a translation (nil when writing a function).
    public var sourceLanguage: CodeLanguage?
    /// The function the candidate must define (name in any style; it is compared in the target's style).
    public var function: FunctionSignature?
    /// Length of the source being translated, in characters of code (`codeLength`: comments, strings and
    /// white space left out, so a long docstring does not make a short translation look truncated); nil: no
    /// length check.
    public var sourceLength: Int?
    /// The source being translated (nil when writing a function): some mends need to know what it says.
    public var sourceText: String?
    /// The source's control flow (`ControlFlowShape`), which candidates are compared with
    /// (`CodeCandidateFeatures.controlFlowDrift`); nil: not compared. Set for translations decoded by beam search
    /// (the default into Python), where it was measured; sampled candidates differ in style more than in slips,
    /// and there the same comparison moved a task or two either way.
    public var sourceShape: ControlFlowShape?
    /// The functions' names as the target's declaration spells them (`TranslateRequest.targetSignature`: a helper
    /// it gives, then the function asked for), which a candidate's other spelling of one is renamed to (`DeclaredName`).
    public var declaredNames: [String]

    public init(language: CodeLanguage, sourceLanguage: CodeLanguage? = nil, function: FunctionSignature? = nil, sourceLength: Int? = nil,
                sourceText: String? = nil, declaredNames: [String] = []) {
        self.language = language
        self.sourceLanguage = sourceLanguage
        self.function = function
        self.sourceLength = sourceLength
        self.sourceText = sourceText
        self.declaredNames = declaredNames
    }

    /// The features of `code` (the candidate's function or block), generated with `tokenLogprobs`.
    /// `definitionContext` is code before the candidate that belongs to it (the signature a fill-in-the-middle
    /// body continues), used for the name and arity checks.
    /// `openedBefore` is what the candidate's brackets continue (the `{` of a signature whose body it writes).
    /// `tokenTexts` are the texts of the generated tokens (for the mean log-probability of code tokens).
    public func features(code: String, tokenLogprobs: [Double], tokenTexts: [String] = [], closed: Bool, definitionContext: String = "",
                         openedBefore: String = "") -> CodeCandidateFeatures {
        let mean = tokenLogprobs.isEmpty ? -10 : tokenLogprobs.reduce(0, +) / Double(tokenLogprobs.count)
        let defined = FunctionSignature.all(in: definitionContext + code, language: language)
        var nameKept = true
        var arityKept = true
        if let function {
            // The declaration's name counts as kept too: the function asked for is its last, and `DeclaredName`
            // gives a candidate that name where the declaration spells it with a slip (`filp_case` for `flip_case`).
            let wanted = Set(([function.name, language.styledName(function.name)] + declaredNames.suffix(1)).map { $0.lowercased() })
            let match = defined.first { wanted.contains($0.name.lowercased()) }
            nameKept = match != nil
            // Java/C++ methods may take `this` implicitly, Python's `self` is not counted: compare as written.
            arityKept = match.map { $0.arity == function.arity } ?? false
        }
        // Strings and comments out once, for the markers, the length and the unused locals.
        let stripped = Self.codeOnly(code, language: language)
        var markers = 0
        if let source = sourceLanguage, source != language {
            let own = Set(language.markers).union(language.ownSyntaxAmongOtherMarkers)
            for marker in source.markers where !own.contains(marker) && !marker.trimmingCharacters(in: .whitespaces).isEmpty {
                if stripped.contains(marker) { markers += 1 }
            }
        }
        let ratio = sourceLength.map { Double(Self.nonBlankCount(stripped)) / Double(max($0, 1)) } ?? 1
        return CodeCandidateFeatures(meanLogprob: mean,
                                     codeMeanLogprob: CandidateCodeChecks.codeMeanLogprob(tokenTexts: tokenTexts, logprobs: tokenLogprobs, language: language),
                                     bracketsBalanced: Self.bracketsBalanced(openedBefore + code, language: language),
                                     blockClosed: closed, nameKept: nameKept, arityKept: arityKept, sourceMarkersLeft: markers,
                                     lengthRatio: ratio, unusedLocals: CandidateCodeChecks.unusedLocals(inCodeOnly: stripped, language: language),
                                     unchangedZeroLocals: CandidateCodeChecks.unchangedZeroLocals(inCodeOnly: stripped, language: language),
                                     controlFlowDrift: sourceShape.map { ControlFlowShape(ofCodeOnly: stripped, language: language).distance(to: $0) },
                                     constantsReassigned: ImmutableBindingCheck.reassignments(in: code, language: language),
                                     placeholder: CandidateCodeChecks.isPlaceholder(inCodeOnly: stripped, language: language),
                                     examplesPassed: nil, reviewLogprob: nil)
    }

    /// Whether `code` does nothing (`CodeCandidateFeatures.placeholder`), decided as `features` decides it.
    public static func isPlaceholder(_ code: String, language: CodeLanguage) -> Bool {
        CandidateCodeChecks.isPlaceholder(inCodeOnly: codeOnly(code, language: language), language: language)
    }

    /// Whether every `(`, `[` and `{` outside strings and comments is closed in order, and no string is left open.
    static func bracketsBalanced(_ code: String, language: CodeLanguage) -> Bool {
        var scanner = CodeScanner(language: language)
        var stack: [Character] = []
        let pairs: [Character: Character] = [")": "(", "]": "[", "}": "{"]
        for c in code where scanner.isCode(c) {
            if "([{".contains(c) { stack.append(c) }
            if let open = pairs[c] {
                guard stack.last == open else { return false }
                stack.removeLast()
            }
        }
        return stack.isEmpty && !scanner.isInsideString
    }

    /// How many characters of `code` are code: not white space, not inside strings or comments.
    public static func codeLength(_ code: String, language: CodeLanguage) -> Int {
        nonBlankCount(codeOnly(code, language: language))
    }

    private static func nonBlankCount(_ text: String) -> Int {
        text.reduce(0) { $1.isWhitespace ? $0 : $0 + 1 }
    }

    /// `code` with strings and comments removed (so a marker inside a string does not count); line breaks stay.
    static func codeOnly(_ code: String, language: CodeLanguage) -> String {
        String(CodeScanner.classify(code, language: language).lazy.filter { $0.kind == .code || $0.character == "\n" }.map(\.character))
    }
}
