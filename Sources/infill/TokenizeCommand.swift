import Completion
import Foundation

/// `infill tokenize`: prints the token ids of stdin's text as `{"ids":[...]}`.
enum TokenizeCommand {
    static let usage = """
    infill tokenize --model M [--special]
      Reads UTF-8 text from stdin and prints {"ids":[...]}. Special-token text (e.g. <|fim_prefix|>) stays
      plain text unless --special is given.
    """

    static func run(_ arguments: inout CommandLineArguments) async throws -> Int32 {
        let modelName = try arguments.option("--model") ?? defaultModelName
        let special = arguments.flag("--special")
        try arguments.finish()
        let input = FileHandle.standardInput.readDataToEndOfFile()
        guard let text = String(data: input, encoding: .utf8) else {
            throw CommandError("stdin is not valid UTF-8")
        }
        let model = try await loadModel(modelName, threads: 1)
        let ids = model.tokenizer.encode(text, parseSpecial: special)
        let out = "{\"ids\":[" + ids.map(String.init).joined(separator: ",") + "]}\n"
        FileHandle.standardOutput.write(Data(out.utf8))
        return 0
    }
}
