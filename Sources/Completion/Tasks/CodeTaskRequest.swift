import Languages

/// How many candidates a task makes and how.
public enum CodeTaskStrategy: String, Sendable, CaseIterable, Codable {
    /// One candidate, the most likely token at every step.
    case greedy
    /// The greedy candidate plus samples, all sharing the prompt's KV cache, ranked by whole-function features.
    case ranked
    /// Beam search sharing the prompt's KV cache, ranked by whole-function features.
    case beam

    /// The strategy of a translation into `target` when none is asked: beam search into Python, the greedy path
    /// and samples (`ranked`) elsewhere. On HumanEval-X's four rows into Python (1.5B, all 164 tasks each, Zen 5,
    /// docs/translate-and-write.md, "Beam search for translations into Python") beam chose as many passing
    /// translations in all (568 of 656) in less time (1.3–1.6× greedy's against 1.7–1.9×), and more on C++→Python,
    /// where the samples rewrote the source's algorithm from memory (142 against 139; 145 would be llama-server's
    /// +5 points). Translations from Python were not measured with beam.
    public static func translationDefault(into target: CodeLanguage) -> CodeTaskStrategy {
        target.id == "python" ? .beam : .ranked
    }

    /// The strategy of a written function when none is asked: the greedy path and samples.
    public static let writingDefault: CodeTaskStrategy = .ranked
}

/// How a function is written from its comment.
public enum WriteMethod: String, Sendable, CaseIterable, Codable {
    /// Fill-in-the-middle: the file up to the comment and signature is the prefix, the rest the suffix.
    case fim
    /// The model's chat template, asked to write the function (code taken from the first fenced block).
    case instruction
}

/// Settings shared by both tasks.
public struct CodeTaskOptions: Sendable {
    /// How candidates are made; nil: the task's default (`CodeTaskStrategy.translationDefault(into:)`, `writingDefault`).
    public var strategy: CodeTaskStrategy?
    /// Candidates to generate for `ranked` and `beam`; nil: the task's own default (`writingCandidates(in:)`,
    /// `translationCandidates`).
    public var candidates: Int?
    /// Sampling temperature of the extra candidates of `ranked`.
    public var temperature: Double
    /// Most tokens of an answer. Without a number given (`nil` to the initializer) it is 512, and an instruction
    /// answer may also take what it repeats of the prompt's code (`roomForRepeatedCode`, `AnswerRoom`); a number
    /// given (`taskMaxTokens`, `--max-tokens`, `limitTokens(to:)`) is the cap.
    public internal(set) var maxTokens: Int
    /// Whether an instruction answer's room grows with the code its prompt quotes (`AnswerRoom`): true unless a
    /// number of tokens was given.
    public internal(set) var roomForRepeatedCode: Bool
    /// The most tokens of an answer when no number is given.
    public static let defaultMaxTokens = 512
    /// Seconds after which generation stops (nil: no limit).
    public var timeBudget: Double?
    /// Run examples from the comment/docstring to filter candidates. Runs generated code: off by default.
    public var allowRunningCode: Bool
    /// Rank several candidates of a written function also by the reviewer's score (`CandidateReviewer`): how
    /// likely the model finds the function's comment after each candidate's code. On by default: it chose
    /// better on HumanEval-X (docs/translate-and-write.md) for one prompt pass per distinct candidate read (`reviewedCandidates`).
    /// Translations are not reviewed (it chose as well as the score alone there).
    public var review: Bool
    /// How many candidates the reviewer reads: the best by the ranking without it (distinct code; one that
    /// differs from them only in comments shares their score). 3: on the 282 recorded HumanEval-X write tasks
    /// with reviews (`infill eval --task-report --reviews`), reading the best three chose as many passing
    /// functions as reading all (about four a task; the best two: 2 fewer of 192 on the 1.5B), for a quarter
    /// less of the reviewer's time (docs/translate-and-write.md, "Go→Python and JavaScript→Python on 82 tasks;
    /// the system turn", the reviewer's paragraph).
    public var reviewedCandidates: Int
    /// The reviewer reads only when the best two candidates that could come first are within this much of
    /// each other by score (mean log-probability per token); further apart, the best is taken unread.
    /// 0.05: ranked again by `infill eval --task-report --review-margin` on the 282 recorded HumanEval-X write
    /// tasks with offline reviews and the 197 reviewed in the engine, it chose exactly as many passing
    /// functions as reading always (0.02 and 0.03 lost 2 of the 282) (docs/translate-and-write.md, "Writing
    /// within 3× of greedy"). 1000 always reads.
    public var reviewMargin: Double
    /// When no candidate builds (`buildCheck`), or with `allowRunningCode` none satisfies every example,
    /// show the model the best one and what failed, and take one more round of candidates
    /// (`CodeTaskEngine+Repair`; instruction tasks only).
    public var repair: Bool
    /// Check that several candidates build with the language's compiler (C++, Java, Go; Python: its parser
    /// and a scope check; `LocalBuildChecker`), which reads the code and runs nothing, and rank those that do
    /// not build last. On by default: on
    /// HumanEval-X Python→C++ it chose a passing translation more often (docs/translate-and-write.md).
    /// Not done for the greedy strategy (one candidate, nothing to choose between).
    public var buildCheck: Bool
    /// Write the answer's opening fence (```` ```python ````) into the prompt, so the model starts with the
    /// code. Off: the model may first say what it does ("Here is the Python code that translates…"), and
    /// the code is taken from the first fenced block of its answer. Nil: the default, measured on HumanEval-X
    /// (docs/translate-and-write.md): translations without (made to start with code, the 1.5B rewrote C++
    /// functions from their comments instead of translating them: greedy C++→Python passed 9 more and 3
    /// fewer of 164 tasks without, the other directions 5 more and 2 fewer of 91; ranked C++→Python 133
    /// instead of 131 of 164); written functions with (not measured without).
    public var answerPrefill: Bool?
    /// Tokens of the file around a function written by fill-in-the-middle: the nearest lines on each side,
    /// three quarters for the code before it (completion's `ContextWindow`). 2048 holds a few hundred lines
    /// (every HumanEval-X file whole) and costs the 1.5B about 13 s of prompt at its measured 150–160
    /// tokens/s on two Zen 5 cores (docs/performance.md). Translations and instruction writes send the
    /// selection, or the comment and signature, whole: refused when past the model's context
    /// (`CodeTaskError.promptTooLong`).
    public var contextTokens: Int
    /// The system turn of instruction prompts (translations and functions written by instruction; the
    /// reviewer keeps the template's). The default is the model template's own, the prompt the model was
    /// tuned with. Without it (`.none`, what llama-server sends without `--jinja`) the 1.5B's greedy
    /// C++→Python answers are llama-server's to the character on 152 of 164 HumanEval-X tasks (111 with it),
    /// but no more of them pass (docs/translate-and-write.md, "The system turn").
    public var systemPrompt: SystemPrompt
    /// Told each stage of a run as it starts (`CodeTaskStage`), on the engine's thread: an observer of the run,
    /// not a setting (the daemon reports it as `$/progress`). Nil: nobody watches.
    public var onStage: (@Sendable (CodeTaskStage) -> Void)?

    /// A written function's candidates when `candidates` is nil: the greedy path and two samples, three in
    /// Python. On the 1.5B's recorded HumanEval-X write tasks ranked again without the fourth sample's
    /// candidates (`infill eval --task-report --candidates 3`), Python lost 3 of 68 tasks' passing choices and
    /// the other languages together gained 1 of 265 (C++ −1, JavaScript +2), for a row less per decoding step and
    /// a reading less for the reviewer; Python's fourth sample is cheap (its samples mostly share their
    /// path, and its candidates are often the same code, so the reviewer seldom reads) and writing Python was
    /// within 3× of greedy's time with it (docs/translate-and-write.md, "Three candidates for a written function").
    public static func writingCandidates(in language: CodeLanguage) -> Int {
        language.id == "python" ? 4 : 3
    }
    /// A translation's candidates when `candidates` is nil: the greedy path and three samples (into Python, four
    /// beams: `CodeTaskStrategy.translationDefault(into:)`). Translations
    /// lose without the fourth (Python→Go 35 → 31 of 48, Java→Python 25 → 23 of 27 on the same kind of
    /// replay), and they are within 3× of greedy's time with it.
    public static let translationCandidates = 4

    /// Caps every answer at `tokens` (the room no longer grows with the code a prompt quotes).
    public mutating func limitTokens(to tokens: Int) {
        maxTokens = tokens
        roomForRepeatedCode = false
    }

    public init(strategy: CodeTaskStrategy? = nil, candidates: Int? = nil, temperature: Double = 0.6, maxTokens: Int? = nil,
                timeBudget: Double? = nil, allowRunningCode: Bool = false, review: Bool = true, repair: Bool = true, buildCheck: Bool = true,
                answerPrefill: Bool? = nil, contextTokens: Int = 2048, systemPrompt: SystemPrompt = .templateDefault,
                reviewedCandidates: Int = 3, reviewMargin: Double = 0.05) {
        self.strategy = strategy
        self.candidates = candidates
        self.temperature = temperature
        self.maxTokens = maxTokens ?? Self.defaultMaxTokens
        self.roomForRepeatedCode = maxTokens == nil
        self.timeBudget = timeBudget
        self.allowRunningCode = allowRunningCode
        self.review = review
        self.repair = repair
        self.buildCheck = buildCheck
        self.answerPrefill = answerPrefill
        self.contextTokens = contextTokens
        self.systemPrompt = systemPrompt
        self.reviewedCandidates = reviewedCandidates
        self.reviewMargin = reviewMargin
    }
}

/// Translate `source` from one language to another.
public struct TranslateRequest: Sendable {
    public var source: String
    /// The source's language (nil: detected from the text).
    public var from: CodeLanguage?
    public var to: CodeLanguage
    /// A signature the translation must use, in the target language (e.g. from a test harness).
    public var targetSignature: String?
    /// What the build check reads for a candidate: the document it goes into with the candidate in place
    /// (`DocumentCodeTask`), where the file's helpers and types are; nil: the candidate alone.
    public var buildProgram: (@Sendable (String) -> String)?
    /// With `buildProgram`: the verdict of that document without the candidate (`BuildBaseline`), for when it
    /// fails for reasons of its own. Nil: none.
    public var buildBaseline: BuildBaseline?

    public init(source: String, from: CodeLanguage?, to: CodeLanguage, targetSignature: String? = nil,
                buildProgram: (@Sendable (String) -> String)? = nil, buildBaseline: BuildBaseline? = nil) {
        self.source = source
        self.from = from
        self.to = to
        self.targetSignature = targetSignature
        self.buildProgram = buildProgram
        self.buildBaseline = buildBaseline
    }

    /// What the build check compiles of each candidate translated from `language`: all of it for a script (a
    /// source with an entry point or statements of its own, which `TranslationFit` keeps in the answer), else its
    /// definitions.
    public func buildScope(from language: CodeLanguage) -> BuildScope {
        TranslationFit.isDefinitionsOnly(TopLevelItem.split(TopLevelItem.dedented(source), language: language)) ? .definitions : .wholeProgram
    }

    /// What the reviewer would read after each candidate: the source's own comments and docstrings ("" when
    /// it has none: code is not a description). The engine does not review translations; the eval's
    /// `--task-review` measures it with this text.
    public func reviewedText(from language: CodeLanguage) -> String {
        CandidateReviewer.description(in: source, language: language)
    }
}

/// Write the function a comment (and maybe a signature) asks for.
public struct WriteFunctionRequest: Sendable {
    /// Code before the function's body: up to and including the comment and signature.
    public var prefix: String
    /// Code after it (the rest of the file).
    public var suffix: String
    public var language: CodeLanguage
    /// Whether `prefix` ends inside the function's body (after a signature), or before the function.
    public var prefixEndsInsideBody: Bool
    /// The function expected, when a signature gives it.
    public var function: FunctionSignature?
    public var method: WriteMethod
    /// The words of the function's own comment or docstring (`CandidateReviewer.description`), which the
    /// reviewer scores after each candidate; nil: taken from the comments of `prefix`.
    public var description: String?

    public init(prefix: String, suffix: String, language: CodeLanguage, prefixEndsInsideBody: Bool,
                function: FunctionSignature? = nil, method: WriteMethod = .instruction, description: String? = nil) {
        self.prefix = prefix
        self.suffix = suffix
        self.language = language
        self.prefixEndsInsideBody = prefixEndsInsideBody
        self.function = function
        self.method = method
        self.description = description
    }

    /// What the reviewer reads after each candidate: `description`, else the comments of `prefix`.
    public var reviewedText: String {
        description ?? CandidateReviewer.description(in: prefix, language: language)
    }

    /// What the build check reads for a candidate's `code`: a fill-in-the-middle candidate in its whole file
    /// (`document(with:)`). A Python instruction answer as it goes into the file (`InstructionAnswerFit`: an
    /// example call cut off at the token limit after the function is not kept) after the imports of the file,
    /// which the prompt shows and the answer need not repeat, and its own (Python's scope check reports a
    /// name nothing defines). C++, Java and Go answers whole, as measured (their harnesses add the standard
    /// headers and imports, and the build check leaves out an entry point).
    public func buildProgram(for code: String) -> String {
        if method == .fim { return document(with: code) }
        guard language.id == "python" else { return code }
        let fitted = InstructionAnswerFit.fit(code, language: language, function: function ?? FunctionSignature.first(in: code, language: language),
                                              definedElsewhere: [], document: prefix, siteIsNested: false, documentHasComment: false)
        let imports = ImportLines.documentImports(prefix, language: language).map(\.text) + fitted.missingImports
        return imports.isEmpty ? fitted.code : (imports + ["", fitted.code]).joined(separator: "\n")
    }

    /// The whole file with a fill-in-the-middle candidate (`code`: the body through its closing brace, or the
    /// whole function) between `prefix` and `suffix`, as the edit puts it there (`fimMiddle`; the
    /// indentation aside). The build check compiles this, not the function alone: a function written among
    /// others calls the file's helpers and uses its types and fields, which the function alone lacks. (A file
    /// that does not build for another reason fails every candidate alike: each is then judged by the messages
    /// it adds to those of the file with `emptyMiddle`, `BuildBaseline`.) Examples still run against the
    /// function alone (`CodeTaskEngine.runnableFunction`): in the whole file its top-level code would run too.
    public func document(with code: String) -> String {
        prefix + fimMiddle(code, insideBody: prefixEndsInsideBody, indentation: "", afterLineBreak: prefix.hasSuffix("\n")) + suffix
    }

    /// The smallest fill-in-the-middle candidate that completes the function: its closing brace, Python's `pass`
    /// indented as the body, nothing when the prefix ends before the function; nil for a language whose body ends
    /// otherwise (Ruby's `end`: not built). The file with it is what the candidates' builds are compared with when
    /// they all fail (`BuildBaseline`).
    var emptyMiddle: String? {
        guard prefixEndsInsideBody else { return "" }
        switch language.blockStyle {
        case .braces: return "}"
        case .indentation:
            guard let last = prefix.split(separator: "\n").last(where: { $0.contains { !$0.isWhitespace } }) else { return nil }
            let indentation = String(last.prefix { $0 == " " || $0 == "\t" })
            return (last.trimmingCharacters(in: .whitespaces).hasSuffix(":") ? indentation + "    " : indentation) + "pass"
        case .endKeyword: return nil
        }
    }
}

/// One ranked result.
public struct CodeTaskCandidate: Sendable {
    /// The code to insert: for a translation the whole translated code; for a function the whole function
    /// (for fill-in-the-middle, the generated body appended to the signature part of the prefix is not
    /// repeated: `code` is what follows `WriteFunctionRequest.prefix`).
    public var code: String
    public var features: CodeCandidateFeatures
    public var score: Double { features.score }
    /// Which of the decoded candidates gave this code (several when they wrote the same): with `ranked`,
    /// 0 is the greedy path and the others are samples; with `beam`, the beam's rank. A repair round's
    /// samples are numbered after the first round's.
    public var sampleIndices: [Int] = []
    /// Whether a repair round wrote it (`CodeTaskEngine+Repair`).
    public var repaired = false
    /// What failed when its examples ran (`ExampleVerdict.failure`); nil when they held or did not run.
    public var exampleFailure: String?
    /// The compiler's messages when it did not build (`BuildVerdict.failure`); nil when it built or was not checked.
    public var buildFailure: String?

    public init(code: String, features: CodeCandidateFeatures, sampleIndices: [Int] = [], repaired: Bool = false) {
        self.code = code
        self.features = features
        self.sampleIndices = sampleIndices
        self.repaired = repaired
    }
}

/// The outcome of a task.
public struct CodeTaskResult: Sendable {
    /// Best first.
    public var candidates: [CodeTaskCandidate]
    public var promptTokens: Int
    public var generatedTokens: Int
    public var seconds: Double
    public var cancelled: Bool
    /// Why candidates that go into a file were built alone, without it: the rest of the file fails in a way that
    /// could hide their errors (its first message). The caveat says so (`CodeTaskResult.caveat`): a name the
    /// file defines is missing alone.
    public var builtAloneBecause: String? = nil
    /// How the candidates were made (the asked strategy, or the task's default); nil in a result built elsewhere.
    public var strategy: CodeTaskStrategy? = nil
}
