#if arch(x86_64)
/// A batch of activation vectors quantized like `Q8KActivations` (8 bits, one scale per 256), for the
/// k-quant matrix-matrix kernel, plus each 16- and 32-element group's sum already multiplied by its
/// scale: the minimum (Q4_K) and offset (Q6_K) terms of the product become a short f32 dot product
/// per output (see `KQuantRows`).
struct Q8KBatch {
    let values: UnsafeMutablePointer<Int8>
    let scales: UnsafeMutablePointer<Float>
    let sums16: UnsafeMutablePointer<Int16>
    /// scales[g / 16] · sums16[g], per vector `count / 16` floats.
    let groupSums16: UnsafeMutablePointer<Float>
    /// The same per 32 elements, per vector `count / 32` floats.
    let groupSums32: UnsafeMutablePointer<Float>
    /// Elements per vector (a multiple of 256).
    let count: Int
    let batch: Int

    /// Quantizes `batch` vectors of `count` floats (vector b at `input + b · count`), split across `pool`.
    init(count: Int, batch: Int, from input: UnsafePointer<Float>, pool: ThreadPool) {
        self.count = count
        self.batch = batch
        values = UnsafeMutableRawPointer.allocate(byteCount: count * batch, alignment: 64).assumingMemoryBound(to: Int8.self)
        scales = .allocate(capacity: count / 256 * batch)
        sums16 = .allocate(capacity: count / 16 * batch)
        groupSums16 = .allocate(capacity: count / 16 * batch)
        groupSums32 = .allocate(capacity: count / 32 * batch)
        let me = self
        pool.parallelFor(batch) { b in
            let view = me.vector(b)
            view.quantize(from: input + b * count)
            let sums16 = me.groupSums16 + b * (count / 16), sums32 = me.groupSums32 + b * (count / 32)
            for g in 0..<(count / 16) { sums16[g] = view.scales[g / 16] * Float(view.sums16[g]) }
            for g in 0..<(count / 32) { sums32[g] = sums16[2 * g] + sums16[2 * g + 1] }
        }
    }

    /// Vector `b` as a `Q8KActivations` view (not to be deallocated on its own).
    func vector(_ b: Int) -> Q8KActivations {
        Q8KActivations(values: values + b * count, scales: scales + b * (count / 256),
                       sums16: sums16 + b * (count / 16), count: count)
    }

    func deallocate() {
        values.deallocate()
        scales.deallocate()
        sums16.deallocate()
        groupSums16.deallocate()
        groupSums32.deallocate()
    }
}
#endif
