import Decoding
import Foundation
import TestSupport

/// The generated part of the seed corpus (`infill-fuzz seeds DIR`; committed under Tests/Fixtures/fuzz):
/// LSP messages shaped as the editors of Tests/EditorModelTests send them, tiny GGUF models written by
/// `TinyModelFile`, edit scripts and source text. Files the fuzzer found are added next to them by hand.
enum FuzzSeeds {
    /// Writes every seed; returns how many files.
    static func write(into folder: String) throws -> Int {
        var count = 0
        func save(_ target: String, _ name: String, _ bytes: [UInt8]) throws {
            let dir = (folder as NSString).appendingPathComponent(target)
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: (dir as NSString).appendingPathComponent(name)))
            count += 1
        }
        let messages = messages()
        let bodies = try messages.map { try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]) }.map { [UInt8]($0) }
        for (i, body) in bodies.enumerated() { try save("jsonrpc", String(format: "message-%02d.json", i), body) }
        for (i, message) in messages.enumerated() {
            guard let params = message["params"] else { continue }
            try save("lsp-params", String(format: "params-%02d.json", i),
                     [UInt8](try JSONSerialization.data(withJSONObject: params, options: [.sortedKeys, .fragmentsAllowed])))
        }
        let framed = bodies.map { Array("Content-Length: \($0.count)\r\n\r\n".utf8) + $0 }
        try save("framer", "session.bin", framed.flatMap { $0 })
        try save("framer", "with-content-type.bin", bodies.prefix(3).flatMap {
            Array("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: \($0.count)\r\n\r\n".utf8) + $0
        })
        try save("framer", "garbage-between.bin", framed.prefix(3).flatMap { Array("junk\r\n".utf8) + $0 })
        try save("framer", "long-header.bin", Array("Content-Length: \(bodies[0].count)\r\nX-Padding: \(String(repeating: "p", count: 8100))\r\n\r\n".utf8) + bodies[0])
        try save("framer", "too-long.bin", Array("Content-Length: 5000\r\n\r\n".utf8) + [UInt8](repeating: 0x41, count: 5000) + framed[0])

        var random = SeededGenerator(seed: 20)
        for i in 0..<8 {
            try save("documents", "edits-\(i).bin", (0..<(64 + 32 * i)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        }

        // Named `.gguf-seed`, not `.gguf`: the repository ignores `*.gguf` (weights are never committed), and a
        // seed the ignore rule hides would be missing from every clone.
        for architecture in ["llama", "qwen2"] {
            for separate in [true, false] {
                var model = TinyModelFile(architecture: architecture)
                model.separateOutput = separate
                try save("gguf", "tiny-\(architecture)-\(separate ? "separate" : "tied")-output.gguf-seed", model.bytes())
            }
        }

        for (i, text) in sourceTexts.enumerated() {
            for selector: UInt8 in [0, 1, 0x80, 0x81] {        // vocabulary (even: first, odd: second) × special parsing
                try save("tokenizer", "text-\(i)-\(selector).txt", [selector] + Array(text.utf8))
            }
        }
        return count
    }

    /// A session as editors send it: initialize (capabilities as Helix and VS Code offer them), didOpen,
    /// incremental didChange with an emoji and CRLF, automatic and invoked completions, a cancellation, a
    /// settings change, shutdown and exit.
    static func messages() -> [[String: Any]] { [
        ["jsonrpc": "2.0", "id": 0, "method": "initialize", "params": [
            "processId": 4242, "rootUri": "file:///tmp/project",
            "initializationOptions": ["model": "qwen2.5-coder-0.5b", "threads": 2, "candidates": 3, "debounceMs": 75],
            "capabilities": [
                "textDocument": ["completion": ["completionItem": ["snippetSupport": true, "insertReplaceSupport": true]],
                                 "inlineCompletion": ["dynamicRegistration": false]],
                "window": ["workDoneProgress": true],
                "general": ["positionEncodings": ["utf-8", "utf-32", "utf-16"]],
            ] as [String: Any],
            "clientInfo": ["name": "helix", "version": "25.07.1"],
        ] as [String: Any]],
        ["jsonrpc": "2.0", "method": "initialized", "params": [String: Any]()],
        ["jsonrpc": "2.0", "method": "textDocument/didOpen", "params": ["textDocument": [
            "uri": "file:///tmp/project/fizz.py", "languageId": "python", "version": 0,
            "text": "def fizz(n):\r\n    if n % 15 == 0:\r\n        return \"FizzBuzz\"\r\n    # 😀 done\r\n",
        ]]],
        ["jsonrpc": "2.0", "method": "textDocument/didChange", "params": [
            "textDocument": ["uri": "file:///tmp/project/fizz.py", "version": 1],
            "contentChanges": [
                ["range": ["start": ["line": 3, "character": 7], "end": ["line": 3, "character": 7]], "text": "é"],
                ["range": ["start": ["line": 1, "character": 4], "end": ["line": 1, "character": 6]], "text": "elif"],
            ] as [[String: Any]],
        ] as [String: Any]],
        ["jsonrpc": "2.0", "id": 1, "method": "textDocument/inlineCompletion", "params": [
            "textDocument": ["uri": "file:///tmp/project/fizz.py"], "position": ["line": 2, "character": 15],
            "context": ["triggerKind": 2],
        ] as [String: Any]],
        ["jsonrpc": "2.0", "method": "$/cancelRequest", "params": ["id": 1]],
        ["jsonrpc": "2.0", "id": "vscode-7", "method": "textDocument/inlineCompletion", "params": [
            "textDocument": ["uri": "file:///tmp/project/fizz.py"], "position": ["line": 4, "character": 0],
            "context": ["triggerKind": 1, "selectedCompletionInfo": NSNull()],
        ] as [String: Any]],
        ["jsonrpc": "2.0", "id": 2, "method": "textDocument/completion", "params": [
            "textDocument": ["uri": "file:///tmp/project/fizz.py"], "position": ["line": 2, "character": 15],
            "context": ["triggerKind": 1],
        ] as [String: Any]],
        ["jsonrpc": "2.0", "method": "workspace/didChangeConfiguration", "params": ["settings": ["infill": [
            "strategy": "beam:2", "contextTokens": 1024, "suffixTokens": 128, "logLevel": "debug",
        ]]]],
        ["jsonrpc": "2.0", "method": "textDocument/didSave", "params": ["textDocument": ["uri": "file:///tmp/project/fizz.py"]]],
        ["jsonrpc": "2.0", "method": "textDocument/didChange", "params": [
            "textDocument": ["uri": "file:///tmp/project/fizz.py", "version": 2],
            "contentChanges": [["text": "print('whole text')\n"]],
        ] as [String: Any]],
        ["jsonrpc": "2.0", "id": 3, "result": NSNull()],
        ["jsonrpc": "2.0", "method": "window/workDoneProgress/cancel", "params": ["token": "infill-load-1"]],
        ["jsonrpc": "2.0", "method": "textDocument/didClose", "params": ["textDocument": ["uri": "file:///tmp/project/fizz.py"]]],
        ["jsonrpc": "2.0", "id": 4, "method": "shutdown"],
        ["jsonrpc": "2.0", "method": "exit"],
    ] }

    /// Text for the tokenizers: code in several languages, prose, and the model's own marker texts.
    static let sourceTexts: [String] = [
        "def fizz(n):\n    if n % 15 == 0:\n        return \"FizzBuzz\"\n    return str(n)\n",
        "struct Stack<Element> {\n    private var items: [Element] = []\n    mutating func pop() -> Element? { items.popLast() }\n}\n",
        "const sum = (xs) => xs.reduce((a, b) => a + b, 0);\r\nconsole.log(sum([1, 2, 3]));\r\n",
        "<|fim_prefix|>int main() {<|fim_suffix|>}<|fim_middle|>  return 0;<|endoftext|><|im_start|>user\n",
        "Grüße, 世界! 😀🇫🇷 e\u{301} \t\t  multiple   spaces\n\n\n123456789 0x1F 3.14e-10",
    ]
}
