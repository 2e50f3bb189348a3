#if arch(x86_64)
import _Builtin_intrinsics.intel
import TensorFormats

extension MatMul {
    /// Rows unpacked together by one task of the k-quant matrix-matrix kernel.
    static let kQuantBlockRows = 16

    /// Matrix-matrix product for Q4_K and Q6_K weights with 8-bit activations (prompt processing).
    ///
    /// Every input vector is quantized once with one scale per 256 (`Q8KBatch`). Each task unpacks 16
    /// weight rows into bytes and 16-bit scales (`KQuantRows`), then runs a 2-row × 4-token integer
    /// micro-kernel over a block of tokens that stays in L2: per 32 elements, `vpmaddubsw` (unsigned
    /// quants × signed activations) and `vpmaddwd` (× the sub-block scale) into 32-bit sums, converted
    /// to f32 once per 256 elements. Against the f32 kernel on decoded weights this does twice the
    /// multiply-adds per instruction and never widens the weights to 4 bytes. The minimum / offset
    /// terms are a short f32 dot product per output (one value per 16 or 32 elements).
    static func kQuantMultiply(_ w: WeightMatrix, input: UnsafePointer<Float>, batch: Int, output: UnsafeMutablePointer<Float>, pool: ThreadPool) {
        let columns = w.columns, rows = w.rows
        let activations = Q8KBatch(count: columns, batch: batch, from: input, pool: pool)
        defer { activations.deallocate() }
        let blockRows = kQuantBlockRows
        let tasks = (rows + blockRows - 1) / blockRows
        // Tokens per block: about 128 KB of quantized activations, a multiple of the tile's 4.
        let tokenBlock = max(4, min(64, (128 * 1024 / columns) & ~3))
        let isQ4 = w.type == .q4_K
        pool.parallelFor(tasks) { task in
            let firstRow = task * blockRows
            let rowCount = min(blockRows, rows - firstRow)
            let unpacked = KQuantRows(columns: columns, rows: rowCount, type: w.type)
            defer { unpacked.deallocate() }
            for i in 0..<rowCount {
                if isQ4 { unpacked.unpackQ4_K(w.rowPointer(firstRow + i), into: i) } else { unpacked.unpackQ6_K(w.rowPointer(firstRow + i), into: i) }
            }
            var firstToken = 0
            while firstToken < batch {
                let endToken = min(firstToken + tokenBlock, batch)
                var i = 0
                while i < rowCount {
                    var t = firstToken
                    while t < endToken {
                        kQuantTile(unpacked, i, min(i + 1, rowCount - 1), activations, firstToken: t, endToken: endToken,
                                   output: output, outputRow: firstRow + i, rows: rows, storeSecondRow: i + 1 < rowCount)
                        t += 4
                    }
                    i += 2
                }
                firstToken = endToken
            }
        }
    }

    /// Rows i0, i1 of `unpacked` × tokens firstToken..<firstToken+4 (clamped to endToken; results of
    /// the clamped repeats are not stored).
    @inline(__always)
    static func kQuantTile(_ unpacked: KQuantRows, _ i0: Int, _ i1: Int, _ x: Q8KBatch, firstToken: Int, endToken: Int,
                           output: UnsafeMutablePointer<Float>, outputRow: Int, rows: Int, storeSecondRow: Bool) {
        let t0 = firstToken, t1 = min(firstToken + 1, endToken - 1)
        let t2 = min(firstToken + 2, endToken - 1), t3 = min(firstToken + 3, endToken - 1)
        let count = x.count
        let x0 = x.values + t0 * count, x1 = x.values + t1 * count
        let x2 = x.values + t2 * count, x3 = x.values + t3 * count
        let s0 = x.scales + t0 * (count / 256), s1 = x.scales + t1 * (count / 256)
        let s2 = x.scales + t2 * (count / 256), s3 = x.scales + t3 * (count / 256)
        let q0 = UnsafeRawPointer(unpacked.quants(i0)), q1 = UnsafeRawPointer(unpacked.quants(i1))
        let w0 = UnsafeRawPointer(unpacked.scaleWords(i0)), w1 = UnsafeRawPointer(unpacked.scaleWords(i1))
        let d0 = unpacked.superScales(i0), d1 = unpacked.superScales(i1)
        var f00 = _mm256_setzero_ps(), f01 = _mm256_setzero_ps(), f02 = _mm256_setzero_ps(), f03 = _mm256_setzero_ps()
        var f10 = _mm256_setzero_ps(), f11 = _mm256_setzero_ps(), f12 = _mm256_setzero_ps(), f13 = _mm256_setzero_ps()
        @inline(__always) func load(_ p: UnsafeRawPointer) -> __m256i { p.loadUnaligned(as: __m256i.self) }
        @inline(__always) func product(_ q: __m256i, _ xs: UnsafePointer<Int8>, _ scale: __m256i) -> __m256i {
            _mm256_madd_epi16(_mm256_maddubs_epi16(q, load(UnsafeRawPointer(xs))), scale)
        }
        let group = unpacked.group, perSuper = 256 / group
        let sums = group == 32 ? x.groupSums32 : x.groupSums16
        let g0 = sums + t0 * (count / group), g1 = sums + t1 * (count / group)
        let g2 = sums + t2 * (count / group), g3 = sums + t3 * (count / group)
        let c0 = unpacked.corrections(i0), c1 = unpacked.corrections(i1)
        for s in 0..<unpacked.superBlocks {
            let words0 = load(w0 + 32 * s), words1 = load(w1 + 32 * s)
            var i00 = _mm256_setzero_si256(), i01 = _mm256_setzero_si256(), i02 = _mm256_setzero_si256(), i03 = _mm256_setzero_si256()
            var i10 = _mm256_setzero_si256(), i11 = _mm256_setzero_si256(), i12 = _mm256_setzero_si256(), i13 = _mm256_setzero_si256()
            for k in 0..<8 {
                let e = 256 * s + 32 * k
                // Broadcast the 16-bit scales of groups 2k (low half) and 2k+1 (high half).
                let pick = _mm256_set1_epi16(Int16(2 * k) | Int16(2 * k + 1) << 8)
                let m0 = _mm256_shuffle_epi8(words0, pick), m1 = _mm256_shuffle_epi8(words1, pick)
                let a = load(q0 + e), b = load(q1 + e)
                i00 = _mm256_add_epi32(i00, product(a, x0 + e, m0)); i10 = _mm256_add_epi32(i10, product(b, x0 + e, m1))
                i01 = _mm256_add_epi32(i01, product(a, x1 + e, m0)); i11 = _mm256_add_epi32(i11, product(b, x1 + e, m1))
                i02 = _mm256_add_epi32(i02, product(a, x2 + e, m0)); i12 = _mm256_add_epi32(i12, product(b, x2 + e, m1))
                i03 = _mm256_add_epi32(i03, product(a, x3 + e, m0)); i13 = _mm256_add_epi32(i13, product(b, x3 + e, m1))
            }
            let a = _mm256_set1_ps(d0[s]), b = _mm256_set1_ps(d1[s])
            let y0 = _mm256_set1_ps(s0[s]), y1 = _mm256_set1_ps(s1[s]), y2 = _mm256_set1_ps(s2[s]), y3 = _mm256_set1_ps(s3[s])
            f00 = _mm256_fmadd_ps(_mm256_mul_ps(a, y0), _mm256_cvtepi32_ps(i00), f00)
            f01 = _mm256_fmadd_ps(_mm256_mul_ps(a, y1), _mm256_cvtepi32_ps(i01), f01)
            f02 = _mm256_fmadd_ps(_mm256_mul_ps(a, y2), _mm256_cvtepi32_ps(i02), f02)
            f03 = _mm256_fmadd_ps(_mm256_mul_ps(a, y3), _mm256_cvtepi32_ps(i03), f03)
            f10 = _mm256_fmadd_ps(_mm256_mul_ps(b, y0), _mm256_cvtepi32_ps(i10), f10)
            f11 = _mm256_fmadd_ps(_mm256_mul_ps(b, y1), _mm256_cvtepi32_ps(i11), f11)
            f12 = _mm256_fmadd_ps(_mm256_mul_ps(b, y2), _mm256_cvtepi32_ps(i12), f12)
            f13 = _mm256_fmadd_ps(_mm256_mul_ps(b, y3), _mm256_cvtepi32_ps(i13), f13)
            // The minimum / offset terms, 8 groups at a time, into the same lanes (summed at the end).
            var j = perSuper * s
            while j < perSuper * (s + 1) {
                let r0 = load8(c0 + j), r1 = load8(c1 + j)
                let z0 = load8(g0 + j), z1 = load8(g1 + j), z2 = load8(g2 + j), z3 = load8(g3 + j)
                f00 = _mm256_fmadd_ps(r0, z0, f00); f01 = _mm256_fmadd_ps(r0, z1, f01)
                f02 = _mm256_fmadd_ps(r0, z2, f02); f03 = _mm256_fmadd_ps(r0, z3, f03)
                f10 = _mm256_fmadd_ps(r1, z0, f10); f11 = _mm256_fmadd_ps(r1, z1, f11)
                f12 = _mm256_fmadd_ps(r1, z2, f12); f13 = _mm256_fmadd_ps(r1, z3, f13)
                j += 8
            }
        }
        @inline(__always) func store(_ t: Int, _ token: Int, _ i: Int, _ acc: __m256) {
            guard firstToken + t < endToken else { return }
            output[token * rows + outputRow + i] = acc.sum()
        }
        store(0, t0, 0, f00); store(1, t1, 0, f01); store(2, t2, 0, f02); store(3, t3, 0, f03)
        if storeSecondRow {
            store(0, t0, 1, f10); store(1, t1, 1, f11); store(2, t2, 1, f12); store(3, t3, 1, f13)
        }
    }
}
#endif
