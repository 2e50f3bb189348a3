/// Re-using the keys and values of a segment that moved: after an edit before it, the segment's tokens are
/// the same but sit at other positions and follow other tokens. Their rows are taken from the cache with
/// the keys rotated to the new positions (rotary embeddings are rotations, so rotating a stored key by Δ·θ
/// gives the key at Δ positions further); the values are kept. The rows stay those computed after the old
/// tokens before them, so they are approximate (CacheBlend-style reuse), and the cache records how stale.
extension Transformer {
    /// Tokens before the moved segment computed without asking for cancellation (a keystroke's edit).
    public static let uninterruptedFreshTokens = 32

    /// Makes `cache` hold `sequence` like `evaluate(_:cache:shouldContinue:)`, but takes the rows of
    /// `sequence[movable]` from the cache when it holds that segment right before its last token (or at
    /// its end), after the common prefix: only the tokens between the common prefix and the segment and
    /// the tokens after it are computed. Falls back to the exact path when the segment is not found or the
    /// rows would be more than `maximumStaleTokens` stale (`KVCache.staleTokens`).
    /// - Parameter movable: a range of `sequence` that neither starts it nor includes its last token.
    /// - Returns: the logits after the sequence, or nil when `shouldContinue` said no.
    public func evaluate(_ sequence: [Int32], cache: KVCache, moving movable: Range<Int>, maximumStaleTokens: Int,
                         shouldContinue: () -> Bool) throws -> [Float]? {
        guard !movable.isEmpty, movable.lowerBound > 0, movable.upperBound < sequence.count else {
            return try evaluate(sequence, cache: cache, shouldContinue: shouldContinue)
        }
        let old = cache.tokens
        let common = max(cache.commonPrefixLength(with: sequence), cache.parentLength)
        if common >= movable.lowerBound {
            // The edit (if any) is after the segment's start: nothing moved; approximate rows may stay.
            let reuse = min(common, sequence.count - 1)
            cache.truncate(to: reuse)
            return try extend(cache, with: sequence[reuse...], shouldContinue: shouldContinue)
        }
        let length = movable.count
        let segment = sequence[movable]
        let found = [old.count - length - 1, old.count - length].first {
            $0 >= common && $0 + length <= old.count && old[$0..<($0 + length)] == segment
        }
        guard let from = found else { return try evaluate(sequence, cache: cache, shouldContinue: shouldContinue) }
        let inherited = cache.approximateFrom.map { from + length > $0 } == true ? cache.staleTokens : 0
        let stale = inherited + max(movable.lowerBound, from) - common
        guard stale <= maximumStaleTokens else { return try evaluate(sequence, cache: cache, shouldContinue: shouldContinue) }

        let saved = cache.save(from..<(from + length))
        cache.truncate(to: common)
        // A short fresh part is not cancelled: stopping in it would drop the saved rows, and the next
        // keystroke would then process the whole segment again. A cancellation after the moved rows keeps them.
        let fresh = movable.lowerBound - common
        let uninterrupted = fresh <= Self.uninterruptedFreshTokens
        guard try extend(cache, with: sequence[common..<movable.lowerBound], shouldContinue: { uninterrupted || shouldContinue() }) != nil else {
            return nil
        }
        let delta = movable.lowerBound - from
        let rope = RotaryEmbedding(configuration: configuration)
        let kvHeads = configuration.kvHeadCount
        try cache.append(saved, stale: stale) { key in
            if delta != 0 { rope.apply(key, heads: kvHeads, position: delta) }
        }
        return try extend(cache, with: sequence[movable.upperBound...], shouldContinue: shouldContinue)
    }
}
