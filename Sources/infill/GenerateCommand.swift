import Completion
import Tokenizer
import Transformer
import Foundation

/// `infill generate`: plain left-to-right generation from a prompt file, with the raw model's
/// log-probabilities. This is the command the reference comparisons are made with.
enum GenerateCommand {
    static let usage = """
    infill generate --model M --prompt-file F [--max-tokens N] [--greedy] [--top-logprobs K] [--ignore-eos] [--json] [--threads T]
      Special-token text in the prompt file (e.g. <|fim_prefix|>) is read as special tokens.
      With --json prints {"prompt_ids":[...],"tokens":[...],"text":"...","steps":[{"id":N,"logprob":X,"top":[[id,logprob],...]},...]}
      (log-probabilities of the raw model distribution). Decoding is greedy.
    """

    static func run(_ arguments: inout CommandLineArguments) async throws -> Int32 {
        let modelName = try arguments.option("--model") ?? defaultModelName
        guard let promptFile = try arguments.option("--prompt-file") else { throw UsageError("--prompt-file is required") }
        let maxTokens = try arguments.integer("--max-tokens", default: 64, in: 0...100_000)
        let topK = try arguments.integer("--top-logprobs", default: 0, in: 0...1000)
        let threads = try arguments.integer("--threads", default: LoadedModel.defaultThreadCount, in: 1...256)
        _ = arguments.flag("--greedy")   // greedy is the only mode of this command; accepted for clarity
        let ignoreEOS = arguments.flag("--ignore-eos")
        let json = arguments.flag("--json")
        try arguments.finish()

        guard let data = FileManager.default.contents(atPath: promptFile) else {
            throw CommandError("cannot read the prompt file '\(promptFile)'")
        }
        guard let prompt = String(data: data, encoding: .utf8) else {
            throw CommandError("the prompt file '\(promptFile)' is not valid UTF-8")
        }
        let model = try await loadModel(modelName, threads: threads)
        let tokenizer = model.tokenizer
        let promptIDs = tokenizer.encode(prompt, parseSpecial: true)
        guard !promptIDs.isEmpty else { throw CommandError("the prompt is empty") }
        let endTokens = tokenizer.endOfGenerationTokens

        let cache = model.transformer.makeCache(maximumLength: promptIDs.count + maxTokens + 1)
        var logits = try model.transformer.evaluate(promptIDs, cache: cache)
        var generated: [Int32] = []
        var steps: [[String: Any]] = []
        var detokenizer = StreamingDetokenizer(tokenizer: tokenizer)
        var text = ""
        for _ in 0..<maxTokens {
            let probabilities = LogProbabilities(logits: logits)
            let token = probabilities.argmax(excluding: ignoreEOS ? endTokens : [])
            if !ignoreEOS && endTokens.contains(token) { break }
            generated.append(token)
            let top = probabilities.top(topK).map { [Int($0.id), Double($0.logprob)] as [Any] }
            steps.append(["id": Int(token), "logprob": Double(probabilities.values[Int(token)]), "top": top])
            let piece = detokenizer.append(token)
            text += piece
            if !json { FileHandle.standardOutput.write(Data(piece.utf8)) }
            logits = try model.transformer.forward([token], cache: cache)
        }
        text += detokenizer.flush()
        if json {
            let object: [String: Any] = [
                "prompt_ids": promptIDs.map(Int.init), "tokens": generated.map(Int.init), "text": text, "steps": steps,
            ]
            let out = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            FileHandle.standardOutput.write(out + Data("\n".utf8))
        } else {
            FileHandle.standardOutput.write(Data("\n".utf8))
        }
        return 0
    }
}
