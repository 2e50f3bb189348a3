import Decoding
import Foundation
import GGUF
import InfillLog
import Languages
import Tokenizer
import Transformer

/// Why a task cannot run.
public enum CodeTaskError: Error, Equatable, CustomStringConvertible {
    case emptySource
    case unknownSourceLanguage
    case noFillInTheMiddle(model: String)
    case template(ChatTemplateError)
    /// The prompt and the answer's room (`maxTokens`) do not fit in the model's context: nothing was evaluated.
    case promptTooLong(tokens: Int, context: Int, answerTokens: Int)

    public var description: String {
        switch self {
        case .emptySource: return "the selection is empty: there is no code to translate"
        case .unknownSourceLanguage:
            return "cannot tell the language of the code to translate; name it (known: \(CodeLanguage.knownNamesDescription))"
        case .noFillInTheMiddle(let model): return "the model \(model) has no fill-in-the-middle tokens; use the instruction method"
        case .template(let error): return error.description
        case .promptTooLong(let tokens, let context, let answer):
            return "the code is too long for the model: the prompt takes \(tokens) tokens and the model's context of \(context) "
                + "holds \(max(0, context - answer)) besides the \(answer) kept for the answer (taskMaxTokens, --max-tokens); select less code"
        }
    }
}

/// Translation and function writing on a loaded model: the same transformer, thread pool, KV-cache
/// branches and decoding strategies as completion, with whole-function stop rules and ranking.
///
/// One task at a time per engine (a lock): the daemon runs tasks on the same queue as completions, so a
/// running task delays other requests by at most its own length (see `InfillServer`).
public final class CodeTaskEngine: @unchecked Sendable {
    public let model: LoadedModel
    /// The model's chat layout; nil when the file has none (instruction tasks then fail with `templateError`).
    public let template: ChatTemplate?
    /// Why `template` is nil.
    public let templateError: ChatTemplateError?
    /// Runs examples when `allowRunningCode` is on (with the language's own tools; see `LocalExampleRunner`).
    public var exampleRunner: ExampleRunner
    /// Checks that candidates build when `buildCheck` is on (the language's compiler; see `LocalBuildChecker`).
    public var buildChecker: BuildChecker
    private let lock = NSLock()
    /// The last prompt's cache: a second task on the same prompt (another strategy) reuses it (used under `lock`, by `decode`).
    var cache: KVCache?
    /// The reviewer's cache (its rows of the leading tokens a candidate shares with the one read before kept; used under `lock`, by `review`).
    var reviewCache: KVCache?

    public init(model: LoadedModel, exampleRunner: ExampleRunner = LocalExampleRunner(), buildChecker: BuildChecker = LocalBuildChecker()) {
        self.model = model
        self.exampleRunner = exampleRunner
        self.buildChecker = buildChecker
        do {
            // The template is metadata the loaded model does not keep: read it from the file's header once.
            template = try ChatTemplate(gguf: GGUFFile(contentsOf: model.path))
            templateError = nil
        } catch let error as ChatTemplateError {
            template = nil
            templateError = error
        } catch {
            template = nil
            templateError = .missing
        }
    }

    /// How the function at `site` of `text` is written when nobody asked for a method (per task kind, from
    /// the measurements in docs/translate-and-write.md):
    /// - a function the file defines nothing else around (a new file, a HumanEval-X prompt: imports and a
    ///   wrapping class at most) goes to the chat template, which wrote such functions better than
    ///   fill-in-the-middle (whose bodies from these instruct models are mostly terse one-liners); the
    ///   answer is cut down to the function and what it uses (`InstructionAnswerFit`);
    /// - a function among others (a method beside others, a file with helpers) is written by
    ///   fill-in-the-middle, the only prompt that shows the code around it.
    /// A model without a chat template uses fill-in-the-middle, one without FIM tokens the template.
    public func defaultWriteMethod(for site: FunctionSite, in text: String, language: CodeLanguage) -> WriteMethod {
        guard template != nil else { return .fim }
        guard FIMTemplate.detect(in: model.tokenizer) != nil else { return .instruction }
        return site.standsAlone(in: text, language: language) ? .instruction : .fim
    }

    /// Forgets the prompt rows kept from the last task, so that the next task evaluates its whole prompt as
    /// a first request does. `infill eval` calls it between variants: a second strategy on the same prompt
    /// would otherwise skip the prompt the first one paid for, and seem faster than it is for a user.
    public func forgetPromptRows() {
        lock.withLock { cache?.truncate(to: 0) }
    }

    /// The chat template or the error naming why there is none.
    public func requireTemplate() throws -> ChatTemplate {
        guard let template else { throw CodeTaskError.template(templateError ?? .missing) }
        return template
    }

    // MARK: - Tasks

    /// Languages whose candidates are built (and their examples run) only in translations (see `writeFunction`).
    static let builtOnlyWhenTranslated: Set<String> = ["rust", "swift"]

    /// Translates `request.source`; candidates hold the code of the first fenced block of each answer.
    public func translate(_ request: TranslateRequest, options: CodeTaskOptions, isCancelled: @escaping () -> Bool = { false }) throws -> CodeTaskResult {
        guard request.source.contains(where: { !$0.isWhitespace }) else { throw CodeTaskError.emptySource }
        guard let from = request.from ?? LanguageDetection.detect(request.source) else { throw CodeTaskError.unknownSourceLanguage }
        let template = try requireTemplate()
        let user = TaskPrompts.translation(source: request.source, from: from, to: request.to, targetSignature: request.targetSignature)
        var options = options
        options.strategy = options.strategy ?? CodeTaskStrategy.translationDefault(into: request.to)
        options.candidates = options.candidates ?? CodeTaskOptions.translationCandidates
        let expectation = Self.expectation(for: request, from: from, strategy: options.strategy)
        let expected = expectation.function
        // The source's own examples (a doctest, `// f(2) == 4`) check the translation, the call renamed in the target's style.
        let examples = ExampleExtraction.calling(expected?.name, in: ExampleExtraction.examples(in: request.source, language: from))
            .map { ExampleExtraction.renamingCall($0, for: request.to) }
        // Translations are not reviewed: on HumanEval-X the reviewer chose as well as the score alone (−1, −1, +1
        // task on three sets, docs/translate-and-write.md) for three times greedy's time.
        // A script's translation keeps its entry point and top-level statements (`TranslationFit`), so they are built too.
        return try instructionTask(user: user, language: request.to, template: template, expectation: expectation, options: options,
                                   repeats: (request.source, AnswerRoom.translationTimesSource),
                                   isCancelled: isCancelled, examples: examples, reviewed: "", buildable: request.buildProgram,
                                   buildScope: request.buildScope(from: from), buildBaseline: request.buildBaseline, prefillByDefault: false)
    }

    /// What a translation's candidates are judged against: the source's first function, its length and text, the
    /// names the target's declaration gives its functions, if one was given, and with `strategy` `.beam` the source's
    /// control flow (beams differ by a slip or two, and one that changes it ranks below one that keeps it).
    static func expectation(for request: TranslateRequest, from: CodeLanguage, strategy: CodeTaskStrategy? = nil) -> CodeCandidateExpectation {
        var expectation = CodeCandidateExpectation(language: request.to, sourceLanguage: from, function: FunctionSignature.first(in: request.source, language: from),
                                                   sourceLength: CodeCandidateExpectation.codeLength(request.source, language: from), sourceText: request.source,
                                                   declaredNames: request.targetSignature.map { FunctionSignature.all(in: $0, language: request.to).map(\.name) } ?? [])
        if strategy == .beam { expectation.sourceShape = ControlFlowShape(of: request.source, language: from) }
        return expectation
    }

    /// Writes the function `request` asks for. Candidates hold, for `.fim`, the text that follows the prefix
    /// (the body, or the whole function when the prefix ends before it); for `.instruction`, the whole
    /// function from the first fenced block.
    public func writeFunction(_ request: WriteFunctionRequest, options: CodeTaskOptions, isCancelled: @escaping () -> Bool = { false }) throws -> CodeTaskResult {
        let expectation = CodeCandidateExpectation(language: request.language, function: request.function)
        var options = options
        options.strategy = options.strategy ?? CodeTaskStrategy.writingDefault
        options.candidates = options.candidates ?? CodeTaskOptions.writingCandidates(in: request.language)
        // A function written in a Rust or Swift file is neither built nor run: compiled alone it lacks the rest
        // of its crate or module (`use crate::…`, the module's types), so a right function fails as a wrong one
        // does, and a repair round would follow for nothing. A translation, a snippet that stands alone, is.
        if Self.builtOnlyWhenTranslated.contains(request.language.id) {
            options.buildCheck = false
            options.allowRunningCode = false
        }
        switch request.method {
        case .instruction:
            let template = try requireTemplate()
            return try instructionTask(user: TaskPrompts.writeFunction(prefix: request.prefix, language: request.language),
                                       language: request.language, template: template, expectation: expectation,
                                       options: options, repeats: (request.prefix, AnswerRoom.writingTimesPrompt), isCancelled: isCancelled,
                                       examples: request.examples, reviewed: request.reviewedText,
                                       buildable: { request.buildProgram(for: $0) }, prefillByDefault: true)
        case .fim:
            return try fimTask(request, expectation: expectation, options: options, isCancelled: isCancelled)
        }
    }

    /// Writes the function at `site` of `text` by `method`, or when none is asked by the default one
    /// (`defaultWriteMethod`), and says which method wrote the candidates. When the default was
    /// fill-in-the-middle and no candidate builds, the chat template writes the function again and its
    /// candidates are taken if one of them builds: fill-in-the-middle stops at the function's end, so a helper
    /// the function calls and the file lacks is never written (a Go `nthPrime` calling a missing `isPrime`),
    /// while the template's answer brings its helpers (and has a repair round). An asked method is kept as it is.
    public func writeFunction(at site: FunctionSite, in text: String, language: CodeLanguage, method asked: WriteMethod? = nil,
                              options: CodeTaskOptions, isCancelled: @escaping () -> Bool = { false }) throws -> (result: CodeTaskResult, method: WriteMethod) {
        let method = asked ?? defaultWriteMethod(for: site, in: text, language: language)
        let first = try writeFunction(WriteFunctionRequest.at(site, in: text, language: language, method: method), options: options, isCancelled: isCancelled)
        guard asked == nil, method == .fim, template != nil, options.buildCheck, options.repair, !first.cancelled, !first.candidates.isEmpty,
              first.candidates.allSatisfy({ $0.features.builds == false }), !isCancelled() else { return (first, method) }
        let second = try writeFunction(WriteFunctionRequest.at(site, in: text, language: language, method: .instruction), options: options,
                                       isCancelled: isCancelled)
        let taken = second.cancelled || second.candidates.contains { $0.features.builds == true }
        var result = taken ? second : first
        result.promptTokens = first.promptTokens + second.promptTokens
        result.generatedTokens = first.generatedTokens + second.generatedTokens
        result.seconds = first.seconds + second.seconds
        return (result, taken ? .instruction : .fim)
    }

    /// An instruction task: `user` asked in the model's chat template, the code of the first fenced block of each
    /// answer judged. `repeats` is the code `user` quotes that the answer gives again (the source of a translation,
    /// the comment and signature of a written function) and how many times over: the answer's room grows with it
    /// (`AnswerRoom`).
    private func instructionTask(user: String, language: CodeLanguage, template: ChatTemplate, expectation: CodeCandidateExpectation,
                                 options asked: CodeTaskOptions, repeats: (code: String, times: Int), isCancelled: @escaping () -> Bool,
                                 examples: [CodeExample], reviewed: String,
                                 buildable: ((String) -> String)? = nil, buildScope: BuildScope = .definitions,
                                 buildBaseline: BuildBaseline? = nil, prefillByDefault: Bool) throws -> CodeTaskResult {
        var options = asked
        let prefill = (options.answerPrefill ?? prefillByDefault) ? TaskPrompts.answerPrefill(for: language) : ""
        let opened = !prefill.isEmpty
        let tokenizer = model.tokenizer
        let tokens = chatTokens(template.render(options.systemPrompt, user: user, assistantPrefill: prefill))
        let context = model.transformer.configuration.trainedContextLength
        if options.roomForRepeatedCode, tokens.count + options.maxTokens <= context {   // else refused as it is (`checkFits`)
            options.maxTokens = AnswerRoom.tokens(maxTokens: options.maxTokens, quotedTokens: tokenizer.encode(repeats.code, parseSpecial: false).count,
                                                  timesQuoted: repeats.times, promptTokens: tokens.count, context: context)
        }
        let stop = StopRules(custom: { text in
            FencedCode.closedBlockLength(in: text, openedByPrompt: opened).map { .stop(StopDecision(keptText: String(text.prefix($0)), rule: "fence")) } ?? .proceed
        })
        // A repair asks again, the request followed by what failed in the best candidate (its failing lines
        // quoted). Shown its own answer as an earlier turn instead, the model copied it (HumanEval-X Go/17:
        // all four samples, word for word; docs/translate-and-write.md, repair round).
        let repair: RepairPrompt = { failure in
            self.chatTokens(template.render(options.systemPrompt, user: TaskPrompts.repair(user, failure: failure), assistantPrefill: prefill))
        }
        return try run(prompt: tokens, extraEndTexts: template.endOfTurnMarkers, stop: stop, options: options, isCancelled: isCancelled,
                       examples: examples, language: language, reviewed: reviewed, buildable: buildable, buildScope: buildScope,
                       buildBaseline: buildBaseline, repair: repair, translatedFrom: expectation.sourceLanguage,
                       sourceText: expectation.sourceText) { candidate in
            let block = FencedCode.firstBlock(in: candidate.text, openedByPrompt: opened) ?? (candidate.text, false)
            let closed = block.closed || candidate.endedByModel
            // Named as the target's declaration spells it (Go's `MakePalindrome`, not `makePalindrome`) before it is judged.
            let code = DeclaredName.kept(TaskPrompts.trimmed(block.code), declared: expectation.declaredNames, language: language)
            var texts = Self.tokenTexts(candidate, tokenizer)
            var logprobs = candidate.tokenLogprobs
            if !opened, let range = FencedCode.firstBlockCharacters(in: candidate.text, openedByPrompt: false) {
                (texts, logprobs) = Self.tokens(texts, logprobs, within: range)   // what the model said before the code is not the code
            }
            return (code, expectation.features(code: code, tokenLogprobs: logprobs, tokenTexts: texts, closed: closed))
        }
    }

    /// The tokens of a rendered chat prompt (its special tokens parsed), BOS first when the tokenizer adds one.
    func chatTokens(_ text: String) -> [Int32] {
        let tokenizer = model.tokenizer
        var tokens = tokenizer.encode(text, parseSpecial: true)
        if tokenizer.addsBOS, let bos = tokenizer.bosID, tokens.first != bos { tokens.insert(bos, at: 0) }
        return tokens
    }

    private func fimTask(_ request: WriteFunctionRequest, expectation: CodeCandidateExpectation, options: CodeTaskOptions,
                         isCancelled: @escaping () -> Bool) throws -> CodeTaskResult {
        let tokenizer = model.tokenizer
        guard let fim = FIMTemplate.detect(in: tokenizer) else { throw CodeTaskError.noFillInTheMiddle(model: (model.path as NSString).lastPathComponent) }
        var tokens: [Int32] = []
        func marker(_ text: String) -> [Int32] { tokenizer.tokenID(forText: text).map { [$0] } ?? tokenizer.encode(text, parseSpecial: true) }
        // The nearest code on each side, as completion's window (`ContextWindow`): a whole large file would
        // cost its every token in the prompt, and a file past the model's context could not be written in.
        let window = ContextWindow(text: request.prefix + request.suffix, cursorUTF8Offset: request.prefix.utf8.count,
                                   budget: .init(tokens: options.contextTokens),
                                   countTokens: { tokenizer.encode(String($0), parseSpecial: false).count })
        tokens += marker(fim.prefixMarker) + tokenizer.encode(window.prefix, parseSpecial: false)
        tokens += marker(fim.suffixMarker) + tokenizer.encode(window.suffix, parseSpecial: false)
        tokens += marker(fim.middleMarker)
        let signatureColumn = request.language.blockStyle == .braces ? nil : Self.lastSignatureColumn(request.prefix, language: request.language)
        let end = FunctionEnd(language: request.language, startsInsideBody: request.prefixEndsInsideBody, signatureColumn: signatureColumn)
        let stop = StopRules(custom: { end.verdict($0) }, acceptsEnding: { end.acceptsEnding($0) })
        let definition = request.prefixEndsInsideBody ? Self.lastLines(request.prefix, count: 12) : ""
        let opened = request.prefixEndsInsideBody && request.language.blockStyle == .braces ? "{" : ""
        // A file that fails without the function (being edited) fails every candidate alike: then each is judged by what it adds.
        let checker = buildChecker
        let baseline = request.emptyMiddle.map { empty in BuildBaseline { checker.check(code: request.document(with: empty), language: request.language) } }
        return try run(prompt: tokens, extraEndTexts: fim.extraStopMarkers, stop: stop, options: options, isCancelled: isCancelled,
                       examples: request.examples, language: request.language, reviewed: request.reviewedText,
                       runnable: { Self.runnableFunction(prefix: request.prefix, body: $0, language: request.language) },
                       buildable: { request.buildProgram(for: $0) }, buildBaseline: baseline) { candidate in
            var code = candidate.text
            var closed = end.completeLength(code) != nil
            if !closed && candidate.endedByModel && request.language.blockStyle == .indentation {
                closed = true   // the model ended the middle: for Python the function ends where the text does
            }
            code = FunctionEnd.trimTrailingBlankLines(code)
            return (code, expectation.features(code: code, tokenLogprobs: candidate.tokenLogprobs, tokenTexts: Self.tokenTexts(candidate, tokenizer),
                                               closed: closed, definitionContext: definition,
                                                           openedBefore: opened))
        }
    }

    // MARK: - The shared loop

    /// Evaluates `prompt` (reusing the previous task's cache where it matches), decodes candidates with
    /// `stop` inside the token loop, turns each into code and features, filters by examples when allowed,
    /// and ranks best first (duplicates merged).
    /// `runnable` turns a candidate's code into the program its examples run against (a fill-in-the-middle
    /// body needs its signature); `buildable`, into what the build check compiles (`runnable` when nil; a
    /// fill-in-the-middle candidate is built in its whole file, `WriteFunctionRequest.document(with:)`), and
    /// `buildScope` what of it (a script's translation: all of it); `buildBaseline`, the verdict of the file
    /// `buildable` places candidates in, without them (`BuildBaseline`); `translatedFrom` and `sourceText`, a
    /// translation's source language and text (some mends depend on them).
    /// With examples and `allowRunningCode`, the candidates that satisfy more of
    /// them come first; the order is otherwise the score's. When none satisfies them all and `repair` is
    /// given (instruction tasks), one repair round runs (`CodeTaskEngine+Repair`).
    private func run(prompt: [Int32], extraEndTexts: [String], stop: StopRules, options: CodeTaskOptions,
                     isCancelled: @escaping () -> Bool, examples: [CodeExample], language: CodeLanguage, reviewed: String,
                     runnable: (String) -> String = { $0 }, buildable: ((String) -> String)? = nil,
                     buildScope: BuildScope = .definitions, buildBaseline: BuildBaseline? = nil, repair: RepairPrompt? = nil,
                     translatedFrom: CodeLanguage? = nil, sourceText: String? = nil, judge: @escaping (Candidate) -> (String, CodeCandidateFeatures)) throws -> CodeTaskResult {
        try lock.withLock {
            let start = Date()
            // An assignment to an immutable binding (`ImmutableBindingCheck.fixed`) and the language mistakes of
            // `mended(_:language:)` are mended as soon as a candidate is judged: the build check, the examples, the
            // reviewer and the user see code that means what it does, ranked by the model's own score
            // (`constantsReassigned` records what the model wrote).
            let mendingJudge: (Candidate) -> (String, CodeCandidateFeatures) = { candidate in
                let (written, features) = judge(candidate)
                let code = Self.mended(written, language: language, translatedFrom: translatedFrom, sourceText: sourceText)
                guard (features.constantsReassigned ?? 0) > 0 else { return (code, features) }
                return (ImmutableBindingCheck.fixed(code, language: language), features)
            }
            let decoding = Decoding(extraEndTexts: extraEndTexts, stop: stop, options: options, isCancelled: isCancelled, judge: mendingJudge)
            let tell = options.onStage ?? { _ in }
            tell(.writing(candidates: options.strategy == .greedy ? 1 : options.candidates ?? CodeTaskOptions.translationCandidates,
                          promptTokens: prompt.count))
            guard let first = try decode(prompt, decoding) else {
                return CodeTaskResult(candidates: [], promptTokens: prompt.count, generatedTokens: 0, seconds: Date().timeIntervalSince(start), cancelled: true,
                                      strategy: options.strategy)
            }
            var stages = StageClock(start: start)
            stages.lap("decode")
            var judged = first.judged
            var tokens = first.tokens
            let checksBuilds = options.buildCheck && options.strategy != .greedy
            let build: (String) -> String = { buildable?($0) ?? runnable($0) }
            if checksBuilds {
                tell(.building(candidates: judged.count, language: language.name))
                checkBuilds(&judged, language: language, scope: buildScope, runnable: build, baseline: buildBaseline, isCancelled: isCancelled)
                stages.lap("build")
            }
            let runsExamples = options.allowRunningCode && !examples.isEmpty
            if runsExamples {
                tell(.runningExamples(candidates: judged.count))
                checkExamples(&judged, examples: examples, language: language, runnable: runnable, isCancelled: isCancelled)
                stages.lap("examples")
            }
            if let repair, options.repair, checksBuilds || runsExamples, !isCancelled() {
                tokens += try repairRound(&judged, prompt: repair, decoding: decoding, firstSample: first.samples, checksBuilds: checksBuilds,
                                          examples: runsExamples ? examples : [], language: language, buildScope: buildScope,
                                          buildBaseline: buildBaseline, runnable: runnable, buildable: build)
                stages.lap("repair")
            }
            if options.review, judged.count > 1, !isCancelled() {
                tell(.reviewing)
                try review(&judged, reading: reviewed, language: language, program: runnable, limit: options.reviewedCandidates,
                           margin: options.reviewMargin, isCancelled: isCancelled)
                stages.lap("review")
            }
            judged.sort(by: Self.rankedBefore)
            Logger.shared.debug("tasks", "prompt \(prompt.count) tokens, \(judged.count) candidates, \(tokens) tokens in \(String(format: "%.2f", Date().timeIntervalSince(start))) s (\(stages))")
            return CodeTaskResult(candidates: judged, promptTokens: prompt.count, generatedTokens: tokens,
                                  seconds: Date().timeIntervalSince(start), cancelled: isCancelled(), strategy: options.strategy)
        }
    }
}
