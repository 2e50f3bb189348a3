import Completion
import Foundation
import InfillLog
import Languages

/// Options shared by `infill translate`, `infill write` and the task evals.
struct CodeTaskCommandOptions {
    var options = CodeTaskOptions()
    var modelName = defaultModelName
    var threads = LoadedModel.defaultThreadCount
    var json = false
    /// What the task is doing, on stderr when it is a terminal (`showStages(command:)`); nil: nothing shown.
    var stages: StageLine?

    /// Reads `--model`, `--strategy greedy|ranked|beam`, `--candidates N`, `--max-tokens N`, `--temperature T`,
    /// `--threads T`, `--allow-running-code`, `--no-review`, `--review-margin M`, `--no-repair`, `--no-build-check`, `--answer-prefill` / `--no-answer-prefill`,
    /// `--system-prompt default|none|TEXT`, `--json`.
    static func parse(_ arguments: inout CommandLineArguments) throws -> CodeTaskCommandOptions {
        var parsed = CodeTaskCommandOptions()
        parsed.modelName = try arguments.option("--model") ?? defaultModelName
        if let text = try arguments.option("--strategy") {
            guard let strategy = CodeTaskStrategy(rawValue: text) else {
                throw UsageError("--strategy takes \(CodeTaskStrategy.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'")
            }
            parsed.options.strategy = strategy
        }
        if let n = try arguments.integer("--candidates", in: 1...32) { parsed.options.candidates = n }   // else the task's default
        if let n = try arguments.integer("--max-tokens", in: 16...4096) { parsed.options.limitTokens(to: n) }   // else 512 and room for what the answer repeats
        parsed.options.temperature = try arguments.number("--temperature", default: parsed.options.temperature, in: 0...2)
        parsed.threads = try arguments.integer("--threads", default: LoadedModel.defaultThreadCount, in: 1...256)
        parsed.options.allowRunningCode = arguments.flag("--allow-running-code")
        parsed.options.review = !arguments.flag("--no-review")
        parsed.options.reviewMargin = try arguments.number("--review-margin", default: parsed.options.reviewMargin, in: 0...1000)
        parsed.options.repair = !arguments.flag("--no-repair")
        parsed.options.buildCheck = !arguments.flag("--no-build-check")
        switch (arguments.flag("--answer-prefill"), arguments.flag("--no-answer-prefill")) {
        case (true, true): throw UsageError("--answer-prefill and --no-answer-prefill contradict each other: give one")
        case (true, false): parsed.options.answerPrefill = true
        case (false, true): parsed.options.answerPrefill = false
        case (false, false): parsed.options.answerPrefill = nil   // each task's default
        }
        switch try arguments.option("--system-prompt") {
        case nil, "default": parsed.options.systemPrompt = .templateDefault
        case "none": parsed.options.systemPrompt = SystemPrompt.none
        case let text?: parsed.options.systemPrompt = .text(text)
        }
        parsed.json = arguments.flag("--json")
        return parsed
    }

    /// Shows the task's stages on stderr from now on, when stderr is a terminal (`StageLine`); `print` clears them.
    mutating func showStages(command: String) {
        stages = StageLine.onTerminal(command: command)
        if let stages { options = stages.reporting(into: options) }
    }

    /// A language named on the command line, or a usage error that lists the known ones.
    static func language(_ name: String, option: String) throws -> CodeLanguage {
        guard let language = CodeLanguage.named(name) else {
            throw UsageError("\(option): unknown language '\(name)'; known: \(CodeLanguage.knownNamesDescription)")
        }
        return language
    }

    /// Prints `result`: the best candidate's code (or, with `--json`, every candidate with its score, features and
    /// what failed), each code through `transform`, with `lineEnds` (the file's). What is known against the best
    /// (`CodeTaskCandidate.caveat(language:)`: it does not build, or fails its examples) goes to stderr as a
    /// warning naming `command`, and into the JSON as `caveat`; the code is printed all the same.
    func print(_ result: CodeTaskResult, language: CodeLanguage, command: String, lineEnds: LineEnds = .lf,
               transform: (String) -> String = { $0 }) throws {
        stages?.finish()
        func finished(_ code: String) -> String { lineEnds.applied(to: transform(code)) }
        let caveat = result.caveat(language: language)
        if let caveat { StandardError.write("infill \(command): warning: \(caveat)\n") }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let candidates: [[String: Any]] = try result.candidates.map { c in
                let features = try JSONSerialization.jsonObject(with: encoder.encode(c.features))
                var fields: [String: Any] = ["code": finished(c.code), "score": c.score, "features": features]
                if let failure = c.buildFailure { fields["buildFailure"] = failure }
                if let failure = c.exampleFailure { fields["exampleFailure"] = failure }
                return fields
            }
            var object: [String: Any] = ["candidates": candidates, "prompt_tokens": result.promptTokens,
                                         "generated_tokens": result.generatedTokens, "seconds": result.seconds]
            if let caveat { object["caveat"] = caveat }
            if let strategy = result.strategy { object["strategy"] = strategy.rawValue }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        } else if let best = result.candidates.first {
            FileHandle.standardOutput.write(Data((finished(best.code) + lineEnds.applied(to: "\n")).utf8))
        }
    }
}

/// `FILE`, `FILE:LINE` or `FILE:START-END` split into the path and 1-based line numbers.
struct FileLocation {
    var path: String
    var start: Int?
    var end: Int?

    init(_ text: String) throws {
        path = text
        guard let colon = text.lastIndex(of: ":") else { return }
        let spec = text[text.index(after: colon)...]
        let parts = spec.split(separator: "-", omittingEmptySubsequences: false)
        guard !spec.isEmpty, parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return }
        guard let s = Int(parts[0]), s >= 1 else { throw UsageError("line numbers start at 1, got '\(spec)'") }
        let e = parts.count == 2 ? Int(parts[1]) : s
        guard let e, e >= s else { throw UsageError("the range '\(spec)' ends before it starts") }
        path = String(text[..<colon])
        start = s
        end = e
    }

    /// Whether the code comes from standard input (`-`), e.g. an editor's filter: `:'<,'>!infill translate --to go -`.
    var isStandardInput: Bool { path == "-" }

    /// The file as messages name it: `'path'`, or standard input.
    var displayName: String { isStandardInput ? "standard input" : "'\(path)'" }

    /// The file's text with LF line ends (what the task rules read: `LineEnds`), and the file's own line
    /// ends, which the printed code gets back; or an error naming the file.
    func read() throws -> (text: String, lineEnds: LineEnds) {
        let contents = isStandardInput ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: path)
        guard let data = contents else { throw CommandError("cannot read \(displayName)") }
        guard let text = String(data: data, encoding: .utf8) else { throw CommandError("\(displayName) is not valid UTF-8") }
        return (LineEnds.lineFeeds(text), LineEnds(of: text))
    }
}
