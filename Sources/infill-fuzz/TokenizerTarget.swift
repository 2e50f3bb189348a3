import Foundation
import ModelStore
import Synchronization
import Tokenizer

extension FuzzTarget {
    /// The tokenizers of the real models (Qwen2.5-Coder's 151,936 tokens with the qwen2 pre-tokenizer, and
    /// SmolLM2's 49,152 with its own), on arbitrary text; the first byte picks the vocabulary and the mode.
    ///
    /// Checks: every id is inside the vocabulary; decoding the ids gives the text back exactly (byte-level BPE
    /// loses nothing, special texts included), except characters the vocabulary has no token for, which
    /// llama.cpp drops too; the streaming detokenizer, fed one id at a time, gives the same
    /// text; with special-token parsing on, decoding still gives the text back.
    static let tokenizer = FuzzTarget(
        name: "tokenizer",
        summary: "real vocabularies (qwen2.5-coder, smollm2): ids in range; decode(encode(text)) == text; streaming decode agrees",
        prepare: { TokenizerCorpus.load() }
    ) { data in
        let tokenizers = TokenizerCorpus.loaded.withLock { $0 }
        guard let first = data.first, !tokenizers.isEmpty else { return }
        let tokenizer = tokenizers[Int(first) % tokenizers.count]
        let parseSpecial = first & 0x80 != 0
        let text = String(decoding: data.dropFirst(), as: UTF8.self)
        let ids = tokenizer.encode(text, parseSpecial: parseSpecial)
        require(ids.allSatisfy { $0 >= 0 && Int($0) < tokenizer.vocabularySize }, "an id outside the vocabulary")
        let decoded = tokenizer.decode(ids)
        if decoded != text {
            // Like llama.cpp, the tokenizer drops bytes its vocabulary has no token for (SmolLM2 has none for
            // some control bytes, e.g. 0x06: llama-tokenize gives [81, 82] for "a\u{6}b" too). The text without
            // the characters that encode to nothing on their own must come back exactly.
            let expressible = String(String.UnicodeScalarView(text.unicodeScalars.filter { !tokenizer.encode(String($0), parseSpecial: false).isEmpty }))
            require(decoded == expressible, "decode(encode(text)) differs from the text (\(text.utf8.count) bytes → \(ids.count) ids)")
        }
        var streaming = StreamingDetokenizer(tokenizer: tokenizer)
        var pieces = ""
        for id in ids { pieces += streaming.append(id) }
        pieces += streaming.flush()
        require(pieces == decoded, "the streaming detokenizer disagrees with decode")
    }
}

/// The real vocabularies, read once from the models in the model store (`infill models pull NAME`); the
/// names come from `INFILL_FUZZ_TOKENIZERS` (comma-separated), by default both small models.
enum TokenizerCorpus {
    static let loaded = Mutex<[Tokenizer]>([])

    static func load() -> String? {
        let names = (ProcessInfo.processInfo.environment["INFILL_FUZZ_TOKENIZERS"] ?? "qwen2.5-coder-0.5b,smollm2-135m")
            .split(separator: ",").map(String.init)
        let store = ModelStore()
        var tokenizers: [Tokenizer] = []
        for name in names {
            guard let entry = ModelCatalog.builtIn().entry(named: name) else { return "unknown model '\(name)'" }
            let path = store.path(for: entry)
            guard FileManager.default.fileExists(atPath: path) else {
                return "the tokenizer target needs \(name): run `infill models pull \(name)` (or set INFILL_FUZZ_TOKENIZERS)"
            }
            do { tokenizers.append(try Tokenizer(contentsOf: path)) } catch { return "cannot read the tokenizer of \(path): \(error)" }
        }
        loaded.withLock { $0 = tokenizers }
        return nil
    }
}
