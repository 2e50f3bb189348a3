@testable import Completion
import Foundation
import Languages
import Synchronization
import TestSupport
import XCTest

/// The translate and write-function tasks on the real 0.5B model.
final class CodeTaskEngineTests: XCTestCase {
    private static let model: LoadedModel? = try? LoadedModel(path: TestModels.path("qwen2.5-coder-0.5b"), threads: 2)

    private func engine(runner: ExampleRunner = LocalExampleRunner(), builds: BuildChecker = LocalBuildChecker()) throws -> CodeTaskEngine {
        CodeTaskEngine(model: try XCTUnwrap(Self.model, "the 0.5B test model could not be loaded"), exampleRunner: runner, buildChecker: builds)
    }

    /// Counts calls (and the languages asked for) instead of running anything.
    private final class CountingRunner: ExampleRunner, @unchecked Sendable {
        let calls = Mutex<[String]>([])
        func check(code: String, examples: [CodeExample], language: CodeLanguage) -> ExampleVerdict? {
            calls.withLock { $0.append(language.id) }
            return ExampleVerdict(held: examples.count, total: examples.count)
        }
    }

    private let prefix = "def add(a, b):\n    \"\"\"Return the sum of a and b.\n    >>> add(2, 3)\n    5\n    \"\"\"\n"

    /// The default way to write a function, by its kind: alone in its file (imports and a wrapping class at
    /// most, as HumanEval-X's prompts) through the chat template; among other functions by fill-in-the-middle.
    func testTheWriteMethodIsChosenByWhatIsAroundTheFunction() throws {
        let engine = try engine()
        func method(_ text: String, line: Int, _ name: String) throws -> WriteMethod {
            let language = try XCTUnwrap(CodeLanguage.named(name))
            return engine.defaultWriteMethod(for: try FunctionSite.locate(in: text, line: line, language: language), in: text, language: language)
        }
        XCTAssertEqual(try method("from typing import List\n\n" + prefix, line: 2, "python"), .instruction)
        XCTAssertEqual(try method("import java.util.*;\n\nclass Solution {\n    /** Twice x. */\n    public int twice(int x) {\n    }\n}\n", line: 3, "java"),
                       .instruction)
        let square = "class Square:\n    def __init__(self, side):\n        self.side = side\n\n    def area(self):\n        \"\"\"Return the area.\"\"\"\n        pass\n"
        XCTAssertEqual(try method(square, line: 5, "python"), .fim, "a method beside another sees them through fill-in-the-middle")
        XCTAssertEqual(try method(prefix + "    pass\n\ndef helper(x):\n    return x\n", line: 0, "python"), .fim, "a helper after it")
    }

    func testTranslationIsTheFirstFencedBlockStoppedAtItsEnd() throws {
        let go = try XCTUnwrap(CodeLanguage.named("go"))
        let result = try engine().translate(TranslateRequest(source: "def sum_even(nums):\n    return sum(n for n in nums if n % 2 == 0)\n", from: nil, to: go),
                                            options: CodeTaskOptions(strategy: .greedy, maxTokens: 200))
        let best = try XCTUnwrap(result.candidates.first)
        XCTAssertTrue(best.code.contains("func "), best.code)
        XCTAssertFalse(best.code.contains("```"), best.code)
        XCTAssertTrue(best.features.blockClosed, "the block ended inside the token loop: \(best.code)")
        XCTAssertLessThan(result.generatedTokens, 200)
    }

    /// Without a strategy asked, a translation into Python is made by beam search and one into another language by
    /// the greedy path and samples (`CodeTaskStrategy.translationDefault(into:)`); an asked strategy is kept.
    func testATranslationsDefaultStrategyDependsOnItsTarget() throws {
        let engine = try engine()
        let source = "int twice(int x) {\n    return 2 * x;\n}\n"
        func strategy(to name: String, asked: CodeTaskStrategy? = nil) throws -> CodeTaskStrategy? {
            let target = try XCTUnwrap(CodeLanguage.named(name))
            return try engine.translate(TranslateRequest(source: source, from: CodeLanguage.named("c++"), to: target),
                                        options: CodeTaskOptions(strategy: asked, candidates: 2, maxTokens: 24, buildCheck: false)).strategy
        }
        XCTAssertEqual(try strategy(to: "python"), .beam)
        XCTAssertEqual(try strategy(to: "go"), .ranked)
        XCTAssertEqual(try strategy(to: "python", asked: .ranked), .ranked)
    }

    /// With the opening fence prefilled (written functions' default; translations leave it to the model, the
    /// test above) the answer starts with the code, and the loop stops at the block's end.
    func testWithThePrefillTheAnswerStartsWithTheCode() throws {
        let go = try XCTUnwrap(CodeLanguage.named("go"))
        var options = CodeTaskOptions(strategy: .greedy, maxTokens: 200)
        options.answerPrefill = true
        let result = try engine().translate(TranslateRequest(source: "def sum_even(nums):\n    return sum(n for n in nums if n % 2 == 0)\n", from: nil, to: go),
                                            options: options)
        let best = try XCTUnwrap(result.candidates.first)
        XCTAssertTrue(best.code.hasPrefix("func ") || best.code.hasPrefix("package ") || best.code.hasPrefix("import "), best.code)
        XCTAssertFalse(best.code.contains("```"), best.code)
        XCTAssertTrue(best.features.blockClosed, best.code)
        XCTAssertLessThan(result.generatedTokens, 200)
    }

    /// The answer's room grows with the source (`AnswerRoom`): 16 tokens asked would cut any Go function short,
    /// but a translation may take four times its source's tokens beyond them, so the function is written whole.
    func testATranslationHasRoomForWhatItsSourceNeeds() throws {
        let go = try XCTUnwrap(CodeLanguage.named("go"))
        var options = CodeTaskOptions(strategy: .greedy)
        options.maxTokens = 16   // the room beyond the source, which still grows (`limitTokens(to:)` would cap it)
        options.answerPrefill = true
        let source = "def count_long(words, n):\n    count = 0\n    for word in words:\n        if len(word) > n:\n            count += 1\n    return count\n"
        let result = try engine().translate(TranslateRequest(source: source, from: nil, to: go), options: options)
        let best = try XCTUnwrap(result.candidates.first)
        XCTAssertGreaterThan(result.generatedTokens, 16, best.code)
        // The function whole (16 tokens end in its signature); a demo the model adds after it may still be cut.
        XCTAssertTrue(best.code.contains("return count"), best.code)
    }

    /// Without a count in the options, a written function is ranked among three candidates (the greedy path and
    /// samples 1 and 2; four in Python) and a translation among four; a count given is what runs.
    func testEachTaskHasItsOwnDefaultCandidateCount() throws {
        let python = try XCTUnwrap(CodeLanguage.named("python"))
        let javascript = try XCTUnwrap(CodeLanguage.named("javascript"))
        let engine = try engine()
        func samples(_ result: CodeTaskResult) -> Set<Int> { Set(result.candidates.flatMap(\.sampleIndices)) }
        let inJavaScript = WriteFunctionRequest(prefix: "// Return the largest number in the array xs.\nfunction largest(xs) {\n", suffix: "}\n",
                                                language: javascript, prefixEndsInsideBody: true,
                                                function: FunctionSignature(name: "largest", arity: 1), method: .instruction)
        let inPython = WriteFunctionRequest(prefix: "def largest(xs):\n    \"\"\"Return the largest number in the list xs.\"\"\"\n", suffix: "",
                                            language: python, prefixEndsInsideBody: true, function: FunctionSignature(name: "largest", arity: 1),
                                            method: .instruction)
        let plain = CodeTaskOptions(strategy: .ranked, maxTokens: 40, review: false, repair: false, buildCheck: false)
        XCTAssertEqual(samples(try engine.writeFunction(inJavaScript, options: plain)), [0, 1, 2])
        XCTAssertEqual(samples(try engine.writeFunction(inPython, options: plain)), [0, 1, 2, 3])
        let translation = TranslateRequest(source: "def f(x):\n    return x * 2\n", from: python, to: try XCTUnwrap(CodeLanguage.named("go")))
        XCTAssertEqual(samples(try engine.translate(translation, options: plain)), [0, 1, 2, 3])
        var five = plain
        five.candidates = 5
        XCTAssertEqual(samples(try engine.writeFunction(inJavaScript, options: five)), [0, 1, 2, 3, 4])
    }

    func testWritingAPythonFunctionStopsAtItsEnd() throws {
        let python = try XCTUnwrap(CodeLanguage.named("python"))
        // The end of the file as suffix (a top-level suffix such as `print(add(1, 2))` leads the instruct 0.5B to
        // write that line instead of a body: see docs/translate-and-write.md).
        let request = WriteFunctionRequest(prefix: prefix, suffix: "", language: python, prefixEndsInsideBody: true,
                                           function: FunctionSignature(name: "add", arity: 2), method: .fim)
        let result = try engine().writeFunction(request, options: CodeTaskOptions(strategy: .ranked, candidates: 3, maxTokens: 120))
        XCTAssertFalse(result.candidates.isEmpty)
        // Known weakness (docs/translate-and-write.md): the instruct 0.5B asked for this middle writes another
        // top-level function instead of the body; the token loop rejects it three times, then gives up.
        if let stray = result.candidates.first(where: { !$0.code.hasPrefix(" ") }) {
            throw XCTSkip("the 0.5B wrote top-level code instead of a body (known FIM weakness): \(stray.code.prefix(60))")
        }
        for candidate in result.candidates {
            XCTAssertFalse(candidate.code.split(separator: "\n").contains { !$0.hasPrefix(" ") && !$0.isEmpty }, "nothing after the function: \(candidate.code)")
            XCTAssertTrue(candidate.code.hasPrefix("    "), "the body is indented: \(candidate.code)")
        }
        XCTAssertEqual(result.candidates.map(\.score), result.candidates.map(\.score).sorted(by: >), "best first")
    }

    /// In every language with a harness, the runner is never called with the setting off, and called once
    /// per candidate (for that language) with it on.
    func testExamplesAreNeverRunWithoutTheSetting() throws {
        let prefixes: [(String, String)] = [
            ("python", prefix),
            ("javascript", "/* >>> add(2, 3)\n  5\n*/\nconst add = (a, b) => {\n"),
            ("cpp", "/*\n>>> add(2, 3)\n5\n*/\nint add(int a, int b){\n"),
            ("java", "class Solution {\n    /**\n    >>> add(2, 3)\n    5\n     */\n    public int add(int a, int b) {\n"),
            ("go", "// >>> Add(2, 3)\n// 5\nfunc Add(a int, b int) int {\n"),
        ]
        for (name, text) in prefixes {
            let language = try XCTUnwrap(CodeLanguage.named(name))
            XCTAssertFalse(ExampleExtraction.examples(in: text, language: language).isEmpty, "\(name) has an example")
            let runner = CountingRunner()
            let engine = try engine(runner: runner)
            let request = WriteFunctionRequest(prefix: text, suffix: "", language: language, prefixEndsInsideBody: true, method: .fim)
            _ = try engine.writeFunction(request, options: CodeTaskOptions(strategy: .ranked, candidates: 2, maxTokens: 24, allowRunningCode: false))
            XCTAssertEqual(runner.calls.withLock { $0 }, [], "\(name): nothing runs with the setting off")
            let result = try engine.writeFunction(request, options: CodeTaskOptions(strategy: .ranked, candidates: 2, maxTokens: 24, allowRunningCode: true))
            XCTAssertEqual(runner.calls.withLock { $0 }, Array(repeating: language.id, count: result.candidates.count), "\(name): run with it on")
            XCTAssertTrue(result.candidates.allSatisfy { $0.features.examplesPassed == true })
        }
    }

    /// Fails every candidate, saying so, and counts its calls.
    private final class FailingRunner: ExampleRunner, @unchecked Sendable {
        let calls = Mutex(0)
        func check(code: String, examples: [CodeExample], language: CodeLanguage) -> ExampleVerdict? {
            calls.withLock { $0 += 1 }
            return ExampleVerdict(held: 0, total: examples.count, failure: "These examples do not hold:\n- `add(2, 3)` gave `-1`; expected `5`")
        }
    }

    /// When every candidate fails its examples, a second round is decoded from the repair request (its
    /// samples numbered after the first round's) and its new candidates are checked too; not with the
    /// option off, not when a candidate passes (`CountingRunner` passes all), never without allowRunningCode.
    func testARepairRoundRunsWhenEveryCandidateFailsItsExamples() throws {
        let python = try XCTUnwrap(CodeLanguage.named("python"))
        let request = WriteFunctionRequest(prefix: prefix, suffix: "", language: python, prefixEndsInsideBody: true,
                                           function: FunctionSignature(name: "add", arity: 2), method: .instruction)
        let options = CodeTaskOptions(strategy: .ranked, candidates: 2, maxTokens: 60, allowRunningCode: true, review: false)
        func samples(_ result: CodeTaskResult) -> [Int] { result.candidates.flatMap(\.sampleIndices).sorted() }

        let failing = FailingRunner()
        let repaired = try engine(runner: failing).writeFunction(request, options: options)
        XCTAssertEqual(samples(repaired), [0, 1, 2, 3], "two samples in each round, every one kept (merged where the code repeats)")
        XCTAssertEqual(failing.calls.withLock { $0 }, repaired.candidates.count, "each distinct candidate checked once, the repaired ones too")
        XCTAssertTrue(repaired.candidates.filter(\.repaired).allSatisfy { $0.sampleIndices.allSatisfy { $0 >= 2 } }, "repaired: from the second round")

        var noRepair = options
        noRepair.repair = false
        XCTAssertEqual(samples(try engine(runner: FailingRunner()).writeFunction(request, options: noRepair)), [0, 1])
        XCTAssertEqual(samples(try engine(runner: CountingRunner()).writeFunction(request, options: options)), [0, 1], "a candidate passed")
        var notAllowed = options
        notAllowed.allowRunningCode = false
        let unrun = FailingRunner()
        XCTAssertEqual(samples(try engine(runner: unrun).writeFunction(request, options: notAllowed)), [0, 1])
        XCTAssertEqual(unrun.calls.withLock { $0 }, 0)
    }

    /// Says every candidate fails (or passes) to build, and counts its calls.
    private final class FixedBuildChecker: BuildChecker, @unchecked Sendable {
        let builds: Bool
        let calls = Mutex(0)
        let codes = Mutex<[String]>([])
        let scopes = Mutex<[BuildScope]>([])
        /// Code containing this fails whatever `builds` says.
        let failing: String?
        /// The compiler's one message when the code fails; nil: a failure with no message to read.
        let message: String?
        init(builds: Bool, failing: String? = nil, message: String? = nil) {
            self.builds = builds
            self.failing = failing
            self.message = message
        }
        func check(code: String, language: CodeLanguage, scope: BuildScope) -> BuildVerdict? {
            calls.withLock { $0 += 1 }
            codes.withLock { $0.append(code) }
            scopes.withLock { $0.append(scope) }
            let fails = !builds || failing.map { code.contains($0) } == true
            guard fails else { return BuildVerdict(builds: true) }
            return BuildVerdict(builds: false, failure: "It does not compile:\n" + (message ?? "`return a + b`: bad"), messages: message.map { [$0] } ?? [])
        }
    }

    /// With running code off, a repair round follows when no candidate builds, and its candidates are built
    /// too; not when one builds, not with the build check or the repair off, and greedy is never built.
    func testARepairRoundRunsWhenNoCandidateBuilds() throws {
        let python = try XCTUnwrap(CodeLanguage.named("python"))
        let request = WriteFunctionRequest(prefix: prefix, suffix: "", language: python, prefixEndsInsideBody: true,
                                           function: FunctionSignature(name: "add", arity: 2), method: .instruction)
        let options = CodeTaskOptions(strategy: .ranked, candidates: 2, maxTokens: 60, review: false)
        func samples(_ result: CodeTaskResult) -> [Int] { result.candidates.flatMap(\.sampleIndices).sorted() }

        let failing = FixedBuildChecker(builds: false)
        let runner = CountingRunner()
        let stages = Mutex<[CodeTaskStage]>([])
        var watched = options
        watched.onStage = { stage in stages.withLock { $0.append(stage) } }
        let repaired = try engine(runner: runner, builds: failing).writeFunction(request, options: watched)
        let told = stages.withLock { $0 }
        XCTAssertEqual(told.count, 3, "\(told)")
        if case .writing(2, let tokens) = told.first { XCTAssertGreaterThan(tokens, 10) } else { XCTFail("\(told)") }
        XCTAssertEqual(Array(told.dropFirst()), [.building(candidates: 2, language: "Python"), .repairing(becauseNoneBuilt: true)],
                       "each stage told as it starts, in order")
        XCTAssertEqual(samples(repaired), [0, 1, 2, 3], "two samples in each round")
        XCTAssertEqual(failing.calls.withLock { $0 }, repaired.candidates.count, "each distinct candidate built once, the repaired ones too")
        XCTAssertTrue(repaired.candidates.allSatisfy { $0.features.builds == false && $0.buildFailure != nil })
        XCTAssertEqual(runner.calls.withLock { $0 }, [], "building runs nothing: examples stay off")

        XCTAssertEqual(samples(try engine(builds: FixedBuildChecker(builds: true)).writeFunction(request, options: options)), [0, 1], "one builds")
        var noRepair = options
        noRepair.repair = false
        XCTAssertEqual(samples(try engine(builds: FixedBuildChecker(builds: false)).writeFunction(request, options: noRepair)), [0, 1])
        var noCheck = options
        noCheck.buildCheck = false
        let unchecked = FixedBuildChecker(builds: false)
        let plain = try engine(builds: unchecked).writeFunction(request, options: noCheck)
        XCTAssertEqual(samples(plain), [0, 1])
        XCTAssertEqual(unchecked.calls.withLock { $0 }, 0)
        XCTAssertTrue(plain.candidates.allSatisfy { $0.features.builds == nil })
        var greedy = options
        greedy.strategy = .greedy
        let notForGreedy = FixedBuildChecker(builds: false)
        XCTAssertEqual(samples(try engine(builds: notForGreedy).writeFunction(request, options: greedy)), [0])
        XCTAssertEqual(notForGreedy.calls.withLock { $0 }, 0)
    }

    /// Builds what lacks `marker` (here: the function alone, as the chat template's answers are built) and
    /// fails what has it (the whole file, as a fill-in-the-middle candidate is built in it).
    private final class MarkerBuildChecker: BuildChecker, @unchecked Sendable {
        let marker: String
        init(failing marker: String) { self.marker = marker }
        func check(code: String, language: CodeLanguage, scope: BuildScope) -> BuildVerdict? {
            code.contains(marker) ? BuildVerdict(builds: false, failure: "It does not compile:\n`isPrime(n)`: undefined: isPrime") : BuildVerdict(builds: true)
        }
    }

    /// A function among others is written by fill-in-the-middle; when none of its candidates builds (a helper
    /// it calls that the file lacks), the chat template writes it again and its candidates are taken when one
    /// builds. Not when a fill-in-the-middle candidate builds, and not when the method was asked for.
    func testWhenNoFillInTheMiddleCandidateBuildsTheTemplateWritesTheFunction() throws {
        let python = try XCTUnwrap(CodeLanguage.named("python"))
        let text = prefix + "    pass\n\ndef helper(x):\n    return x\n"
        let site = try FunctionSite.locate(in: text, line: 0, language: python)
        let options = CodeTaskOptions(strategy: .ranked, candidates: 2, maxTokens: 60, review: false)
        let fallback = try engine(builds: MarkerBuildChecker(failing: "def helper(")).writeFunction(at: site, in: text, language: python, options: options)
        XCTAssertEqual(fallback.method, .instruction)
        XCTAssertTrue(fallback.result.candidates.contains { $0.features.builds == true }, "\(fallback.result.candidates.map(\.code))")
        let kept = try engine(builds: FixedBuildChecker(builds: true)).writeFunction(at: site, in: text, language: python, options: options)
        XCTAssertEqual(kept.method, .fim, "a candidate built")
        let asked = try engine(builds: MarkerBuildChecker(failing: "def helper(")).writeFunction(at: site, in: text, language: python, method: .fim,
                                                                                                options: options)
        XCTAssertEqual(asked.method, .fim, "the method asked for")
        XCTAssertTrue(asked.result.candidates.allSatisfy { $0.features.builds == false })
    }

    /// A translation into Rust (a snippet that stands alone) is built and, with `allowRunningCode`, run against
    /// the source's examples; a function written in a Rust file is neither (alone it lacks the rest of its crate).
    func testRustIsBuiltAndRunWhenTranslatedNotWhenWrittenInAFile() throws {
        let rust = try XCTUnwrap(CodeLanguage.named("rust"))
        let python = try XCTUnwrap(CodeLanguage.named("python"))
        var options = CodeTaskOptions(strategy: .ranked, candidates: 2, maxTokens: 40, review: false)
        options.allowRunningCode = true
        let translated = FixedBuildChecker(builds: true)
        let translatedRuns = CountingRunner()
        let source = "def add(a, b):\n    \"\"\"\n    >>> add(2, 3)\n    5\n    \"\"\"\n    return a + b\n"
        _ = try engine(runner: translatedRuns, builds: translated).translate(TranslateRequest(source: source, from: python, to: rust), options: options)
        XCTAssertGreaterThan(translated.calls.withLock { $0 }, 0)
        XCTAssertFalse(translatedRuns.calls.withLock { $0 }.isEmpty, "the source's example runs on the translation")
        let written = FixedBuildChecker(builds: true)
        let writtenRuns = CountingRunner()
        let request = WriteFunctionRequest(prefix: "/// Returns the sum of a and b.\n/// add(2, 3) == 5\nfn add(a: i32, b: i32) -> i32 {\n", suffix: "}\n", language: rust,
                                           prefixEndsInsideBody: true, function: FunctionSignature(name: "add", arity: 2), method: .instruction)
        XCTAssertFalse(request.examples.isEmpty, "the comment states an example")
        let result = try engine(runner: writtenRuns, builds: written).writeFunction(request, options: options)
        XCTAssertEqual(written.calls.withLock { $0 }, 0)
        XCTAssertEqual(writtenRuns.calls.withLock { $0 }, [], "nothing runs for a function written in a Rust file")
        XCTAssertTrue(result.candidates.allSatisfy { $0.features.builds == nil })
    }

    /// The translation of a script (a source with an entry point of its own) keeps the answer's entry point and
    /// top-level statements, so the build check reads the whole program; a translation of definitions, their
    /// definitions only (its demo `main` is not what the user gets).
    func testAScriptsTranslationIsBuiltWhole() throws {
        let python = try XCTUnwrap(CodeLanguage.named("python"))
        let go = try XCTUnwrap(CodeLanguage.named("go"))
        let options = CodeTaskOptions(strategy: .ranked, candidates: 2, maxTokens: 60, review: false)
        let definitions = "def add(a, b):\n    return a + b\n"
        let script = definitions + "\n\nif __name__ == \"__main__\":\n    print(add(2, 3))\n"
        for (source, expected) in [(definitions, BuildScope.definitions), (script, .wholeProgram)] {
            let checker = FixedBuildChecker(builds: true)
            _ = try engine(builds: checker).translate(TranslateRequest(source: source, from: python, to: go), options: options)
            let scopes = checker.scopes.withLock { $0 }
            XCTAssertFalse(scopes.isEmpty, "built")
            XCTAssertEqual(Set(scopes), [expected], source)
        }
    }

    /// A translation into the document's own language is built in the document, the candidate in its place,
    /// where the file's helpers are, the rest of the document built first; when the rest fails on its own, a
    /// candidate is judged by what it adds, and when the rest's failure may hide that (a syntax error), or the
    /// file is too large, each candidate is built alone.
    func testATranslationIntoTheFilesLanguageIsBuiltInTheFile() throws {
        let helper = "// the file's own helper\nfunc isPrime(n int) bool {\n\tfor d := 2; d*d <= n; d++ {\n\t\tif n%d == 0 {\n\t\t\treturn false\n\t\t}\n\t}\n\treturn n > 1\n}\n"
        let pasted = "def nth_prime(n):\n    k = 1\n    while n > 0:\n        k += 1\n        if is_prime(k):\n            n -= 1\n    return k\n"
        let options = CodeTaskOptions(strategy: .ranked, candidates: 2, maxTokens: 80, review: false, repair: false)
        // A file past `DocumentCodeTask.largestFileBuiltWhole` is not compiled whole at all: its candidates are built alone.
        let large = "// " + String(repeating: "x", count: DocumentCodeTask.largestFileBuiltWhole) + "\n"
        enum Rest { case builds, failsOnItsOwn, failsHidingOthers, tooLarge }
        for rest in [Rest.builds, .failsOnItsOwn, .failsHidingOthers, .tooLarge] {
            let padding: String
            let checker: FixedBuildChecker
            switch rest {
            case .builds:
                (padding, checker) = ("", FixedBuildChecker(builds: true))
            case .failsOnItsOwn:
                (padding, checker) = ("var broken = BROKEN\n", FixedBuildChecker(builds: true, failing: "BROKEN", message: "`var broken = BROKEN`: undefined: BROKEN"))
            case .failsHidingOthers:
                (padding, checker) = ("var broken = BROKEN(\n", FixedBuildChecker(builds: true, failing: "BROKEN", message: "`var broken = BROKEN(`: syntax error: unexpected newline"))
            case .tooLarge:
                (padding, checker) = (large, FixedBuildChecker(builds: true))
            }
            let document = "package main\n\n" + helper + padding + "\n" + pasted
            let start = document.utf8.count - pasted.utf8.count
            let task = try DocumentCodeTask.translation(text: document, selectionUTF8: start..<document.utf8.count, target: "go",
                                                        fileLanguage: CodeLanguage.named("go"))
            let (result, _) = try task.candidates(on: try engine(builds: checker), options: options)
            let built = checker.codes.withLock { $0 }
            let restChecked = rest != .tooLarge
            // The file's helper by its comment: a candidate may write an `isPrime` of its own.
            XCTAssertEqual(built.first?.contains("// the file's own helper") == true && built.first?.contains("def nth_prime") == false, restChecked,
                           "\(rest): the rest of the document is checked first (not a large one): \(built.first?.prefix(200) ?? "")")
            let candidates = Array(built.dropFirst(restChecked ? 1 : 0))
            XCTAssertEqual(candidates.count, result.candidates.count, "\(rest): each distinct candidate built once")
            let inFile = rest == .builds || rest == .failsOnItsOwn
            for code in candidates {
                XCTAssertEqual(code.contains("// the file's own helper"), inFile, "\(rest): in the file unless its rest may hide errors: \(code.prefix(200))")
                XCTAssertFalse(code.contains("def nth_prime"), "the selection is replaced: \(code.prefix(200))")
            }
            // The rest's own failure is not the candidates': in the file, they fail only by what they add.
            XCTAssertEqual(result.candidates.map(\.features.builds), result.candidates.map { _ in true }, "\(rest)")
            XCTAssertEqual(result.builtAloneBecause, rest == .failsHidingOthers ? "`var broken = BROKEN(`: syntax error: unexpected newline" : nil,
                           "\(rest): why candidates were built alone, for the caveat")
        }
    }

    /// A fill-in-the-middle candidate is built in its whole file (prefix, candidate, suffix), where the
    /// file's other functions are; the examples still run against the function alone.
    func testAFillInTheMiddleCandidateIsBuiltInItsFile() throws {
        let python = try XCTUnwrap(CodeLanguage.named("python"))
        let suffix = "\n\ndef helper():\n    return 1\n"
        let request = WriteFunctionRequest(prefix: prefix, suffix: suffix, language: python, prefixEndsInsideBody: true,
                                           function: FunctionSignature(name: "add", arity: 2), method: .fim)
        let checker = FixedBuildChecker(builds: true)
        let result = try engine(builds: checker).writeFunction(request, options: CodeTaskOptions(strategy: .ranked, candidates: 2, maxTokens: 60, review: false))
        let built = checker.codes.withLock { $0 }
        XCTAssertEqual(built.count, result.candidates.count, "each distinct candidate built once")
        XCTAssertEqual(Set(built), Set(result.candidates.map { request.document(with: $0.code) }))
        for code in built { XCTAssertTrue(code.hasPrefix(prefix) && code.hasSuffix(suffix), code) }
    }

    /// In a file that fails without the function (a file being edited), every fill-in-the-middle candidate fails
    /// alike: the file is built once more with an empty body (`pass`), and each candidate is judged by what it adds.
    /// A file that builds is not built again.
    func testAFillInTheMiddleCandidateInAFailingFileIsJudgedByWhatItAdds() throws {
        let python = try XCTUnwrap(CodeLanguage.named("python"))
        for failing in [false, true] {
            let suffix = failing ? "\n\ndef helper():\n    return BROKEN\n" : "\n\ndef helper():\n    return 1\n"
            let request = WriteFunctionRequest(prefix: prefix, suffix: suffix, language: python, prefixEndsInsideBody: true,
                                               function: FunctionSignature(name: "add", arity: 2), method: .fim)
            let checker = FixedBuildChecker(builds: true, failing: "BROKEN", message: "`return BROKEN`: undefined name BROKEN")
            let result = try engine(builds: checker).writeFunction(request, options: CodeTaskOptions(strategy: .ranked, candidates: 2, maxTokens: 60, review: false, repair: false))
            let built = checker.codes.withLock { $0 }
            let empty = prefix + "    pass\n" + suffix
            XCTAssertEqual(built.count, result.candidates.count + (failing ? 1 : 0), "failing \(failing): the file with an empty body built only when all fail")
            XCTAssertEqual(built.contains(empty), failing, "failing \(failing): \(built)")
            XCTAssertEqual(result.candidates.map(\.features.builds), result.candidates.map { _ in true }, "failing \(failing)")
        }
    }

    /// The reviewer finds the comment likelier after code that does what it says, and does not read the
    /// candidate's own comments (a copy of the description there changes nothing), its imports or the description's examples.
    func testTheReviewerPrefersCodeThatDoesWhatTheCommentSays() throws {
        let model = try XCTUnwrap(Self.model, "the 0.5B test model could not be loaded")
        let reviewer = CandidateReviewer(model: model, template: try engine().requireTemplate())
        let python = try XCTUnwrap(CodeLanguage.named("python"))
        let cache = model.transformer.makeCache(maximumLength: 512)
        let description = "Return the largest number in the list xs."
        func review(_ code: String) throws -> Double { try XCTUnwrap(reviewer.meanLogprob(of: description, given: code, language: python, cache: cache)) }
        let right = try review("def f(xs):\n    return max(xs)\n")
        let wrong = try review("def f(xs):\n    return min(xs)\n")
        XCTAssertGreaterThan(right, wrong)
        // `wrong` was read after `right`, keeping the cache rows of their common beginning: a cold cache agrees
        // (to the rounding of a smaller batch's kernels; rows kept wrongly move a mean by hundredths or more).
        let cold = try XCTUnwrap(reviewer.meanLogprob(of: description, given: "def f(xs):\n    return min(xs)\n", language: python,
                                                      cache: model.transformer.makeCache(maximumLength: 512)))
        XCTAssertEqual(cold, wrong, accuracy: 5e-4)
        // Both read cold, so that the same tokens take the same kernels (a warm reading's smaller batch may not, on AVX2):
        // with the copy of the description stripped, the reading is the same to the last bit.
        let copied = try XCTUnwrap(reviewer.meanLogprob(of: description, given: "def f(xs):\n    # Return the largest number in the list xs.\n    return min(xs)\n",
                                                        language: python, cache: model.transformer.makeCache(maximumLength: 512)))
        XCTAssertEqual(copied, cold, accuracy: 1e-9)
        XCTAssertNil(try reviewer.meanLogprob(of: description, given: "# only a comment\n", language: python, cache: cache))
        // Nor does it read the imports: a candidate that brings in a module reads as the same code without it.
        let imported = try XCTUnwrap(reviewer.meanLogprob(of: description, given: "import math\nfrom typing import List\n\ndef f(xs):\n    return min(xs)\n",
                                                          language: python, cache: model.transformer.makeCache(maximumLength: 512)))
        XCTAssertEqual(imported, cold, accuracy: 1e-9)
        XCTAssertNil(try reviewer.meanLogprob(of: description, given: "import math\n", language: python, cache: cache), "imports alone are nothing to read")
        // Nor the description's examples: only its prose is scored.
        let exampled = try XCTUnwrap(reviewer.meanLogprob(of: description + "\nFor example:\n>>> f([1, 3])\n3", given: "def f(xs):\n    return min(xs)\n",
                                                          language: python, cache: model.transformer.makeCache(maximumLength: 512)))
        XCTAssertEqual(exampled, cold, accuracy: 1e-9)
    }

    /// Ranked candidates that could come first carry the reviewer's score unless the option is off; one greedy
    /// candidate is not reviewed.
    func testRankedCandidatesAreReviewedUnlessTurnedOff() throws {
        let python = try XCTUnwrap(CodeLanguage.named("python"))
        let request = WriteFunctionRequest(prefix: prefix, suffix: "", language: python, prefixEndsInsideBody: true,
                                           function: FunctionSignature(name: "add", arity: 2), method: .instruction)
        XCTAssertEqual(request.reviewedText, "Return the sum of a and b.\n>>> add(2, 3)\n5")
        let engine = try engine()
        let reviewed = try engine.writeFunction(request, options: CodeTaskOptions(strategy: .ranked, candidates: 3, maxTokens: 60, reviewMargin: 1000))
        XCTAssertGreaterThan(reviewed.candidates.count, 1)
        // The reviewer reads the candidates level with the first on examples, build and round (the rule itself is
        // CandidateRepairTests'); these three differ in their code, so every one of them is read.
        let first = try XCTUnwrap(reviewed.candidates.first)
        let level = reviewed.candidates.filter {
            ($0.features.examplesHeld ?? 0) == (first.features.examplesHeld ?? 0) && ($0.features.builds != false) == (first.features.builds != false)
                && $0.repaired == first.repaired
        }
        XCTAssertGreaterThan(Set(level.map(\.code)).count, 1, "the candidates differ")
        XCTAssertTrue(level.allSatisfy { $0.features.reviewLogprob != nil }, "every contender reviewed")
        XCTAssertEqual(level.count, reviewed.candidates.filter { $0.features.reviewLogprob != nil }.count, "and nothing else")
        XCTAssertEqual(reviewed.candidates.map(\.score), reviewed.candidates.map(\.score).sorted(by: >), "best first, the review counted")
        let plain = try engine.writeFunction(request, options: CodeTaskOptions(strategy: .ranked, candidates: 3, maxTokens: 60, review: false))
        XCTAssertTrue(plain.candidates.allSatisfy { $0.features.reviewLogprob == nil })
        // With a margin smaller than the lead of the best, nothing is read and the best stays first.
        let lead = plain.candidates[0].score - plain.candidates[1].score
        let unread = try engine.writeFunction(request, options: CodeTaskOptions(strategy: .ranked, candidates: 3, maxTokens: 60, reviewMargin: lead / 2))
        XCTAssertTrue(unread.candidates.allSatisfy { $0.features.reviewLogprob == nil })
        XCTAssertEqual(unread.candidates.first?.code, plain.candidates.first?.code)
        // Reading only the best candidate cannot change which comes first; the others stay unread.
        let one = try engine.writeFunction(request, options: CodeTaskOptions(strategy: .ranked, candidates: 3, maxTokens: 60, reviewedCandidates: 1,
                                                                             reviewMargin: 1000))
        XCTAssertEqual(one.candidates.first?.code, plain.candidates.first?.code)
        XCTAssertNotNil(one.candidates.first?.features.reviewLogprob)
        XCTAssertEqual(Set(one.candidates.compactMap(\.features.reviewLogprob)).count, 1, "one distinct code read")
        let greedy = try engine.writeFunction(request, options: CodeTaskOptions(strategy: .greedy, maxTokens: 60))
        XCTAssertTrue(greedy.candidates.allSatisfy { $0.features.reviewLogprob == nil })
        let go = try XCTUnwrap(CodeLanguage.named("go"))
        let translation = try engine.translate(TranslateRequest(source: "def f(xs):\n    \"\"\"Largest of xs.\"\"\"\n    return max(xs)\n", from: python, to: go),
                                               options: CodeTaskOptions(strategy: .ranked, candidates: 2, maxTokens: 40))
        XCTAssertTrue(translation.candidates.allSatisfy { $0.features.reviewLogprob == nil }, "translations are not reviewed")
    }

    func testCancellationStopsWithinOneToken() throws {
        let go = try XCTUnwrap(CodeLanguage.named("go"))
        let polls = Mutex(0)
        // Cancelled after the prompt: the decoder checks before every token, so no token is generated.
        let result = try engine().translate(TranslateRequest(source: "def f(x):\n    return x * 2\n", from: nil, to: go),
                                            options: CodeTaskOptions(strategy: .greedy, maxTokens: 100)) {
            polls.withLock { $0 += 1; return $0 > 1 }
        }
        XCTAssertTrue(result.cancelled)
        XCTAssertLessThanOrEqual(result.generatedTokens, 1)
    }

    /// A selection past the model's context (a megabyte of minified JavaScript, some 300,000 tokens) is
    /// refused before any of it is evaluated (evaluating it took over ten minutes before), saying how long it
    /// is and what fits; the engine then works as before.
    func testAPromptPastTheContextIsRefusedBeforeAnyWork() throws {
        let engine = try engine()
        let python = try XCTUnwrap(CodeLanguage.named("python"))
        let javascript = try XCTUnwrap(CodeLanguage.named("javascript"))
        let context = engine.model.transformer.configuration.trainedContextLength
        let minified = String(repeating: "function f(a,b){return a+b};", count: 36_000)
        let options = CodeTaskOptions(strategy: .greedy, maxTokens: 100)
        XCTAssertThrowsError(try engine.translate(TranslateRequest(source: minified, from: javascript, to: python), options: options)) { error in
            guard case .promptTooLong(let tokens, let limit, let answer)? = error as? CodeTaskError else { return XCTFail("\(error)") }
            XCTAssertGreaterThan(tokens, context)
            XCTAssertEqual(limit, context)
            XCTAssertEqual(answer, 100)
            XCTAssertTrue("\(error)".contains("\(tokens) tokens") && "\(error)".contains("\(context - 100)"), "\(error)")
        }
        // Just past the limit counts the answer's room too: a prompt that fits alone, but not with the answer.
        let roomy = CodeTaskOptions(strategy: .greedy, maxTokens: 4096)
        let perCopy = Double(engine.model.tokenizer.encode(String(repeating: "function f(a,b){return a+b};", count: 100), parseSpecial: false).count) / 100
        // Some 2,000 tokens under the context: over it with 4096 more.
        let nearly = String(repeating: "function f(a,b){return a+b};", count: Int(Double(context - 2048) / perCopy))
        XCTAssertThrowsError(try engine.translate(TranslateRequest(source: nearly, from: javascript, to: python), options: roomy)) { error in
            guard case .promptTooLong(let tokens, _, _)? = error as? CodeTaskError else { return XCTFail("\(error)") }
            XCTAssertLessThan(tokens, context)
            XCTAssertGreaterThan(tokens + 4096, context)
        }
        let small = try engine.translate(TranslateRequest(source: "function twice(x) { return 2 * x; }", from: javascript, to: python),
                                         options: CodeTaskOptions(strategy: .greedy, maxTokens: 40))
        XCTAssertTrue(small.candidates.first?.code.contains("def twice") == true, "\(small.candidates)")
    }

    /// A function written by fill-in-the-middle in a large file sees the nearest code within `contextTokens`,
    /// not the whole file: the prompt stays within the budget (plus the three markers), and the candidate
    /// still continues the signature at the cursor (room for 80 tokens: on the AVX2 kernels the 0.5B first writes
    /// the docstring again, helpers' examples and all, as it did not on AVX-512).
    func testAFunctionWrittenInALargeFileSeesTheCodeAroundIt() throws {
        let python = try XCTUnwrap(CodeLanguage.named("python"))
        let helpers = (0..<3000).map { "def helper\($0)(x):\n    return x + \($0)\n\n" }.joined()
        let request = WriteFunctionRequest(prefix: helpers + prefix, suffix: "\n\n" + helpers, language: python, prefixEndsInsideBody: true,
                                           function: FunctionSignature(name: "add", arity: 2), method: .fim)
        let result = try engine().writeFunction(request, options: CodeTaskOptions(strategy: .greedy, maxTokens: 80, contextTokens: 300))
        XCTAssertLessThanOrEqual(result.promptTokens, 303)
        XCTAssertGreaterThan(result.promptTokens, 200, "the budget is used")
        XCTAssertTrue(result.candidates.first?.code.contains("return") == true, "\(result.candidates)")
    }

    func testBadInputGetsPreciseErrors() throws {
        let go = try XCTUnwrap(CodeLanguage.named("go"))
        XCTAssertThrowsError(try engine().translate(TranslateRequest(source: "  \n", from: nil, to: go), options: CodeTaskOptions())) { error in
            XCTAssertEqual(error as? CodeTaskError, .emptySource)
        }
        XCTAssertThrowsError(try engine().translate(TranslateRequest(source: "hello there", from: nil, to: go), options: CodeTaskOptions())) { error in
            XCTAssertEqual(error as? CodeTaskError, .unknownSourceLanguage)
        }
    }
}
