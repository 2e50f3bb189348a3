import Completion
import Foundation
import InfillLog
import InfillServer
import ModelStore

/// `infill serve` (and plain `infill`): the language server on stdin/stdout.
enum ServeCommand {
    static let usage = """
    infill serve [--model M] [--task-model M] [--threads T] [--order psm|spm] [--log-level error|warning|info|debug|trace] [--log-file F]
      Runs the language server over stdin/stdout (LSP base protocol). The model (a catalogue name or a
      .gguf path; default qwen2.5-coder-0.5b) loads in the background after `initialize`; editors may
      override it with initializationOptions {"model": ...}. --task-model (or {"taskModel": ...}) gives
      translating and writing functions a model of their own, e.g. qwen2.5-coder-1.5b, while completions
      stay on the fast one; without it they use the completion model. Started from a terminal, it first
      downloads the models if needed (with progress) so you can see they are ready. --order sets the
      fill-in-the-middle prompt layout (default psm), e.g. for `infill bench --replay --order`.
    """

    static func run(_ arguments: inout CommandLineArguments) async throws -> Int32 {
        let model = try arguments.option("--model") ?? defaultModelName
        let taskModel = try arguments.option("--task-model")
        // The one default of every command: every core the process may use (LoadedModel.defaultThreadCount).
        let threads = try arguments.integer("--threads", default: LoadedModel.defaultThreadCount, in: 1...256)
        var settings = CompletionSettings()
        if let text = try arguments.option("--order") {
            guard let order = PromptOrder(rawValue: text) else { throw UsageError("--order takes psm or spm, got '\(text)'") }
            settings.promptOrder = order
        }
        try arguments.finish()

        if isatty(STDIN_FILENO) != 0 {
            // A person started us: fetch and verify the model now, visibly, then say how to use the daemon.
            let path = try await resolveModelPath(model)
            ProgressLine.shared.finish()
            if let taskModel {
                let taskPath = try await resolveModelPath(taskModel)
                ProgressLine.shared.finish()
                log("infill: task model ready: \(taskPath)")
            }
            log("""
            infill: model ready: \(path)
            infill: this is a language server: it speaks LSP on stdin/stdout. Start it from your editor
                    (see editors/ in the repository), or try `infill complete FILE:LINE:COLUMN`.
                    Waiting for LSP messages on stdin; press Ctrl-D to quit.
            """)
        }

        // A client that closes a pipe must not kill the daemon: a write to it then fails with EPIPE, and the
        // server takes the "client gone" path (stdout) or drops the log line (stderr).
        signal(SIGPIPE, SIG_IGN)
        // Logging never blocks the daemon: a client that does not read stderr gets dropped (counted) lines.
        Logger.shared.startBackgroundWriter()

        // stdout carries the protocol and nothing else: the server writes to a private copy of it, and the
        // process's fd 1 is pointed at stderr so that a stray print from anywhere cannot corrupt a frame.
        let protocolOutput = dup(STDOUT_FILENO)
        guard protocolOutput >= 0 else { throw CommandError("cannot duplicate stdout") }
        dup2(STDERR_FILENO, STDOUT_FILENO)

        var options = ServerOptions()
        options.defaultModel = model
        options.defaultTaskModel = taskModel
        options.threads = threads
        let server = LanguageServer(backend: EngineBackend(settings: settings), input: STDIN_FILENO, output: protocolOutput, options: options)
        // The server reads on a thread of its own, never one of Swift's cooperative pool (on a one-CPU
        // machine the pool has one thread, and a blocking read there would starve everything else).
        let code = await server.serve()
        Logger.shared.flush(timeout: 1)
        return code
    }
}
