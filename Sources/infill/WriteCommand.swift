import Completion
import Foundation
import Languages

/// `infill write`: writes the function a comment or signature asks for and prints it, signature included.
enum WriteCommand {
    static let usage = """
    infill write FILE:LINE [--method fim|instruction] [--json] [--candidates N] [--strategy greedy|ranked|beam]
                 [--model M] [--max-tokens N] [--threads T] [--allow-running-code]
      LINE (1-based) is any line of the comment, docstring or signature. Prints the whole function (plain code).
      --method: fim (default; the file around the function is the context) or instruction (the chat template).
      --allow-running-code runs the comment's examples (doctests, asserts, f(2) == 4, ...) on each candidate with
      the language's own tool (python3, node, g++, javac+java, go), in a temporary directory with a time limit,
      and ranks the candidates that pass first. It runs generated code: off by default.
    """

    static func run(_ arguments: inout CommandLineArguments) async throws -> Int32 {
        var method = WriteMethod.fim
        if let text = try arguments.option("--method") {
            guard let m = WriteMethod(rawValue: text) else { throw UsageError("--method takes fim or instruction, got '\(text)'") }
            method = m
        }
        let command = try CodeTaskCommandOptions.parse(&arguments)
        try arguments.finish(allowPositionals: 1)
        guard let target = arguments.positionals.first else { throw UsageError("FILE:LINE is required") }
        let location = try FileLocation(target)
        guard let line = location.start, location.end == location.start else { throw UsageError("give one line: FILE:LINE, got '\(target)'") }
        let (text, lineEnds) = try location.read()
        guard let language = CodeLanguage.forPath(location.path) else {
            throw CommandError("cannot tell the language of '\(location.path)' from its extension; known: \(CodeLanguage.knownNamesDescription)")
        }
        let site: FunctionSite
        do { site = try FunctionSite.locate(in: text, line: line - 1, language: language) } catch let error as FunctionSiteError {
            throw CommandError("\(location.path): \(error)")
        }
        let model = try await loadModel(command.modelName, threads: command.threads)
        let engine = CodeTaskEngine(model: model)
        let request = WriteFunctionRequest.at(site, in: text, language: language, method: method)
        let result = try engine.writeFunction(request, options: command.options)
        guard !result.candidates.isEmpty else { throw CommandError("the model wrote no code") }
        try command.print(result, lineEnds: lineEnds) { code in request.wholeFunction(code, site: site, in: text) }
        return 0
    }
}
