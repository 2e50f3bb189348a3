#if arch(x86_64)
import _Builtin_intrinsics.intel
import TensorFormats

extension MatMul {
    /// Rows × vectors computed together by the integer kernel (8 accumulators).
    static let integerTileRows = 2
    static let integerTileTokens = 4

    /// Whether `integerMultiply` handles `type`.
    static func hasIntegerGEMM(_ type: GGMLType) -> Bool {
        switch type {
        case .q8_0, .q4_0, .q4_1, .q5_0, .q5_1, .q4_K, .q6_K: return true
        default: return false
        }
    }

    /// Matrix-matrix product with 8-bit activations: every input vector is quantized once, then each
    /// decoded weight block is multiplied into 4 vectors for 2 rows at a time with `vpmaddubsw`,
    /// so the unpacking of a block is shared by 4 vectors and each activation load by 2 rows.
    static func integerMultiply(_ w: WeightMatrix, input: UnsafePointer<Float>, batch: Int, output: UnsafeMutablePointer<Float>, pool: ThreadPool) {
        switch w.type {
        case .q8_0: integerMultiply(w, Q8_0Decoder.self, input: input, batch: batch, output: output, pool: pool)
        case .q4_0: integerMultiply(w, Q4_0Decoder.self, input: input, batch: batch, output: output, pool: pool)
        case .q4_1: integerMultiply(w, Q4_1Decoder.self, input: input, batch: batch, output: output, pool: pool)
        case .q5_0: integerMultiply(w, Q5_0Decoder.self, input: input, batch: batch, output: output, pool: pool)
        case .q5_1: integerMultiply(w, Q5_1Decoder.self, input: input, batch: batch, output: output, pool: pool)
        case .q4_K: integerMultiply(w, Q4_KDecoder.self, input: input, batch: batch, output: output, pool: pool)
        case .q6_K: integerMultiply(w, Q6_KDecoder.self, input: input, batch: batch, output: output, pool: pool)
        default: output.update(repeating: 0, count: batch * w.rows)
        }
    }

    @inline(__always)
    static func integerMultiply<D: BlockDecoder>(_ w: WeightMatrix, _ decoder: D.Type, input: UnsafePointer<Float>, batch: Int, output: UnsafeMutablePointer<Float>, pool: ThreadPool) {
        let activations = Q8Activations(count: w.columns, batch: batch, format: .matching(w.type))
        defer { activations.deallocate() }
        pool.parallelFor(batch) { b in activations.quantize(b, from: input + b * w.columns) }
        let rows = w.rows
        let pairs = (rows + 1) / 2
        let pairsPerTask = max(1, min(16, pairs / (pool.threadCount * 8)))
        let tasks = (pairs + pairsPerTask - 1) / pairsPerTask
        pool.parallelFor(tasks) { task in
            let firstPair = task * pairsPerTask
            for pair in firstPair..<min(firstPair + pairsPerTask, pairs) {
                let r0 = 2 * pair
                let r1 = min(r0 + 1, rows - 1)
                var t = 0
                while t < batch {
                    integerTile(w, D.self, r0: r0, r1: r1, firstToken: t, batch: batch, activations: activations, output: output)
                    t += integerTileTokens
                }
            }
        }
    }

    /// Rows r0, r1 × vectors firstToken..<firstToken+4 (clamped; extra results are not stored).
    @inline(__always)
    static func integerTile<D: BlockDecoder>(_ w: WeightMatrix, _ decoder: D.Type, r0: Int, r1: Int, firstToken: Int, batch: Int, activations: Q8Activations, output: UnsafeMutablePointer<Float>) {
        let x0 = activations.vector(firstToken)
        let x1 = activations.vector(min(firstToken + 1, batch - 1))
        let x2 = activations.vector(min(firstToken + 2, batch - 1))
        let x3 = activations.vector(min(firstToken + 3, batch - 1))
        let row0 = w.rowPointer(r0), row1 = w.rowPointer(r1)
        var a00 = _mm256_setzero_ps(), a01 = _mm256_setzero_ps(), a02 = _mm256_setzero_ps(), a03 = _mm256_setzero_ps()
        var a10 = _mm256_setzero_ps(), a11 = _mm256_setzero_ps(), a12 = _mm256_setzero_ps(), a13 = _mm256_setzero_ps()
        var o00: Float = 0, o01: Float = 0, o02: Float = 0, o03: Float = 0
        var o10: Float = 0, o11: Float = 0, o12: Float = 0, o13: Float = 0
        let supers = w.columns / (32 * D.blocksPerSuper)
        let thirtyTwo = _mm256_set1_epi8(32)

        @inline(__always) func product(_ b: DecodedBlock, _ xv: __m256i) -> __m256 {
            var p16: __m256i
            if D.signed {
                p16 = _mm256_maddubs_epi16(_mm256_sign_epi8(b.q, b.q), _mm256_sign_epi8(xv, b.q))
            } else {
                p16 = _mm256_maddubs_epi16(b.q, xv)
            }
            if D.offsetBy32 { p16 = _mm256_sub_epi16(p16, _mm256_maddubs_epi16(thirtyTwo, xv)) }
            return _mm256_cvtepi32_ps(_mm256_madd_epi16(p16, b.multiplier))
        }

        for s in 0..<supers {
            let p0 = row0 + s * D.superBytes, p1 = row1 + s * D.superBytes
            for k in 0..<D.blocksPerSuper {
                let block = s * D.blocksPerSuper + k
                let b0 = D.decode(p0, k), b1 = D.decode(p1, k)
                let v0 = UnsafeRawPointer(x0.values + 32 * block).loadUnaligned(as: __m256i.self)
                let v1 = UnsafeRawPointer(x1.values + 32 * block).loadUnaligned(as: __m256i.self)
                let v2 = UnsafeRawPointer(x2.values + 32 * block).loadUnaligned(as: __m256i.self)
                let v3 = UnsafeRawPointer(x3.values + 32 * block).loadUnaligned(as: __m256i.self)
                let d0 = x0.scales[block], d1 = x1.scales[block], d2 = x2.scales[block], d3 = x3.scales[block]
                a00 = _mm256_fmadd_ps(_mm256_set1_ps(b0.scale * d0), product(b0, v0), a00)
                a01 = _mm256_fmadd_ps(_mm256_set1_ps(b0.scale * d1), product(b0, v1), a01)
                a02 = _mm256_fmadd_ps(_mm256_set1_ps(b0.scale * d2), product(b0, v2), a02)
                a03 = _mm256_fmadd_ps(_mm256_set1_ps(b0.scale * d3), product(b0, v3), a03)
                a10 = _mm256_fmadd_ps(_mm256_set1_ps(b1.scale * d0), product(b1, v0), a10)
                a11 = _mm256_fmadd_ps(_mm256_set1_ps(b1.scale * d1), product(b1, v1), a11)
                a12 = _mm256_fmadd_ps(_mm256_set1_ps(b1.scale * d2), product(b1, v2), a12)
                a13 = _mm256_fmadd_ps(_mm256_set1_ps(b1.scale * d3), product(b1, v3), a13)
                if !D.signed && !D.offsetBy32 {
                    let s0 = x0.sums[block], s1 = x1.sums[block], s2 = x2.sums[block], s3 = x3.sums[block]
                    o00 += b0.offset * s0; o01 += b0.offset * s1; o02 += b0.offset * s2; o03 += b0.offset * s3
                    o10 += b1.offset * s0; o11 += b1.offset * s1; o12 += b1.offset * s2; o13 += b1.offset * s3
                }
            }
        }
        let rows = w.rows
        @inline(__always) func store(_ t: Int, _ r: Int, _ value: Float) {
            if firstToken + t < batch { output[(firstToken + t) * rows + r] = value }
        }
        store(0, r0, a00.sum() + o00); store(1, r0, a01.sum() + o01)
        store(2, r0, a02.sum() + o02); store(3, r0, a03.sum() + o03)
        if r1 != r0 {
            store(0, r1, a10.sum() + o10); store(1, r1, a11.sum() + o11)
            store(2, r1, a12.sum() + o12); store(3, r1, a13.sum() + o13)
        }
    }
}
#endif
