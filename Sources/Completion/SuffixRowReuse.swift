import Tokenizer

/// Whether and how a keystroke re-uses the suffix's KV rows from the previous prompt instead of processing
/// the suffix again (prefix-suffix-middle puts the suffix after the edited prefix).
///
/// The prompt is `<prefix> P <suffix> S <middle>`. After an edit at the end of P, the cache keeps the
/// common start of P, computes P's new end, the suffix marker and the first `freshSuffixLines` lines of S
/// (the rest of the cursor's line: the part an edit affects most), and then takes the remaining rows of S
/// from the previous prompt with their keys rotated to their new positions (`Transformer.evaluate(_:cache:
/// moving:maximumStaleTokens:shouldContinue:)`); the middle marker is computed fresh. Those rows attended
/// to the old P, so they are approximate; after `maximumStaleTokens` changed tokens the suffix is processed
/// exactly again. Measured with `infill eval --stale-suffix K` (docs/typing-latency.md): single-line pass@1
/// of the 0.5B unchanged with K = 64 and 256 characters of staleness.
public struct SuffixRowReuse: Sendable, Equatable {
    /// Which requests re-use the suffix's rows.
    public enum Scope: String, Sendable, Equatable {
        /// None: every prompt is computed exactly.
        case off
        /// Automatic (typing) requests; invoked ones are exact.
        case automatic
        /// Every request (the eval's `--stale-suffix`, to measure what re-use costs).
        case always
    }

    /// Which requests re-use the suffix's rows.
    public var scope: Scope = .automatic
    /// Lines at the start of the suffix computed fresh (1: the rest of the cursor's line).
    public var freshSuffixLines: Int = 1
    /// Most changed tokens the re-used rows may have missed (summed over keystrokes) before the suffix is
    /// processed exactly again (64: below the roughly 75–90 tokens, at about 3.5 characters a token, of
    /// `--stale-suffix 256`, which lost nothing).
    public var maximumStaleTokens: Int = 64

    /// Default settings.
    public init() {}

    /// The range of `prompt.tokens` whose rows may be moved, or nil when this request computes exactly.
    func movableRange(of prompt: Prompt, invoked: Bool, tokenizer: Tokenizer) -> Range<Int>? {
        guard scope == .always || (scope == .automatic && !invoked),
              prompt.isFillInTheMiddle, let suffixMarker = prompt.prefixEnd else { return nil }
        let middleMarker = prompt.tokens.count - 1
        var start = suffixMarker + 1
        var lines = 0
        while start < middleMarker && lines < freshSuffixLines {
            if tokenizer.bytes(for: prompt.tokens[start]).contains(UInt8(ascii: "\n")) { lines += 1 }
            start += 1
        }
        return start < middleMarker ? start..<middleMarker : nil
    }
}
