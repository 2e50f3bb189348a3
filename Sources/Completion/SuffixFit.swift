import Decoding
import Foundation
import Tokenizer
import Transformer

/// How well a candidate leads into the code after the cursor: the mean log-probability the model gives
/// the first lines of the suffix when they follow the prefix and the candidate, read left to right.
///
/// A fill-in-the-middle model writes the middle while seeing the suffix, but nothing makes it check that
/// the suffix still reads well after what it wrote (a variable it never defines, a line the suffix already
/// has, a block closed too early). Scoring the suffix after each candidate asks exactly that. The prompt's
/// cache rows up to the end of the prefix are shared (prefix-suffix-middle prompts begin with the prefix
/// as plain text), so each candidate costs its own tokens plus a short probe of the suffix.
public enum SuffixFit {
    /// Non-blank suffix lines in the probe.
    public static let probeLines = 2
    /// Most probe tokens scored.
    public static let probeTokens = 32

    /// The start of `suffix` to score: the rest of the cursor's line and the next `probeLines` non-blank
    /// lines; nil when there is nothing but white space after the cursor.
    public static func probe(suffix: String) -> String? {
        var end = suffix.startIndex
        var nonBlank = 0
        var lineStart = suffix.startIndex
        while end < suffix.endIndex && nonBlank < probeLines {
            let lineEnd = suffix[end...].firstIndex(of: "\n") ?? suffix.endIndex
            if !suffix[lineStart..<lineEnd].allSatisfy(\.isWhitespace) { nonBlank += 1 }
            end = lineEnd < suffix.endIndex ? suffix.index(after: lineEnd) : lineEnd
            lineStart = end
        }
        let probe = String(suffix[..<end])
        return probe.allSatisfy(\.isWhitespace) ? nil : probe
    }

    /// For each candidate text, the mean log-probability of the probe's tokens after prefix + candidate;
    /// nil for a candidate whose probe could not be scored. `cache` must be the root cache holding the
    /// prompt whose first `prefixEnd` tokens are the prefix.
    public static func scores(_ candidates: [String], probe: String, cache: KVCache, prefixEnd: Int, transformer: Transformer,
                       tokenizer: Tokenizer, isCancelled: () -> Bool) -> [Double?] {
        candidates.map { candidate in
            if isCancelled() { return nil }
            let tokens = tokenizer.encode(candidate + probe, parseSpecial: false)
            // Probe tokens: those that start at or after the candidate's last byte (a token that straddles
            // the boundary belongs to the candidate).
            let boundary = candidate.utf8.count
            var offset = 0
            var first = tokens.count
            for (i, token) in tokens.enumerated() {
                if offset >= boundary { first = i; break }
                offset += tokenizer.bytes(for: token).count
            }
            first = max(first, 1)
            let last = min(tokens.count, first + probeTokens)
            guard first < last,
                  let branch = cache.fork(sharingFirst: prefixEnd, maximumLength: prefixEnd + last + 1),
                  let logits = try? transformer.forwardAll(Array(tokens[..<last]), cache: branch, logitsFrom: first - 1)
            else { return nil }
            var total = 0.0
            for i in first..<last {
                let row = logits[i - first]
                let normaliser = Float(Distribution.logNormalizer(row))
                total += Double(row[Int(tokens[i])] - normaliser)
            }
            return total / Double(last - first)
        }
    }
}
