import Kernels

/// Causal self-attention with rotary positions: project to queries, keys and values, rotate queries and
/// keys by position, store the keys and values in each row's cache, attend over the cache, project back.
struct SelfAttention: Sendable {
    let query: Linear                             // (queryWidth, embedding), bias (queryWidth) if any
    let key: Linear                               // (kvWidth, embedding), bias (kvWidth) if any
    let value: Linear                             // (kvWidth, embedding), bias (kvWidth) if any
    let output: Linear                            // (embedding, queryWidth), no bias
    let rope: RotaryEmbedding
    let attention: Attention

    /// Loads `<prefix>attn_q`, `attn_k`, `attn_v` (with biases as `bias` says) and `attn_output`.
    init(_ tensors: TensorLoader, prefix: String, configuration c: ModelConfiguration, bias: BiasPresence) throws {
        query = try tensors.linear(prefix + "attn_q", rows: c.queryWidth, columns: c.embeddingLength, bias: bias)
        key = try tensors.linear(prefix + "attn_k", rows: c.kvWidth, columns: c.embeddingLength, bias: bias)
        value = try tensors.linear(prefix + "attn_v", rows: c.kvWidth, columns: c.embeddingLength, bias: bias)
        output = try tensors.linear(prefix + "attn_output", rows: c.embeddingLength, columns: c.queryWidth, bias: .none)
        rope = RotaryEmbedding(configuration: c)
        attention = Attention(configuration: c)
    }

    /// `out` `(rows, embedding)` = attention of each row of `input` `(rows, embedding)` over its cache,
    /// after storing the row's own key and value at its position in `layer`.
    func callAsFunction(_ input: UnsafePointer<Float>, layer: Int, pass: ForwardPass, into out: UnsafeMutablePointer<Float>) {
        let c = attention.configuration
        let b = pass.buffers
        // query (rows, queryWidth), key and value (rows, kvWidth)
        Linear.apply([(query, b.query), (key, b.key), (value, b.value)], to: input, rows: pass.rows, pool: pass.pool)
        for (row, e) in pass.entries.enumerated() {
            let q = b.query + row * c.queryWidth
            let k = b.key + row * c.kvWidth
            rope.apply(q, heads: c.headCount, position: e.position)
            rope.apply(k, heads: c.kvHeadCount, position: e.position)
            e.cache.keyRow(layer: layer, position: e.position).update(from: k, count: c.kvWidth)
            e.cache.valueRow(layer: layer, position: e.position).update(from: b.value + row * c.kvWidth, count: c.kvWidth)
        }
        attention.run(layer: layer, queries: b.query, entries: pass.entries, output: b.attended, pool: pass.pool)
        output(b.attended, rows: pass.rows, into: out, pool: pass.pool)       // (rows, embedding)
    }
}
