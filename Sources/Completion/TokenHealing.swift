import Decoding
import Tokenizer

/// Token healing for a prompt that ends inside the text being typed: the prompt's last token is taken off
/// and the first generated token must begin with its bytes, so the model chooses how that text goes on
/// (" resu" becomes " result", "for " becomes "for idx") instead of continuing after an odd token boundary.
///
/// Used by the `psm-line` prompt layout, where the cursor's line is the start of the middle: without it,
/// Qwen2.5-Coder continues a partly typed word as if it were complete ("resu" → "resu.append(…)").
public enum TokenHealing {
    /// `logits` with every token whose bytes do not begin with `healed` made impossible (−∞).
    public static func restrict(_ logits: [Float], toTokensStartingWith healed: [UInt8], tokenizer: Tokenizer) -> [Float] {
        guard !healed.isEmpty else { return logits }
        var restricted = logits
        for id in restricted.indices {
            let bytes = tokenizer.bytes(for: Int32(id))
            if bytes.count < healed.count || !bytes[..<healed.count].elementsEqual(healed) {
                restricted[id] = -.infinity
            }
        }
        return restricted
    }

    /// `candidate` without the healed bytes its text begins with (what is inserted at the cursor).
    public static func strip(_ healed: [UInt8], from candidate: Candidate) -> Candidate {
        guard !healed.isEmpty else { return candidate }
        var stripped = candidate
        let bytes = Array(candidate.text.utf8)
        if bytes.count >= healed.count, bytes[..<healed.count].elementsEqual(healed) {
            stripped.text = String(decoding: bytes[healed.count...], as: UTF8.self)
        }
        return stripped
    }

    /// `text` without its last `count` UTF-8 bytes (the healed text, which the generated text repeats).
    public static func dropping(_ count: Int, from text: String) -> String {
        guard count > 0 else { return text }
        let bytes = Array(text.utf8)
        return String(decoding: bytes[..<max(0, bytes.count - count)], as: UTF8.self)
    }
}
