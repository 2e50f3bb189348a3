import Completion
import Foundation
import Languages

/// `infill translate`: translates a file or a range of its lines to another language and prints the code.
enum TranslateCommand {
    static let usage = """
    infill translate --to LANG [--from LANG] FILE[:START-END] [--json] [--candidates N] [--strategy greedy|ranked|beam]
                     [--model M] [--max-tokens N] [--threads T] [--allow-running-code] [--no-repair]
                     [--no-build-check] [--answer-prefill] [--system-prompt default|none|TEXT]
      Prints the translation (plain code, no Markdown fence; when the source is functions or types only, without
      the demo the model may add around them: a main, example calls, imports only they use). LANG is a name or extension: python/py, javascript/js,
      typescript/ts, c, c++/cpp, java, go, rust/rs, swift, kotlin/kt, c#/cs, ruby/rb, php. Without --from the source
      language of a whole file comes from its extension, else its text; of a range, from its text, else the
      extension (a snippet pasted into a file of another language). START-END are 1-based lines, inclusive. A range
      translated into its file's own language is treated as in the editor: built in the file, in place of the lines,
      a helper the file defines not written twice, the imports it needs that the file lacks printed above it.
      FILE - reads standard input (an editor's filter: in Vim, `:'<,'>!infill translate --to go -`).
      On a terminal, stderr shows what the task is doing (cleared before the code); elsewhere only warnings.
      --strategy: how the candidates are made (default: beam into Python, ranked into any other language;
      measured). --json prints every ranked candidate with its score and features, and the strategy. --allow-running-code runs the source's
      examples (doctests, asserts, f(2) == 4, ...) on each candidate with the target language's own tool and
      ranks the candidates that pass first. It runs generated code: off by default. Into C++, Java, Go, Rust or Swift, the
      candidates are built with the installed compiler, into Python read by python3's parser and a scope check
      (nothing they contain runs), and those that fail ranked last (--no-build-check: not). When every candidate fails to build, or fails the examples, the model is
      asked once more, told what failed (--no-repair: not). The model may say what it does before the code
      (measured better); --answer-prefill writes the opening fence into the prompt instead, so it starts with code.
      --system-prompt: the prompt's system turn: the model template's own (default; Qwen2.5's "You are Qwen, …"),
      none, or TEXT. --max-tokens N caps each answer; without it an answer may take 512 tokens beyond four times
      the source's, so a long function or file is not cut short.
    """

    static func run(_ arguments: inout CommandLineArguments) async throws -> Int32 {
        guard let toName = try arguments.option("--to") else { throw UsageError("--to LANG is required") }
        let to = try CodeTaskCommandOptions.language(toName, option: "--to")
        let from = try arguments.option("--from").map { try CodeTaskCommandOptions.language($0, option: "--from") }
        var command = try CodeTaskCommandOptions.parse(&arguments)
        try arguments.finish(allowPositionals: 1)
        guard let target = arguments.positionals.first else { throw UsageError("FILE[:START-END] is required") }
        let location = try FileLocation(target)
        let (text, lineEnds) = try location.read()
        let source = try selection(of: text, location: location)
        let fileLanguage = location.isStandardInput ? nil : CodeLanguage.forPath(location.path)
        // A range of a file may be a snippet pasted from another language: its text says which, as in the editor.
        let language = from ?? (location.start != nil ? LanguageDetection.detect(source) ?? fileLanguage : fileLanguage ?? LanguageDetection.detect(source))
        let model = try await loadModel(command.modelName, threads: command.threads)
        let engine = CodeTaskEngine(model: model)
        command.showStages(command: "translate")
        defer { command.stages?.finish() }   // an error is printed on a clear line
        if let fileLanguage, fileLanguage.id == to.id, let lines = location.start.flatMap({ start in location.end.map { start...$0 } }) {
            try translateInFile(text: text, lines: lines, to: to, from: language, fileLanguage: fileLanguage, engine: engine,
                                command: command, lineEnds: lineEnds)
            return 0
        }
        var result = try engine.translate(TranslateRequest(source: source, from: language, to: to), options: command.options)
        if let language {   // the translation without the answer's demo code (a `main`, example calls)
            for index in result.candidates.indices {
                result.candidates[index].code = TranslationFit.standalone(result.candidates[index].code, source: source, from: language, to: to)
            }
        }
        guard !result.candidates.isEmpty else { throw CommandError("the model wrote no code") }
        try command.print(result, language: to, command: "translate", lineEnds: lineEnds)
        return 0
    }

    /// Translates `lines` of a file into the file's own language as *Translate to <this file's language>* does in the
    /// editor (`DocumentCodeTask`): each candidate built in the file, in place of the lines, where the file's
    /// helpers and types are, a helper the file defines not written twice. Prints each as it would go in, the
    /// imports it needs that the file lacks above it.
    private static func translateInFile(text: String, lines: ClosedRange<Int>, to: CodeLanguage, from: CodeLanguage?, fileLanguage: CodeLanguage,
                                        engine: CodeTaskEngine, command: CodeTaskCommandOptions, lineEnds: LineEnds) throws {
        let lineStarts = [0] + text.utf8.indices.filter { text.utf8[$0] == UInt8(ascii: "\n") }.map { text.utf8.distance(from: text.utf8.startIndex, to: $0) + 1 }
        let start = lineStarts[lines.lowerBound - 1]
        let end = lines.upperBound < lineStarts.count ? lineStarts[lines.upperBound] : text.utf8.count
        let task: DocumentCodeTask
        do {
            task = try DocumentCodeTask.translation(text: text, selectionUTF8: start..<end, target: to.id, fileLanguage: fileLanguage, from: from)
        } catch let error as DocumentCodeTaskError { throw CommandError("\(error)") }
        let (result, _) = try task.candidates(on: engine, options: command.options)
        guard !result.candidates.isEmpty else { throw CommandError("the model wrote no code") }
        try command.print(result, language: to, command: "translate", lineEnds: lineEnds) { code in
            let placed = task.placed(code)
            let imports = placed.additionalEdits.map { $0.newText.trimmingCharacters(in: .newlines) }
            return (imports + [placed.code]).joined(separator: "\n\n")
        }
    }

    /// The selected lines of `text`, with precise errors for a range outside the file or an empty selection.
    static func selection(of text: String, location: FileLocation) throws -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        var selected = Substring(text)
        if let start = location.start, let end = location.end {
            guard end <= lines.count else {
                throw CommandError("lines \(start)-\(end) are outside \(location.displayName), which has \(lines.count) lines")
            }
            selected = Substring(lines[(start - 1)..<end].joined(separator: "\n"))
        }
        guard selected.contains(where: { !$0.isWhitespace }) else {
            throw CommandError("the selection \(location.start.map { "\($0)-\(location.end ?? $0) " } ?? "")of \(location.displayName) is empty: there is no code to translate")
        }
        return String(selected)
    }
}
