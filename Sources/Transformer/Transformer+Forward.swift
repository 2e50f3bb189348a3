import Kernels

extension Transformer {
    /// One pass of a batch through every block. The entries' tokens are already recorded in their caches;
    /// this computes and stores their keys and values and returns the logits of the rows in `logitRows`.
    func run(_ entries: [BatchEntry], logitRows: [Int], pool: ThreadPool) throws -> [[Float]] {
        let c = configuration
        let n = entries.count
        for e in entries where e.token < 0 || Int(e.token) >= weights.tokenEmbeddings.rows {
            throw TransformerError.tokenOutOfRange(token: e.token, vocabularySize: weights.tokenEmbeddings.rows)
        }
        let buffers = ForwardBuffers(rows: n, configuration: c)
        defer { buffers.deallocate() }
        let x = buffers.residual

        for (row, e) in entries.enumerated() {
            Dequantize.row(weights.tokenEmbeddings, Int(e.token), into: x + row * c.embeddingLength)
        }
        let attention = Attention(configuration: c)

        for (layer, w) in weights.blocks.enumerated() {
            // h = x + attention(norm(x))
            normalizeRows(x, weight: w.attentionNorm, rows: n, into: buffers.normalized)
            MatMul.multiply(w.query, input: buffers.normalized, batch: n, output: buffers.query, pool: pool)
            MatMul.multiply(w.key, input: buffers.normalized, batch: n, output: buffers.key, pool: pool)
            MatMul.multiply(w.value, input: buffers.normalized, batch: n, output: buffers.value, pool: pool)
            for (row, e) in entries.enumerated() {
                let q = buffers.query + row * c.queryWidth
                let k = buffers.key + row * c.kvWidth
                let v = buffers.value + row * c.kvWidth
                if let b = w.queryBias { VectorOps.add(q, b, count: c.queryWidth) }
                if let b = w.keyBias { VectorOps.add(k, b, count: c.kvWidth) }
                if let b = w.valueBias { VectorOps.add(v, b, count: c.kvWidth) }
                rope.apply(q, heads: c.headCount, position: e.position)
                rope.apply(k, heads: c.kvHeadCount, position: e.position)
                e.cache.keyRow(layer: layer, position: e.position).update(from: k, count: c.kvWidth)
                e.cache.valueRow(layer: layer, position: e.position).update(from: v, count: c.kvWidth)
            }
            attention.run(layer: layer, queries: buffers.query, entries: entries, output: buffers.attended, pool: pool)
            MatMul.multiply(w.attentionOutput, input: buffers.attended, batch: n, output: buffers.normalized, pool: pool)
            VectorOps.add(x, buffers.normalized, count: n * c.embeddingLength)

            // x = h + mlp(norm(h)), mlp = down(silu(gate(.)) * up(.))
            normalizeRows(x, weight: w.feedForwardNorm, rows: n, into: buffers.normalized)
            MatMul.multiply(w.gate, input: buffers.normalized, batch: n, output: buffers.gate, pool: pool)
            MatMul.multiply(w.up, input: buffers.normalized, batch: n, output: buffers.up, pool: pool)
            VectorOps.swiglu(gate: buffers.gate, up: buffers.up, count: n * c.feedForwardLength)
            MatMul.multiply(w.down, input: buffers.gate, batch: n, output: buffers.normalized, pool: pool)
            VectorOps.add(x, buffers.normalized, count: n * c.embeddingLength)
        }

        guard !logitRows.isEmpty else { return [] }
        // Final norm and output projection only for the rows whose logits are wanted.
        let picked = UnsafeMutablePointer<Float>.allocate(capacity: logitRows.count * c.embeddingLength)
        defer { picked.deallocate() }
        for (i, row) in logitRows.enumerated() {
            VectorOps.rmsNorm(x + row * c.embeddingLength, weight: weights.outputNorm, count: c.embeddingLength,
                              epsilon: c.rmsEpsilon, into: picked + i * c.embeddingLength)
        }
        let vocabulary = weights.output.rows
        var flat = [Float](repeating: 0, count: logitRows.count * vocabulary)
        flat.withUnsafeMutableBufferPointer { out in
            MatMul.multiply(weights.output, input: picked, batch: logitRows.count, output: out.baseAddress.unsafelyUnwrapped, pool: pool)
        }
        return (0..<logitRows.count).map { Array(flat[$0 * vocabulary..<($0 + 1) * vocabulary]) }
    }

    private func normalizeRows(_ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, rows: Int,
                               into out: UnsafeMutablePointer<Float>) {
        let width = configuration.embeddingLength
        for r in 0..<rows {
            VectorOps.rmsNorm(x + r * width, weight: weight, count: width, epsilon: configuration.rmsEpsilon, into: out + r * width)
        }
    }
}

/// Scratch memory of one forward pass, each buffer `(rows, width)`.
struct ForwardBuffers {
    let residual: UnsafeMutablePointer<Float>     // (rows, embedding)
    let normalized: UnsafeMutablePointer<Float>   // (rows, embedding)
    let query: UnsafeMutablePointer<Float>        // (rows, queryWidth)
    let key: UnsafeMutablePointer<Float>          // (rows, kvWidth)
    let value: UnsafeMutablePointer<Float>        // (rows, kvWidth)
    let attended: UnsafeMutablePointer<Float>     // (rows, queryWidth)
    let gate: UnsafeMutablePointer<Float>         // (rows, feedForward)
    let up: UnsafeMutablePointer<Float>           // (rows, feedForward)

    init(rows n: Int, configuration c: ModelConfiguration) {
        residual = .allocate(capacity: n * c.embeddingLength)
        normalized = .allocate(capacity: n * max(c.embeddingLength, c.queryWidth))
        query = .allocate(capacity: n * c.queryWidth)
        key = .allocate(capacity: n * c.kvWidth)
        value = .allocate(capacity: n * c.kvWidth)
        attended = .allocate(capacity: n * c.queryWidth)
        gate = .allocate(capacity: n * c.feedForwardLength)
        up = .allocate(capacity: n * c.feedForwardLength)
    }

    func deallocate() {
        for p in [residual, normalized, query, key, value, attended, gate, up] { p.deallocate() }
    }
}
