import Foundation
import ModelStore
import Synchronization
import Tokenizer

extension FuzzTarget {
    /// The tokenizers of the real models (Qwen2.5-Coder's 151,936 tokens with the qwen2 pre-tokenizer, and
    /// SmolLM2's 49,152 with its own), on arbitrary text; the first byte picks the vocabulary and the mode.
    ///
    /// Checks: every id is inside the vocabulary; the ids' bytes are the text's bytes, except bytes the
    /// vocabulary has no single-byte token for, which may be missing (`keepsTheText`); `decode` is exactly
    /// the UTF-8 decoding of those bytes; the streaming detokenizer, fed one id at a time, gives the same text.
    /// With special-token parsing on, a special token's bytes are its text, so the same checks hold.
    static let tokenizer = FuzzTarget(
        name: "tokenizer",
        summary: "real vocabularies (qwen2.5-coder, smollm2): ids in range; the ids' bytes are the text's (only bytes without a token dropped); streaming decode agrees",
        prepare: { TokenizerCorpus.load() }
    ) { data in
        let vocabularies = TokenizerCorpus.loaded.withLock { $0 }
        guard let first = data.first, !vocabularies.isEmpty else { return }
        let vocabulary = vocabularies[Int(first) % vocabularies.count]
        let tokenizer = vocabulary.tokenizer
        let parseSpecial = first & 0x80 != 0
        let text = String(decoding: data.dropFirst(), as: UTF8.self)
        let ids = tokenizer.encode(text, parseSpecial: parseSpecial)
        require(ids.allSatisfy { $0 >= 0 && Int($0) < tokenizer.vocabularySize }, "an id outside the vocabulary")
        let bytes = ids.flatMap { tokenizer.bytes(for: $0) }
        require(keepsTheText(Array(text.utf8), tokenBytes: bytes, droppable: vocabulary.bytesWithoutToken),
                "the ids' bytes are not the text's (\(text.utf8.count) bytes → \(ids.count) ids → \(bytes.count) bytes)")
        let decoded = tokenizer.decode(ids)
        require(decoded == String(decoding: bytes, as: UTF8.self), "decode differs from the UTF-8 of the ids' bytes")
        var streaming = StreamingDetokenizer(tokenizer: tokenizer)
        var pieces = ""
        for id in ids { pieces += streaming.append(id) }
        pieces += streaming.flush()
        require(pieces == decoded, "the streaming detokenizer disagrees with decode")
    }

    /// Whether `tokenBytes` is `text` with nothing changed but some bytes of `droppable` left out.
    ///
    /// Byte-level BPE loses nothing, except that a vocabulary without a token for some single byte (SmolLM2
    /// has none for 21 bytes, e.g. 0x06 and 0xF2) drops that byte where no merge puts it into a longer token,
    /// as llama.cpp does: "a\u{6}b" gives the ids of "ab", and U+9C411 (F2 9C 90 91) the three tokens of
    /// 9C 90 91, which decode as three U+FFFD. Whether a byte is dropped depends on its neighbours, so the
    /// check allows each droppable byte to be missing, and nothing else. Matching greedily is exact: when a
    /// droppable text byte equals the next token byte, keeping it or keeping a later equal byte is the same.
    static func keepsTheText(_ text: [UInt8], tokenBytes: [UInt8], droppable: Set<UInt8>) -> Bool {
        var next = 0
        for byte in text {
            if next < tokenBytes.count && tokenBytes[next] == byte {
                next += 1
            } else if !droppable.contains(byte) {
                return false
            }
        }
        return next == tokenBytes.count
    }
}

/// A real vocabulary for the tokenizer target, with the bytes it has no single-byte token for.
struct FuzzVocabulary: Sendable {
    var tokenizer: Tokenizer
    /// Bytes no normal token stands for alone (read from the vocabulary's pieces, not from the encoder).
    var bytesWithoutToken: Set<UInt8>

    init(tokenizer: Tokenizer) {
        self.tokenizer = tokenizer
        var single = Set<UInt8>()
        for id in 0..<Int32(tokenizer.vocabularySize) where !tokenizer.isControl(id) {
            let bytes = tokenizer.bytes(for: id)
            if bytes.count == 1 { single.insert(bytes[0]) }
        }
        bytesWithoutToken = Set((0...255).map(UInt8.init)).subtracting(single)
    }
}

/// The real vocabularies, read once from the models in the model store (`infill models pull NAME`); the
/// names come from `INFILL_FUZZ_TOKENIZERS` (comma-separated), by default both small models.
enum TokenizerCorpus {
    static let loaded = Mutex<[FuzzVocabulary]>([])

    static func load() -> String? {
        let names = (ProcessInfo.processInfo.environment["INFILL_FUZZ_TOKENIZERS"] ?? "qwen2.5-coder-0.5b,smollm2-135m")
            .split(separator: ",").map(String.init)
        let store = ModelStore()
        var vocabularies: [FuzzVocabulary] = []
        for name in names {
            guard let entry = ModelCatalog.builtIn().entry(named: name) else { return "unknown model '\(name)'" }
            let path = store.path(for: entry)
            guard FileManager.default.fileExists(atPath: path) else {
                return "the tokenizer target needs \(name): run `infill models pull \(name)` (or set INFILL_FUZZ_TOKENIZERS)"
            }
            do { vocabularies.append(FuzzVocabulary(tokenizer: try Tokenizer(contentsOf: path))) } catch {
                return "cannot read the tokenizer of \(path): \(error)"
            }
        }
        loaded.withLock { $0 = vocabularies }
        return nil
    }
}
