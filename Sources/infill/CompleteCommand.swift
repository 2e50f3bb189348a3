import Completion
import Foundation

/// `infill complete FILE:LINE:COLUMN`: the daemon's completion path from the command line.
enum CompleteCommand {
    static let usage = """
    infill complete FILE:LINE:COLUMN [--model M] [--json] [--invoked] [--multiline | --single-line]
                    [--strategy greedy|beam:W|sample:N:T|greedy+beam:W[@T]] [--candidates N] [--max-tokens N] [--no-block-rules]
                    [--context-tokens N] [--suffix-tokens N|none] [--order psm|spm] [--threads T]
      LINE and COLUMN start at 1; COLUMN counts Unicode characters (scalars) of the line. Prints the best
      suggestion (the text to insert at the cursor), or with --json all candidates and timings.
      --suffix-tokens caps the code after the cursor in automatic (not --invoked) prompts (default 128).
    """

    static func run(_ arguments: inout CommandLineArguments) async throws -> Int32 {
        let modelName = try arguments.option("--model") ?? defaultModelName
        let json = arguments.flag("--json")
        let invoked = arguments.flag("--invoked")
        let forceMulti = arguments.flag("--multiline")
        let forceSingle = arguments.flag("--single-line")
        let (options, threads) = try CompletionOptions.parse(&arguments)
        try arguments.finish(allowPositionals: 1)
        guard let target = arguments.positionals.first else { throw UsageError("missing FILE:LINE:COLUMN") }
        guard !(forceMulti && forceSingle) else { throw UsageError("--multiline and --single-line exclude each other") }
        let (path, line, column) = try parseTarget(target)
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandError("cannot read '\(path)'") }
        guard let text = String(data: data, encoding: .utf8) else { throw CommandError("'\(path)' is not valid UTF-8") }
        let offset = try utf8Offset(in: text, line: line, column: column)

        let model = try await loadModel(modelName, threads: threads)
        let engine = CompletionEngine(model: model, settings: options.settings)
        let request = CompletionRequest(
            documentKey: path, text: text, cursorUTF8Offset: offset, filePath: URL(fileURLWithPath: path).lastPathComponent,
            languageID: LanguageGuess.languageID(forPath: path), trigger: invoked ? .invoked : .automatic,
            multiline: forceMulti ? true : forceSingle ? false : nil)
        let started = Date()
        let response = try engine.complete(request)
        let seconds = Date().timeIntervalSince(started)
        if json {
            let object: [String: Any] = [
                "candidates": response.candidates.map { ["text": $0.text, "score": $0.score, "ended_by_model": $0.endedByModel] as [String: Any] },
                "prompt_tokens": response.promptTokens, "reused_prompt_tokens": response.reusedPromptTokens,
                "generated_tokens": response.generatedTokens, "prompt_seconds": response.promptSeconds,
                "generation_seconds": response.generationSeconds, "total_seconds": seconds, "multiline": response.multiline,
            ]
            FileHandle.standardOutput.write(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) + Data("\n".utf8))
        } else {
            FileHandle.standardOutput.write(Data(((response.candidates.first?.text ?? "") + "\n").utf8))
            log(String(format: "infill: %d prompt tokens in %.2f s, %d generated in %.2f s", response.promptTokens, response.promptSeconds, response.generatedTokens, response.generationSeconds))
        }
        return 0
    }

    /// Splits `path:line:column` (the path may itself contain colons).
    static func parseTarget(_ target: String) throws -> (String, Int, Int) {
        let parts = target.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]),
              line >= 1, column >= 1 else {
            throw UsageError("expected FILE:LINE:COLUMN with LINE and COLUMN from 1, got '\(target)'")
        }
        return (parts.dropLast(2).joined(separator: ":"), line, column)
    }

    /// The UTF-8 offset of a 1-based line and column (in Unicode scalars); a column past the end of the line
    /// means the end of the line.
    static func utf8Offset(in text: String, line: Int, column: Int) throws -> Int {
        var currentLine = 1
        var offset = 0
        var scalars = text.unicodeScalars.makeIterator()
        while currentLine < line {
            guard let s = scalars.next() else { throw CommandError("the file has only \(currentLine) lines, asked for line \(line)") }
            offset += String(s).utf8.count
            if s == "\n" { currentLine += 1 }
        }
        var col = 1
        while col < column, let s = scalars.next(), s != "\n" {
            offset += String(s).utf8.count
            col += 1
        }
        return offset
    }
}

/// Maps file extensions to LSP language ids, for commands that read files.
enum LanguageGuess {
    static func languageID(forPath path: String) -> String? {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        let table = ["py": "python", "swift": "swift", "js": "javascript", "ts": "typescript", "go": "go", "rs": "rust",
                     "c": "c", "h": "c", "cpp": "cpp", "cc": "cpp", "java": "java", "rb": "ruby", "lua": "lua", "sh": "shellscript"]
        return table[ext]
    }
}
