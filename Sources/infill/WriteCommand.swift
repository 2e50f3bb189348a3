import Completion
import Foundation
import Languages

/// `infill write`: writes the function a comment or signature asks for and prints it, signature included.
enum WriteCommand {
    static let usage = """
    infill write FILE:LINE [--language LANG] [--method fim|instruction] [--json] [--candidates N] [--strategy greedy|ranked|beam]
                 [--model M] [--max-tokens N] [--threads T] [--allow-running-code] [--no-repair] [--no-review]
                 [--review-margin M] [--no-build-check] [--no-answer-prefill] [--system-prompt default|none|TEXT]
      LINE (1-based) is any line of the comment, docstring or signature. Prints the whole function (plain code;
      the file's own signature and docstring kept), after the import lines it needs that the file lacks and
      the helpers it calls, if any. The language is the file's extension's, or --language (a name or extension);
      FILE - reads standard input, which needs --language.
      On a terminal, stderr shows what the task is doing (cleared before the code); elsewhere only warnings.
      --method: instruction (the comment and signature go to the chat template; the answer is cut down to the
      function and its helpers; the default for a function with no other function in its file, where it was
      measured better) or fim (fill-in-the-middle, which sees the code around the function; the default for a
      function among others, e.g. a method beside other methods; when none of its candidates builds, the
      instruction method writes the function again, helpers included, unless --method was given).
      --allow-running-code runs the comment's examples (doctests, asserts, f(2) == 4, ...) on each candidate with
      the language's own tool (python3, node, g++, javac+java, go), in a temporary directory with a time limit,
      and ranks the candidates that pass first (not in a Rust or Swift file: alone, a function there lacks its crate
      or module). It runs generated code: off by default. In C++, Java or Go the
      candidates are built with the installed compiler, in Python read by python3's parser and a scope check
      (nothing they contain runs), and those that fail ranked last (--no-build-check: not). When every candidate fails to build, or fails the examples, the model is
      asked once more, told what failed (--no-repair: not; instruction method only). --no-review: candidates
      are not also ranked by how likely the model finds the comment after their code; --review-margin M: only
      when the best two are within M by score (default 0.05; 1000: always). --no-answer-prefill
      (instruction method): the model may say what it does before the code instead of starting with it.
      --system-prompt (instruction method): the prompt's system turn: the model template's own (default), none,
      or TEXT. --max-tokens N caps each answer; without it an instruction answer may take 512 tokens beyond the
      comment and signature it repeats.
    """

    static func run(_ arguments: inout CommandLineArguments) async throws -> Int32 {
        var asked: WriteMethod?
        if let text = try arguments.option("--method") {
            guard let m = WriteMethod(rawValue: text) else { throw UsageError("--method takes fim or instruction, got '\(text)'") }
            asked = m
        }
        let named = try arguments.option("--language").map { try CodeTaskCommandOptions.language($0, option: "--language") }
        var command = try CodeTaskCommandOptions.parse(&arguments)
        try arguments.finish(allowPositionals: 1)
        guard let target = arguments.positionals.first else { throw UsageError("FILE:LINE is required") }
        let location = try FileLocation(target)
        guard let line = location.start, location.end == location.start else { throw UsageError("give one line: FILE:LINE, got '\(target)'") }
        guard let language = named ?? (location.isStandardInput ? nil : CodeLanguage.forPath(location.path)) else {
            throw CommandError("cannot tell the language of \(location.displayName)\(location.isStandardInput ? "" : " from its extension"): give --language (known: \(CodeLanguage.knownNamesDescription))")
        }
        let (text, lineEnds) = try location.read()
        let site: FunctionSite
        do { site = try FunctionSite.locate(in: text, line: line - 1, language: language) } catch let error as FunctionSiteError {
            throw CommandError("\(location.isStandardInput ? "standard input" : location.path): \(error)")
        }
        let model = try await loadModel(command.modelName, threads: command.threads)
        let engine = CodeTaskEngine(model: model)
        command.showStages(command: "write")
        defer { command.stages?.finish() }   // an error is printed on a clear line
        let (result, method) = try engine.writeFunction(at: site, in: text, language: language, method: asked, options: command.options)
        let request = WriteFunctionRequest.at(site, in: text, language: language, method: method)
        guard !result.candidates.isEmpty else { throw CommandError("the model wrote no code") }
        try command.print(result, language: language, command: "write", lineEnds: lineEnds) { code in
            // What the file gains, in its order: missing imports, helpers, then the function.
            let placement = request.placement(of: code, site: site, in: text)
            let before = placement.others.map { $0.newText.trimmingCharacters(in: .newlines) }
            return (before + [placement.wholeFunction]).joined(separator: "\n\n")
        }
        return 0
    }
}
