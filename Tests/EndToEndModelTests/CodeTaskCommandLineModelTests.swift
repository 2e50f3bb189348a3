import Foundation
import TestSupport
import XCTest

/// `infill write` and `infill translate` on a CRLF file with qwen2.5-coder-0.5b (greedy, few tokens): the
/// function is found on the file's lines and printed with the file's CRLF line ends.
final class CodeTaskCommandLineModelTests: XCTestCase {
    /// Runs the binary with `arguments` (and `input` on its standard input, if given).
    private func infill(_ arguments: [String], input: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: LSPClient.binaryPath)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe(), standardInput = Pipe()
        process.standardOutput = output
        process.standardError = errors
        if input != nil { process.standardInput = standardInput }
        try process.run()
        if let input {
            try standardInput.fileHandleForWriting.write(contentsOf: Data(input.utf8))
            try standardInput.fileHandleForWriting.close()
        }
        // Standard error is small (a progress line, an error); read it after standard output is done.
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    /// Whether every line end of `text` is a CRLF.
    private func onlyCRLF(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.indices.allSatisfy { bytes[$0] != 10 || ($0 > 0 && bytes[$0 - 1] == 13) }
    }

    func testWriteAndTranslateOnACRLFFile() throws {
        let model = try TestModels.path("qwen2.5-coder-0.5b")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("infill-crlf-\(UUID().uuidString).py").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("import math\r\n\r\ndef add(a, b):\r\n    return a + b\r\n\r\ndef twice(x):\r\n    \"\"\"Return twice x.\"\"\"\r\n".utf8)
            .write(to: URL(fileURLWithPath: path))
        let common = ["--model", model, "--strategy", "greedy", "--max-tokens", "48", "--threads", "2"]

        let write = try infill(["write", "\(path):6"] + common)
        XCTAssertEqual(write.status, 0, write.stderr)
        XCTAssertTrue(write.stdout.hasPrefix("def twice(x):\r\n    \"\"\"Return twice x.\"\"\"\r\n"), "the whole function, signature first: \(write.stdout.debugDescription)")
        XCTAssertTrue(onlyCRLF(write.stdout), "the file's CRLF line ends: \(write.stdout.debugDescription)")

        let translate = try infill(["translate", "--to", "js", "\(path):3-4"] + common)
        XCTAssertEqual(translate.status, 0, translate.stderr)
        XCTAssertTrue(translate.stdout.contains("add"), translate.stdout)
        XCTAssertFalse(translate.stdout.contains("twice"), "only lines 3-4 were translated: \(translate.stdout)")
        XCTAssertTrue(onlyCRLF(translate.stdout), "the file's CRLF line ends: \(translate.stdout.debugDescription)")
    }

    /// A range of a Go file holding pasted Python, translated to Go as in the editor: the source language is the
    /// snippet's (not the file's extension, which had made it Go to Go: `func nth_prime` with its own `is_prime`),
    /// and the file's `isPrime` is used, not written again.
    func testARangePastedFromAnotherLanguageIsTranslatedAsInTheEditor() throws {
        let model = try TestModels.path("qwen2.5-coder-0.5b")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("infill-paste-\(UUID().uuidString).go").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = "package main\n\nimport \"fmt\"\n\nfunc isPrime(n int) bool {\n\tfor d := 2; d*d <= n; d++ {\n\t\tif n%d == 0 {\n\t\t\treturn false\n\t\t}\n\t}\n\treturn n > 1\n}\n\n"
            + "def nth_prime(n):\n    k = 1\n    while n > 0:\n        k += 1\n        if is_prime(k):\n            n -= 1\n    return k\n\nfunc main() {\n\tfmt.Println(nthPrime(5))\n}\n"
        try Data(file.utf8).write(to: URL(fileURLWithPath: path))
        let run = try infill(["translate", "--to", "go", "\(path):14-20", "--model", model, "--strategy", "greedy", "--max-tokens", "120", "--threads", "2"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("func nthPrime(n int)"), "Python's nth_prime in Go's style: \(run.stdout)")
        XCTAssertTrue(run.stdout.contains("isPrime("), "the file's helper is called: \(run.stdout)")
        XCTAssertFalse(run.stdout.contains("func isPrime") || run.stdout.contains("is_prime") || run.stdout.contains("def "), run.stdout)
    }

    /// `-` as an editor's filter: the code comes on standard input, the translation goes to standard output alone.
    func testTranslateReadsStandardInput() throws {
        let model = try TestModels.path("qwen2.5-coder-0.5b")
        let run = try infill(["translate", "--to", "js", "-", "--model", model, "--strategy", "greedy", "--max-tokens", "64", "--threads", "2"],
                             input: "def add(a, b):\n    return a + b\n")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("add") && (run.stdout.contains("function") || run.stdout.contains("=>")), run.stdout)
        XCTAssertFalse(run.stdout.contains("def ") || run.stdout.contains("```"), "JavaScript only: \(run.stdout)")
        XCTAssertFalse(run.stderr.contains("writing the code"), "no stages when stderr is not a terminal (Vim's filter reads it): \(run.stderr)")
    }

    /// On a terminal, stderr shows what the task is doing on one line rewritten in place, and clears it before the
    /// code comes: the last thing on stderr is the clearing, and stdout has the code alone.
    func testStagesShowOnATerminalAndAreClearedBeforeTheCode() throws {
        let model = try TestModels.path("qwen2.5-coder-0.5b")
        let terminal = try PseudoTerminal()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: LSPClient.binaryPath)
        process.arguments = ["translate", "--to", "js", "-", "--model", model, "--strategy", "greedy", "--max-tokens", "48", "--threads", "2"]
        let output = Pipe(), input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        process.standardError = terminal.follower
        try process.run()
        try terminal.closeFollower()   // the child holds its own copy
        try input.fileHandleForWriting.write(contentsOf: Data("def add(a, b):\n    return a + b\n".utf8))
        try input.fileHandleForWriting.close()
        let code = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let shown = terminal.readAll()
        XCTAssertEqual(process.terminationStatus, 0, shown)
        XCTAssertTrue(shown.contains("\r\u{1B}[Kinfill translate: writing the code (a prompt of "), shown.debugDescription)
        XCTAssertTrue(shown.hasSuffix("\r\u{1B}[K"), "the line is cleared before the code: \(shown.debugDescription)")
        XCTAssertTrue(code.contains("function") || code.contains("=>"), code)
        XCTAssertFalse(code.contains("writing"), "stdout is the code alone: \(code)")
    }

    /// A translation cut short (a few tokens of a long function) does not compile: it is printed all the same,
    /// and stderr warns, quoting the compiler; `--json` says so too, with each candidate's compiler messages.
    func testATranslationThatDoesNotCompileIsPrintedWithAWarning() throws {
        guard ["/usr/bin/g++", "/usr/local/bin/g++", "/usr/bin/clang++"].contains(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw XCTSkip("no C++ compiler here")
        }
        let model = try TestModels.path("qwen2.5-coder-0.5b")
        let source = "def histogram(words):\n    counts = {}\n    for word in words:\n        counts[word] = counts.get(word, 0) + 1\n"
            + "    best = max(counts.values()) if counts else 0\n    return {w: c for w, c in counts.items() if c == best}\n"
        let common = ["translate", "--to", "cpp", "-", "--model", model, "--strategy", "ranked", "--candidates", "2", "--max-tokens", "20",
                      "--answer-prefill", "--no-repair", "--threads", "2"]
        let plain = try infill(common, input: source)
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertFalse(plain.stdout.isEmpty, "the best try is printed")
        XCTAssertTrue(plain.stderr.contains("infill translate: warning: no candidate compiles as C++; this is the best of them: `"), plain.stderr)
        let json = try infill(common + ["--json"], input: source)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], json.stdout)
        XCTAssertTrue((object["caveat"] as? String)?.hasPrefix("no candidate compiles as C++") == true, "\(object)")
        let candidates = try XCTUnwrap(object["candidates"] as? [[String: Any]])
        for candidate in candidates {
            XCTAssertEqual((candidate["features"] as? [String: Any])?["builds"] as? Bool, false)
            XCTAssertTrue((candidate["buildFailure"] as? String)?.hasPrefix("It does not compile:") == true, "\(candidate)")
        }
    }

    /// `--system-prompt` changes the prompt by the system turn alone: the template's default (Qwen2.5's
    /// sentence), none, or a given text, counted by the tokenizer on its own (`infill tokenize --special`).
    func testTheSystemPromptOptionChangesOnlyTheSystemTurn() throws {
        let model = try TestModels.path("qwen2.5-coder-0.5b")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("infill-system-\(UUID().uuidString).py").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("def f(x):\n    return x + 1\n".utf8).write(to: URL(fileURLWithPath: path))
        func promptTokens(_ systemPrompt: String) throws -> Int {
            let run = try infill(["translate", "--to", "js", path, "--json", "--answer-prefill", "--strategy", "greedy", "--max-tokens", "16",
                                  "--threads", "2", "--model", model, "--system-prompt", systemPrompt])
            XCTAssertEqual(run.status, 0, run.stderr)
            let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            return try XCTUnwrap(object?["prompt_tokens"] as? Int, run.stdout)
        }
        func tokenCount(_ text: String) throws -> Int {
            let run = try infill(["tokenize", "--model", model, "--special"], input: text)
            XCTAssertEqual(run.status, 0, run.stderr)
            let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            return try XCTUnwrap(object?["ids"] as? [Any]).count
        }
        let none = try promptTokens("none")
        XCTAssertEqual(try promptTokens("default") - none,
                       try tokenCount("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n"))
        XCTAssertEqual(try promptTokens("Be brief.") - none, try tokenCount("<|im_start|>system\nBe brief.<|im_end|>\n"))
    }
}
