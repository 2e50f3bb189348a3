import Kernels

extension Transformer {
    /// One pass of a batch through every block. The entries' tokens are already recorded in their caches;
    /// this computes and stores their keys and values and returns the logits of the rows in `logitRows`.
    func run(_ entries: [BatchEntry], logitRows: [Int]) throws -> [[Float]] {
        try run(entries, logitRows: logitRows, shouldContinue: { true }) ?? []
    }

    /// Like `run(_:logitRows:)`, but asks `shouldContinue` before every block and returns nil as soon as it
    /// says no. The rows' keys and values are then written for some layers only: the caller must truncate
    /// the caches back to before these entries (their rows are never read past a cache's length).
    func run(_ entries: [BatchEntry], logitRows: [Int], shouldContinue: () -> Bool) throws -> [[Float]]? {
        let c = configuration
        let width = c.embeddingLength
        // Before any read of the mapping: past the end of a truncated file a read faults (SIGBUS).
        try refuseIfModelFileChanged()
        for e in entries where e.token < 0 || Int(e.token) >= weights.tokenEmbeddings.rows {
            throw TransformerError.tokenOutOfRange(token: e.token, vocabularySize: weights.tokenEmbeddings.rows)
        }
        let pass = ForwardPass(entries: entries, buffers: ForwardBuffers(rows: entries.count, configuration: c), pool: pool)
        defer { pass.buffers.deallocate() }

        // x = embedding(tokens)                                        (rows, embedding)
        let x = pass.buffers.residual
        for (row, e) in entries.enumerated() {
            Dequantize.row(weights.tokenEmbeddings, Int(e.token), into: x + row * width)
        }
        // x = block(x), for every block in order
        for (layer, block) in weights.blocks.enumerated() {
            guard shouldContinue() else { return nil }
            block(x, layer: layer, pass: pass)
        }

        guard !logitRows.isEmpty else {
            try refuseIfModelFileChanged()
            return []
        }
        // logits = output(norm(x)), only for the rows whose logits are wanted   (wanted, vocabulary)
        let picked = UnsafeMutablePointer<Float>.allocate(capacity: logitRows.count * width)   // (wanted, embedding)
        defer { picked.deallocate() }
        for (i, row) in logitRows.enumerated() {
            weights.outputNorm(x + row * width, rows: 1, into: picked + i * width)
        }
        let vocabulary = weights.output.outputs
        var flat = [Float](repeating: 0, count: logitRows.count * vocabulary)
        flat.withUnsafeMutableBufferPointer { out in
            weights.output(picked, rows: logitRows.count, into: out.baseAddress.unsafelyUnwrapped, pool: pool)
        }
        // And after: a file truncated during the pass was read as zeros (MappingGuard), so its keys, values
        // and logits are wrong; the callers drop the rows this pass wrote when it throws.
        try refuseIfModelFileChanged()
        return (0..<logitRows.count).map { Array(flat[$0 * vocabulary..<($0 + 1) * vocabulary]) }
    }

    /// Throws `modelFileChanged` when the mapped model file was truncated or rewritten since it was loaded.
    private func refuseIfModelFileChanged() throws {
        if let change = weights.file.changeSinceOpening() {
            throw TransformerError.modelFileChanged(path: change.path, reason: change.reason)
        }
    }
}

/// What every layer needs for one batched pass (llama2.c's run state): the rows with their caches and
/// positions, scratch memory, and the workers.
struct ForwardPass {
    let entries: [BatchEntry]
    let buffers: ForwardBuffers
    let pool: ThreadPool

    /// Number of rows (tokens) in the batch.
    var rows: Int { entries.count }
}

/// Scratch memory of one forward pass, each buffer `(rows, width)`.
struct ForwardBuffers {
    let residual: UnsafeMutablePointer<Float>     // (rows, embedding): the residual stream x
    let normalized: UnsafeMutablePointer<Float>   // (rows, embedding): norm(x), the input of a sub-layer
    let blockOutput: UnsafeMutablePointer<Float>  // (rows, embedding): a sub-layer's output before the residual add
    let query: UnsafeMutablePointer<Float>        // (rows, queryWidth)
    let key: UnsafeMutablePointer<Float>          // (rows, kvWidth)
    let value: UnsafeMutablePointer<Float>        // (rows, kvWidth)
    let attended: UnsafeMutablePointer<Float>     // (rows, queryWidth)
    let gate: UnsafeMutablePointer<Float>         // (rows, feedForward)
    let up: UnsafeMutablePointer<Float>           // (rows, feedForward)

    init(rows n: Int, configuration c: ModelConfiguration) {
        residual = .allocate(capacity: n * c.embeddingLength)
        normalized = .allocate(capacity: n * c.embeddingLength)
        blockOutput = .allocate(capacity: n * c.embeddingLength)
        query = .allocate(capacity: n * c.queryWidth)
        key = .allocate(capacity: n * c.kvWidth)
        value = .allocate(capacity: n * c.kvWidth)
        attended = .allocate(capacity: n * c.queryWidth)
        gate = .allocate(capacity: n * c.feedForwardLength)
        up = .allocate(capacity: n * c.feedForwardLength)
    }

    func deallocate() {
        for p in [residual, normalized, blockOutput, query, key, value, attended, gate, up] { p.deallocate() }
    }
}
