import Completion
import Evaluation
import Foundation
import InfillLog
import GGUF
import Languages

/// `infill eval --task-review FILE.jsonl[,…] --output REVIEWS.jsonl [--model M] [--threads T]`: the reviewer's
/// score (`CandidateReviewer`) of every recorded candidate of `infill eval --task … --judge-candidates`
/// files, to measure whether coder–reviewer ranking would choose better than the score alone
/// (docs/translate-and-write.md). One line per ranked or beam record: its file, task, eval, variant and the reviews
/// in the order of its `judged` candidates (null where the candidate has no code once comments are
/// removed). Records already in the output are skipped, so an interrupted run continues. With
/// `--back-translation`, translations are scored the other way instead: the source's code after each
/// candidate, asked to be translated back (`CandidateReviewer.backTranslationLogprob`); writing records are
/// skipped. With `--build-check`, each candidate's build verdict instead (`LocalBuildChecker` on what the
/// engine's check reads, `WriteFunctionRequest.buildProgram(for:)`: true, false, or null where the language
/// has no compile step or no compiler here), no model loaded.
enum TaskReviewScores {
    /// What is scored for each candidate.
    enum Mode {
        /// The reviewer's mean log-probability of the task's description after the code.
        case review
        /// The mean log-probability of a translation's source after the candidate, translated back.
        case backTranslation
        /// Whether the candidate builds (no model).
        case buildCheck
    }

    static let usage = """
    infill eval --task-review FILE.jsonl[,FILE.jsonl...] --output REVIEWS.jsonl [--back-translation | --build-check] [--model M] [--threads T]
      For every ranked or beam task recorded with --judge-candidates: the mean log-probability the model gives the
      task's description (its docstring) after each candidate's code, comments removed (coder-reviewer
      ranking), one JSON line per task in --output (continued where it stopped). --back-translation: for
      translations only, the mean log-probability of the source's code when each candidate is translated back.
      --build-check: whether each candidate builds (C++, Java, Go; Python: its parser and a scope check; the
      compiler runs, the code does not).
    """

    static func run(files: String, _ arguments: inout CommandLineArguments) async throws -> Int32 {
        guard let output = try arguments.option("--output") else { throw UsageError("--task-review needs --output FILE") }
        let modelName = try arguments.option("--model") ?? defaultModelName
        let threads = try arguments.integer("--threads", default: LoadedModel.defaultThreadCount, in: 1...256)
        let mode: Mode
        switch (arguments.flag("--back-translation"), arguments.flag("--build-check")) {
        case (true, true): throw UsageError("--back-translation and --build-check measure different things: give one")
        case (true, false): mode = .backTranslation
        case (false, true): mode = .buildCheck
        case (false, false): mode = .review
        }
        try arguments.finish()
        guard let lookup = HumanEvalXLookup() else { throw CommandError("the HumanEval-X files are not found") }
        let model = mode == .buildCheck ? nil : try await loadModel(modelName, threads: threads)
        let reviewer = try model.map { CandidateReviewer(model: $0, template: try ChatTemplate(gguf: GGUFFile(contentsOf: $0.path))) }
        let cache = model?.transformer.makeCache(maximumLength: 4096)
        var done = Set<String>()
        if let text = try? String(contentsOfFile: output, encoding: .utf8) {
            for line in text.split(separator: "\n") {
                if let record = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                   let key = record["key"] as? String { done.insert(key) }
            }
        }
        if !FileManager.default.fileExists(atPath: output) { _ = FileManager.default.createFile(atPath: output, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: output) else { throw CommandError("cannot write '\(output)'") }
        handle.seekToEndOfFile()
        for path in files.split(separator: ",").map(String.init) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw CommandError("cannot read '\(path)'") }
            for line in text.split(separator: "\n") where !line.isEmpty {
                guard let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      let variant = record["variant"] as? String, TaskRankingReport.isRankedKind(variant),
                      let taskID = record["task"] as? String, let eval = record["eval"] as? String,
                      let judged = record["judged"] as? [[String: Any]] else { continue }
                let key = "\(path)|\(taskID)|\(variant)"
                guard !done.contains(key) else { continue }
                // `write cpp`, `translate python→js`: what the engine read after each candidate, and the
                // candidate's code as it was reviewed (a fill-in-the-middle body with its signature).
                let words = TaskRankingReport.evalWords(eval)
                guard words.count >= 2, let language = CodeLanguage.named(words.last!) else { throw CommandError("unknown eval '\(eval)'") }
                let reviewed: String
                var program: (String) -> String = { $0 }
                var translated: (source: String, language: CodeLanguage)?
                if words[0] == "translate", words.count == 3, let source = CodeLanguage.named(words[1]) {
                    let sourceTask = try lookup.task(taskID, words[1])
                    let request = TranslateRequest(source: sourceTask.translationSource, from: source, to: language)
                    translated = (request.source, source)
                    reviewed = request.reviewedText(from: source)
                } else {
                    guard mode != .backTranslation else { continue }
                    let (document, signatureLine) = TaskEvalCommand.writeDocument(for: try lookup.task(taskID, words.last!), language: language)
                    let method: WriteMethod = variant.hasSuffix("/fim") ? .fim : .instruction
                    guard let request = try? TaskEvalCommand.functionTask(in: document, line: signatureLine, language: language)
                        .writeRequest(method: method) else { continue }
                    reviewed = request.reviewedText
                    if mode == .buildCheck {
                        program = { request.buildProgram(for: $0) }   // what the engine's build check reads
                    } else if method == .fim {
                        program = { CodeTaskEngine.runnableFunction(prefix: request.prefix, body: $0, language: language) }
                    }
                }
                let codes = judged.map { program($0["code"] as? String ?? "") }
                var reviews: [Any] = []
                switch mode {
                case .buildCheck:
                    reviews = LocalBuildChecker().check(codes: codes, language: language, scope: .definitions).map { $0.map { $0.builds as Any } ?? NSNull() }
                case .backTranslation:
                    guard let reviewer, let cache, let (source, sourceLanguage) = translated else { continue }
                    let bareSource = CandidateReviewer.codeWithoutComments(source, language: sourceLanguage)
                    for code in codes {
                        reviews.append(try reviewer.backTranslationLogprob(ofSource: bareSource, in: sourceLanguage,
                                                                           givenBareCode: CandidateReviewer.codeWithoutComments(code, language: language),
                                                                           language: language, cache: cache) ?? NSNull())
                    }
                case .review:
                    guard let reviewer, let cache else { continue }
                    for code in codes {
                        reviews.append(try reviewer.meanLogprob(of: reviewed, given: code, language: language, cache: cache) ?? NSNull())
                    }
                }
                let line: [String: Any] = ["key": key, "file": path, "task": taskID, "eval": eval, "variant": variant, "reviews": reviews]
                handle.write(try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]) + Data("\n".utf8))
                StandardError.write("\(taskID) \(variant): \(reviews.count) reviews\n")
            }
        }
        return 0
    }
}
