import TensorFormats

extension MatMul {
    /// One weight matrix of `multiply(sharing:)` and where its product goes.
    public struct Product {
        public let weights: WeightMatrix
        public let output: UnsafeMutablePointer<Float>

        public init(_ weights: WeightMatrix, into output: UnsafeMutablePointer<Float>) {
            self.weights = weights
            self.output = output
        }
    }

    /// Several matrices times the same input (a layer's query/key/value, or gate/up): each product is
    /// exactly what `multiply` gives for it alone (bit for bit), but in generation (one vector) the input
    /// is quantized once and the rows of all matrices are shared out in one parallel region instead of
    /// one region each. Otherwise the products are computed one after the other.
    public static func multiply(sharing input: UnsafePointer<Float>, batch: Int, _ products: [Product], pool: ThreadPool) {
        #if arch(x86_64)
        if batch == 1, products.count > 1, KernelPath.active >= .avx2, let first = products.first?.weights,
           sharedMatrixVectorSupports(first.type),
           products.allSatisfy({ $0.weights.type == first.type && $0.weights.columns == first.columns }) {
            sharedMatrixVector(input: input, products, pool: pool)
            return
        }
        #endif
        for p in products { multiply(p.weights, input: input, batch: batch, output: p.output, pool: pool) }
    }

    #if arch(x86_64)
    /// The types whose matrix-vector product `quantizedMultiply` computes from `Q8Activations`.
    static func sharedMatrixVectorSupports(_ type: GGMLType) -> Bool {
        switch type {
        case .q8_0, .q4_0, .q4_1, .q5_0, .q5_1: return true
        default: return false
        }
    }

    /// `quantizedMultiply` at batch 1 for several matrices of one type and width: the same activations and
    /// row kernels (so the same results), one region whose tasks are each matrix's row ranges in turn.
    static func sharedMatrixVector(input: UnsafePointer<Float>, _ products: [Product], pool: ThreadPool) {
        let first = products[0].weights
        let activations = Q8Activations(count: first.columns, batch: 1, format: .matching(first.type))
        defer { activations.deallocate() }
        activations.quantize(0, from: input)
        var tasks: [(product: Int, rows: Range<Int>)] = []
        for (index, p) in products.enumerated() {
            let rows = p.weights.rows
            let rowsPerTask = rowsPerTask(rows: rows, threads: pool.threadCount)
            var start = 0
            while start < rows {
                tasks.append((index, start..<min(start + rowsPerTask, rows)))
                start += rowsPerTask
            }
        }
        let blocks32 = first.columns / 32
        let x = activations.vector(0)
        if let kernel = VNNIRowDots(path: KernelPath.active, type: first.type) {
            pool.parallelFor(tasks.count) { t in
                let task = tasks[t], p = products[task.product]
                kernel.multiply(p.weights, rows: task.rows, x: x, output: p.output)
            }
            return
        }
        pool.parallelFor(tasks.count) { t in
            let task = tasks[t], p = products[task.product]
            rowDots(first.type, p.weights, x, p.output, task.rows, blocks32)
        }
    }
    #endif
}
