import Foundation
import InfillLog
import InfillServer

/// The `infill` command line. With no arguments it runs the language server on stdin/stdout.
///
/// Exit codes: 0 success, 1 a failure (the message says what), 64 a usage mistake.
let subcommands: [(name: String, summary: String, usage: String)] = [
    ("serve", "run the language server on stdin/stdout (the default)", ServeCommand.usage),
    ("complete", "complete code at FILE:LINE:COLUMN and print the suggestion", CompleteCommand.usage),
    ("generate", "generate text from a prompt file (with log-probabilities)", GenerateCommand.usage),
    ("tokenize", "print the token ids of the text on stdin", TokenizeCommand.usage),
    ("models", "list, pull and locate model files", ModelsCommand.usage),
    ("bench", "measure prompt processing and generation speed", BenchCommand.usage + "\n" + ReplayCommand.usage + "\n" + SoakCommand.usage),
    ("eval", "measure completion quality on HumanEval infilling", EvalCommand.usage),
    ("translate", "translate code to another language and print it", TranslateCommand.usage),
    ("write", "write the function a comment or signature at FILE:LINE asks for", WriteCommand.usage),
    ("chart", "draw SVG charts from bench and eval JSON (speed and quality vs llama.cpp)", ChartCommand.usage),
]

func printUsage() {
    var text = "infill: local code completion (LSP over stdio, in-process transformer)\n\nusage: infill [command] [options]\n\ncommands:\n"
    for c in subcommands { text += "  \(c.name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(c.summary)\n" }
    text += "\nRun 'infill help COMMAND' for a command's options, 'infill --version' for the version.\n"
    StandardError.write(text)
}

/// `infill --version`: the release number and the git revision of the checkout it was built from.
func printVersion() {
    let revision = GitRevision.commit().map { "git \($0.prefix(12)) (read from \(GitRevision.checkout.path))" }
        ?? "git revision unknown (source checkout not found)"
    FileHandle.standardOutput.write(Data("infill \(InfillVersion.number), \(revision)\n".utf8))
}

func run() async -> Int32 {
    var args = Array(CommandLine.arguments.dropFirst())
    if args == ["--version"] {
        printVersion()
        return 0
    }
    let name = args.first.flatMap { $0.hasPrefix("-") ? nil : $0 } ?? "serve"
    if !args.isEmpty && !args[0].hasPrefix("-") { args.removeFirst() }
    if name == "help" || args.contains("--help") || args.contains("-h") {
        let topic = name == "help" ? args.first : name
        if let topic, let c = subcommands.first(where: { $0.name == topic }) {
            StandardError.write(c.usage + "\n")
        } else {
            printUsage()
        }
        return 0
    }
    var arguments = CommandLineArguments(args)
    do {
        if let level = try arguments.option("--log-level") {
            guard let parsed = LogLevel(name: level) else { throw UsageError("--log-level takes error, warning, info, debug or trace, got '\(level)'") }
            Logger.shared.setLevel(parsed)
        }
        if let file = try arguments.option("--log-file") { try Logger.shared.setLogFile(path: file) }
        switch name {
        case "serve": return try await ServeCommand.run(&arguments)
        case "complete": return try await CompleteCommand.run(&arguments)
        case "generate": return try await GenerateCommand.run(&arguments)
        case "tokenize": return try await TokenizeCommand.run(&arguments)
        case "models": return try await ModelsCommand.run(&arguments)
        case "bench": return try await BenchCommand.run(&arguments)
        case "eval": return try await EvalCommand.run(&arguments)
        case "translate": return try await TranslateCommand.run(&arguments)
        case "write": return try await WriteCommand.run(&arguments)
        case "chart": return try ChartCommand.run(&arguments)
        default: throw UsageError("unknown command '\(name)'")
        }
    } catch let error as UsageError {
        StandardError.write("infill: \(error)\n")
        if let c = subcommands.first(where: { $0.name == name }) {
            StandardError.write("usage: \(c.usage)\n")
        } else {
            printUsage()
        }
        return 64
    } catch {
        StandardError.write("infill: error: \(error)\n")
        return 1
    }
}

exit(await run())
