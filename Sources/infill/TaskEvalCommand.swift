import Completion
import Evaluation
import Foundation
import Languages

/// `infill eval --task write|translate`: the two code tasks on HumanEval-X, judged by each language's tests,
/// with every variant (strategies, write methods, the llama-server anchor) run on the same task before the
/// next, so that timings share the same window.
enum TaskEvalCommand {
    static let usage = """
    infill eval --task write --language python|js|cpp|java|go [options]
    infill eval --task translate --from LANG --to LANG [options]
    infill eval --task translate --from python --to rust|swift [options]
      options: [--every N] [--start N] [--skip N] [--limit N] [--strategies greedy,ranked,beam] [--candidates N] [--method fim,instruction]
               [--anchor http://127.0.0.1:PORT] [--anchor-max-tokens N] [--model M] [--threads T] [--max-tokens N]
               [--timeout SECONDS] [--datasets DIR] [--output FILE.jsonl] [--check-harness] [--judge-candidates]
      Takes every Nth HumanEval-X task (--every, default 1) from task --start (default 0), runs each variant on it, tests the code with the
      language's tools (python3, node, g++, javac/java, go with testify) in a temporary directory with a time
      limit, and prints pass@1, median latency and mean candidates per variant. --strategies defaults to greedy and
      the task's default (beam for a translation into Python, ranked otherwise). --anchor also asks an
      OpenAI-compatible server (llama-server with the same GGUF) greedily with the same instruction text.
      --output appends one JSON object per task and variant. --check-harness tests the dataset's own solutions
      instead (they must all pass). --judge-candidates tests every candidate of ranked and beam, not only the
      first, and writes each one's features, score and result to --output (to study the ranking).
      Writing runs each --method (default both) as the daemon does in a file: the prompt with an empty body is
      the document, each candidate is placed in it (an instruction answer cut down to the function) and the
      tests run the whole file; records name the method the daemon picks for the task (defaultMethod).
      --allow-running-code runs the examples of the docstring on each candidate (the setting of the same name;
      with it, a task whose candidates all fail them gets a repair round unless --no-repair); ranked and beam
      candidates into C++, Java, Go and Python are built or scope-checked (not run) unless --no-build-check, and a task none of whose
      candidates builds gets a repair round too;
      --output then also gives the seconds that took (exampleSeconds), part of the variant's seconds.
      --to rust and --to swift (not in HumanEval-X) are judged by the Python task's tests: each `assert f(...) == value`
      run by the language's example harness (rustc, swiftc), those it cannot spell left out (records say how many ran).
      The options of infill translate and write apply as well (--no-review, --answer-prefill, --system-prompt, ...).
    """

    /// A way of producing code for a task.
    enum Variant: CustomStringConvertible {
        case ours(CodeTaskStrategy, WriteMethod?)
        case anchor
        /// The dataset's own solution (checks the test harness: it must pass).
        case canonical

        var description: String {
            switch self {
            case .ours(let strategy, let method): return method.map { "\(strategy.rawValue)/\($0.rawValue)" } ?? strategy.rawValue
            case .anchor: return "anchor"
            case .canonical: return "canonical"
            }
        }
    }

    struct Tally {
        var passed = 0
        var total = 0
        var latencies: [Double] = []
        var candidates = 0
        /// `--check-harness` on writing: tasks whose docstring has examples, and those the dataset's solution passes.
        var examplesFound = 0
        var examplesHeld = 0
    }

    static func run(task kind: String, _ arguments: inout CommandLineArguments) async throws -> Int32 {
        guard kind == "write" || kind == "translate" else { throw UsageError("--task takes write or translate, got '\(kind)'") }
        let languageKey = try arguments.option("--language")
        let fromKey = try arguments.option("--from")
        let toKey = try arguments.option("--to")
        let every = try arguments.integer("--every", default: 1, in: 1...164)
        let first = try arguments.integer("--start", default: 0, in: 0...163)
        let skip = try arguments.integer("--skip", default: 0, in: 0...164)
        let limit = try arguments.integer("--limit", default: 164, in: 1...164)
        // Without --strategies: greedy and the task's default (beam for a translation into Python, else ranked).
        let target = kind == "translate" ? toKey.flatMap(CodeLanguage.named) : nil
        let defaultStrategy = target.map(CodeTaskStrategy.translationDefault(into:)) ?? CodeTaskStrategy.writingDefault
        let strategies = try (arguments.option("--strategies") ?? "greedy,\(defaultStrategy.rawValue)").split(separator: ",").map { name in
            guard let s = CodeTaskStrategy(rawValue: String(name)) else { throw UsageError("--strategies takes greedy, ranked, beam; got '\(name)'") }
            return s
        }
        let methods = try (arguments.option("--method") ?? "fim,instruction").split(separator: ",").map { name in
            guard let m = WriteMethod(rawValue: String(name)) else { throw UsageError("--method takes fim, instruction; got '\(name)'") }
            return m
        }
        let anchorURL = try arguments.option("--anchor")
        let anchorTokens = try arguments.integer("--anchor-max-tokens", default: 512, in: 16...4096)
        let timeout = try arguments.integer("--timeout", default: 60, in: 1...600)
        let directory = try arguments.option("--datasets") ?? HumanEvalX.findDirectory()
        let output = try arguments.option("--output")
        let checkHarness = arguments.flag("--check-harness")
        let judgeCandidates = arguments.flag("--judge-candidates")
        let command = try CodeTaskCommandOptions.parse(&arguments)
        try arguments.finish()
        guard let directory else { throw CommandError("cannot find HumanEval-X; pass --datasets DIR (the folder with humaneval_python.jsonl.gz)") }

        func key(_ text: String?, _ option: String) throws -> String {
            guard let text else { throw UsageError("\(option) is required for --task \(kind)") }
            guard let language = CodeLanguage.named(text) else { throw UsageError("\(option): unknown language '\(text)'") }
            let key = language.id == "javascript" ? "js" : language.id
            guard HumanEvalX.languages.contains(key) else {
                throw UsageError("\(option): HumanEval-X has \(HumanEvalX.languages.joined(separator: ", ")), not \(language.name)")
            }
            return key
        }
        // Rust and Swift are not in HumanEval-X: a translation from Python into them is judged by the Python task's tests (`PythonTestsJudge`).
        let judgedByPython = toKey.flatMap { CodeLanguage.named($0) }.flatMap { kind == "translate" && PythonTestsJudge.languages.contains($0.id) ? $0 : nil }
        let judgedByPythonTests = judgedByPython != nil
        let targetKey = try kind == "write" ? key(languageKey, "--language") : judgedByPython?.id ?? key(toKey, "--to")
        let sourceKey = kind == "translate" ? try key(fromKey, "--from") : nil
        guard let target = CodeLanguage.named(targetKey) else { throw UsageError("unknown language \(targetKey)") }
        let source = sourceKey.flatMap { CodeLanguage.named($0) }
        if let judged = judgedByPython, checkHarness { throw UsageError("--check-harness needs the target's own solutions; HumanEval-X has no \(judged.name)") }
        if let judged = judgedByPython, sourceKey != "python" { throw UsageError("--to \(judged.id) is judged by the Python tests: it takes --from python") }
        let pythonTestsJudge = judgedByPython.map { PythonTestsJudge(language: $0, timeoutSeconds: timeout) }

        let targetTasks = try HumanEvalX.load(language: judgedByPythonTests ? "python" : targetKey, directory: directory)
        let sourceTasks = try sourceKey.map { try HumanEvalX.load(language: $0, directory: directory) }
        let selected = Array(stride(from: first, to: targetTasks.count, by: every).dropFirst(skip).prefix(limit))

        var variants: [Variant] = []
        for strategy in strategies {
            if kind == "write" { variants += methods.map { .ours(strategy, $0) } } else { variants.append(.ours(strategy, nil)) }
        }
        if anchorURL != nil { variants.append(.anchor) }
        if checkHarness { variants = [.canonical] }
        let runner = MultiLanguageTestRunner(timeoutSeconds: timeout)
        if let missing = pythonTestsJudge.map({ $0.missingTool() }) ?? runner.missingTool(for: targetKey) { throw CommandError(missing) }
        let test: (HumanEvalXTask, String, MultiLanguageTestRunner.CodeForm) -> MultiLanguageTestRunner.Outcome = { task, code, form in
            pythonTestsJudge?.run(task, code: code) ?? runner.run(task, code: code, form: form)
        }
        let model = try await loadModel(command.modelName, threads: command.threads)
        let exampleRunner = TimedExampleRunner()
        let engine = CodeTaskEngine(model: model, exampleRunner: exampleRunner)
        let anchor = anchorURL.map { ChatAnchorClient(baseURL: $0, maxTokens: anchorTokens) }
        let label = kind == "write" ? "write \(targetKey)" : "translate \(sourceKey ?? "?")→\(targetKey)"
        let modelLabel = URL(fileURLWithPath: model.path).deletingPathExtension().lastPathComponent
        log("infill eval: \(label), \(selected.count) tasks\(every > 1 ? " (one in \(every), from task \(first))" : ""), model \(modelLabel), variants \(variants.map(\.description).joined(separator: ", "))")

        var tallies = [Tally](repeating: Tally(), count: variants.count)
        for index in selected {
            let task = targetTasks[index]
            var instruction: String
            var writeTask: (task: DocumentCodeTask, document: String)?
            var defaultMethod: WriteMethod?
            var translateRequest: TranslateRequest?
            if let source, let sourceTask = sourceTasks?[index] {
                let code = sourceTask.translationSource
                let targetSignature = judgedByPythonTests ? nil : task.translationSignature   // no Rust or Swift declaration: the model chooses the types
                translateRequest = TranslateRequest(source: code, from: source, to: target, targetSignature: targetSignature)
                instruction = TaskPrompts.translation(source: code, from: source, to: target, targetSignature: targetSignature)
            } else {
                // Written as in an editor: the prompt is a file with the function's empty body, the daemon's
                // own task on it, each candidate placed in it; the tests run the whole file.
                let (document, line) = writeDocument(for: task, language: target)
                do {
                    let documentTask = try functionTask(in: document, line: line, language: target)
                    writeTask = (documentTask, document)
                    defaultMethod = documentTask.defaultWriteMethod(on: engine)
                    // The anchor gets the instruction text our instruction method sends.
                    instruction = TaskPrompts.writeFunction(prefix: documentTask.writeRequest(method: .instruction)?.prefix ?? task.prompt, language: target)
                } catch {
                    // Where the daemon would refuse (Python/115 imports inside the function before its docstring),
                    // our variants fail the task; the anchor gets the prompt.
                    log("  \(task.taskID): no function to write at line \(line + 1): \(error)")
                    instruction = TaskPrompts.writeFunction(prefix: task.prompt, language: target)
                }
            }
            for (v, variant) in variants.enumerated() {
                var code = ""
                var form = MultiLanguageTestRunner.CodeForm.standalone   // a written function is judged in its whole document
                var seconds = 0.0
                var candidates = 1
                var judged: [[String: Any]] = []
                var exampleSeconds = 0.0
                // A written function's code as the tests take it: the whole document with the candidate placed.
                var placed: (String) -> String = { $0 }
                var canonicalExamples: (examples: [CodeExample], passed: Bool?)?
                switch variant {
                case .ours(let strategy, let method):
                    var options = command.options
                    options.strategy = strategy
                    engine.forgetPromptRows()   // every variant pays for its prompt, as a first request does
                    let result: CodeTaskResult?
                    if let (documentTask, document) = writeTask, let method {
                        result = try documentTask.candidates(on: engine, options: options, method: method).result
                        placed = { documentTask.placed($0, method: method).applied(to: document) }
                    } else if let request = translateRequest, let source {
                        result = try engine.translate(request, options: options)
                        // A translation as the user gets it (`infill translate`, the editor): without the answer's demo.
                        placed = { TranslationFit.standalone($0, source: request.source, from: source, to: target) }
                    } else {
                        result = nil   // no function site: the task fails
                    }
                    code = result?.candidates.first.map { placed($0.code) } ?? ""
                    seconds = result?.seconds ?? 0
                    exampleSeconds = exampleRunner.takeSeconds()
                    candidates = result?.candidates.count ?? 0
                    if judgeCandidates && strategy != .greedy, let result {
                        judged = try result.candidates.map { try judgement(of: $0, program: placed($0.code), task: task, form: form, test: test) }
                    }
                case .anchor:
                    guard let anchor else { continue }
                    let reply = try await anchor.complete(user: instruction)
                    code = FencedCode.firstBlock(in: reply.content)?.code ?? reply.content
                    seconds = reply.seconds
                case .canonical:
                    code = task.canonicalSolution
                    form = .continuesPrompt
                    // The examples the filter would run, on the dataset's own solution: a failure there is the
                    // filter's fault (an example read wrong, a harness that cannot build it), not a candidate's.
                    if let (documentTask, _) = writeTask, let examples = documentTask.writeRequest(method: .fim)?.examples, !examples.isEmpty {
                        canonicalExamples = (examples, exampleRunner.passes(code: task.prompt + code, examples: examples, language: target))
                        tallies[v].examplesFound += 1
                        if canonicalExamples?.passed == true { tallies[v].examplesHeld += 1 }
                    }
                    // Java's solution also closes the class, which the runner closes for a method body.
                    if task.language == "java", let close = code.lastIndex(of: "}") { code = String(code[..<close]) }
                }
                let outcome = test(task, code, form)
                tallies[v].total += 1
                if outcome.result == .passed { tallies[v].passed += 1 }
                tallies[v].latencies.append(seconds)
                tallies[v].candidates += candidates
                log("  \(task.taskID) \(variant): \(outcome.result.rawValue) in \(String(format: "%.1f", seconds)) s")
                if let output {
                    var record: [String: Any] = ["task": task.taskID, "eval": label, "model": modelLabel, "variant": variant.description,
                                                 "result": outcome.result.rawValue, "seconds": seconds, "candidates": candidates, "code": code,
                                                 "diagnostics": recordedDiagnostics(outcome, judgedByPythonTests: judgedByPythonTests),
                                                 "judged": judged, "exampleSeconds": exampleSeconds]
                    if let defaultMethod { record["defaultMethod"] = defaultMethod.rawValue }
                    if let canonicalExamples {
                        record["examples"] = canonicalExamples.examples.map { ["expression": $0.expression, "expected": $0.expected] }
                        record["examplesPassed"] = canonicalExamples.passed.map { $0 as Any } ?? NSNull()
                    }
                    try append(record, to: output)
                }
            }
        }
        var table = "\(label) on \(modelLabel), HumanEval-X tasks \(selected.map(String.init).joined(separator: ","))\n"
        table += "variant            pass@1   passed  median s  mean candidates\n"
        for (v, variant) in variants.enumerated() {
            let t = tallies[v]
            let sorted = t.latencies.sorted()
            let median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
            table += String(format: "%@ %6.1f %%  %3d/%-3d  %7.2f  %6.1f\n", variant.description.padding(toLength: 18, withPad: " ", startingAt: 0),
                            t.total == 0 ? 0 : 100 * Double(t.passed) / Double(t.total), t.passed, t.total, median,
                            t.total == 0 ? 0 : Double(t.candidates) / Double(t.total))
        }
        if checkHarness, kind == "write", let t = tallies.first {
            table += "docstring examples found in \(t.examplesFound)/\(t.total) tasks; the dataset's solution passes them in \(t.examplesHeld)\n"
        }
        FileHandle.standardOutput.write(Data(table.utf8))
        return 0
    }

    /// One candidate's record for `--judge-candidates`: its features and score, where it came from, and
    /// whether the task's tests pass it.
    static func judgement(of candidate: CodeTaskCandidate, program: String, task: HumanEvalXTask, form: MultiLanguageTestRunner.CodeForm,
                          test: (HumanEvalXTask, String, MultiLanguageTestRunner.CodeForm) -> MultiLanguageTestRunner.Outcome) throws -> [String: Any] {
        let features = try JSONSerialization.jsonObject(with: JSONEncoder().encode(candidate.features))
        return ["features": features, "score": candidate.score, "samples": candidate.sampleIndices, "code": candidate.code, "repaired": candidate.repaired,
                "result": test(task, program, form).result.rawValue]
    }

    /// A HumanEval-X write task as a file in an editor, and the 0-based line to write the function at: the
    /// prompt with the function's empty body closed (`}`; Java's class closed too). A prompt that ends in a
    /// comment (a few C++ tasks) is left as it is: the whole function is written after the comment.
    static func writeDocument(for task: HumanEvalXTask, language: CodeLanguage) -> (String, Int) {
        var document = task.prompt
        let opensBody = document.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("{")
        if language.blockStyle == .braces && opensBody {
            if !document.hasSuffix("\n") { document += "\n" }
            document += language.id == "java" ? "    }\n}\n" : "}\n"
        }
        let lines = task.prompt.split(separator: "\n", omittingEmptySubsequences: false)
        let signature = lines.lastIndex { FunctionSignature.first(in: String($0), language: language) != nil }
        let last = lines.lastIndex { !$0.allSatisfy(\.isWhitespace) } ?? 0
        return (document, (language.blockStyle != .braces || opensBody ? signature : nil) ?? last)
    }

    /// The daemon's task for the function at zero-based `line` of `document` (`writeDocument`'s file).
    static func functionTask(in document: String, line: Int, language: CodeLanguage) throws -> DocumentCodeTask {
        let offset = document.split(separator: "\n", omittingEmptySubsequences: false).prefix(line).reduce(0) { $0 + $1.utf8.count + 1 }
        return try DocumentCodeTask.function(text: document, positionUTF8: offset, fileLanguage: language, languageID: language.id)
    }

    static func append(_ record: [String: Any], to path: String) throws {
        let data = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]) + Data("\n".utf8)
        if let handle = FileHandle(forWritingAtPath: path) {
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: data)
        } else {
            try data.write(to: URL(fileURLWithPath: path))
        }
    }

    /// A test outcome's output as a record keeps it: nothing for a pass judged by the task's own tests; the first
    /// 600 characters of the Python tests' verdict (examples covered, then the first failure); else the test
    /// tools' output, its beginning and end (node and the compilers say what failed first, a long stack follows).
    private static func recordedDiagnostics(_ outcome: MultiLanguageTestRunner.Outcome, judgedByPythonTests: Bool) -> String {
        if judgedByPythonTests { return String(outcome.diagnostics.prefix(600)) }
        if outcome.result == .passed { return "" }
        return MultiLanguageTestRunner.excerpt(of: Data(outcome.diagnostics.utf8), head: 450, tail: 150)
    }
}
