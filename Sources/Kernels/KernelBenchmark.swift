import Foundation
import TensorFormats

/// Timings of `MatMul.multiply` on random weights, for `infill bench --kernels`.
public enum KernelBenchmark {
    /// One measured configuration.
    public struct Result: Sendable, CustomStringConvertible {
        /// Weight type.
        public let type: GGMLType
        /// Input vectors per call (1 = generation, more = prompt processing).
        public let batch: Int
        /// Threads in the pool.
        public let threads: Int
        /// Matrix shape.
        public let rows: Int, columns: Int
        /// Mean seconds per call.
        public let seconds: Double
        /// 2 · rows · columns · batch / seconds, in 10⁹ per second.
        public var gigaflops: Double { 2 * Double(rows) * Double(columns) * Double(batch) / seconds / 1e9 }
        /// Weight bytes read per second, in 10⁹ per second (the limit for batch 1).
        public var gigabytesPerSecond: Double { Double(rows * (type.byteCount(elements: columns) ?? 0)) / seconds / 1e9 }
        /// A stable key such as `Q4_K/b64/t2`.
        public var key: String { "\(type)/b\(batch)/t\(threads)" }

        /// One aligned line: key, shape, milliseconds per call, GFLOP/s, GB/s.
        public var description: String {
            let shape = "\(rows)×\(columns)"
            return "\(key.padding(toLength: 14, withPad: " ", startingAt: 0)) \(shape.padding(toLength: 12, withPad: " ", startingAt: 0)) "
                + String(format: "%8.3f ms  %7.1f GFLOP/s  %6.1f GB/s", seconds * 1e3, gigaflops, gigabytesPerSecond)
        }
    }

    /// Measures every combination of `types`, `batches` and `threadCounts`. Batches that run as
    /// matrix-vector products (1, and 2 for most types: `MatMul.matrixVectorMaximumBatch`) use a matrix of
    /// about `matvecBytes` bytes (larger than the caches, so they measure memory bandwidth, as generation
    /// and beam steps meet it); larger batches use `rows × columns`. Each configuration runs for at least `minimumSeconds`.
    public static func run(types: [GGMLType] = [.f32, .q8_0, .q5_0, .q4_1, .q4_K, .q6_K],
                           batches: [Int] = [1, 64], threadCounts: [Int] = [1, 2],
                           rows: Int = 1024, columns: Int = 2048, matvecBytes: Int = 96 << 20,
                           minimumSeconds: Double = 0.3) -> [Result] {
        var results: [Result] = []
        let pools = Dictionary(uniqueKeysWithValues: threadCounts.map { ($0, ThreadPool(threadCount: $0)) })
        var seed: UInt64 = 0x1234_5678
        for type in types where Dequantize.isSupported(type) {
            guard let rowBytes = type.byteCount(elements: columns), rowBytes > 0 else { continue }
            for batch in batches {
                let rowCount = batch <= MatMul.matrixVectorMaximumBatch(type) ? max(rows, matvecBytes / rowBytes) : rows
                let weights = randomWeights(type, bytes: rowCount * rowBytes, seed: &seed)
                defer { weights.deallocate() }
                let w = WeightMatrix(type: type, rows: rowCount, columns: columns, data: UnsafeRawPointer(weights))
                let input = UnsafeMutablePointer<Float>.allocate(capacity: batch * columns)
                let output = UnsafeMutablePointer<Float>.allocate(capacity: batch * rowCount)
                defer { input.deallocate(); output.deallocate() }
                for i in 0..<(batch * columns) { input[i] = Float(nextRandom(&seed) % 2001) / 1000 - 1 }
                for threads in threadCounts {
                    guard let pool = pools[threads] else { continue }
                    MatMul.multiply(w, input: input, batch: batch, output: output, pool: pool)   // warm up
                    var calls = 0
                    let start = DispatchTime.now().uptimeNanoseconds
                    var elapsed = 0.0
                    repeat {
                        MatMul.multiply(w, input: input, batch: batch, output: output, pool: pool)
                        calls += 1
                        elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                    } while elapsed < minimumSeconds
                    results.append(Result(type: type, batch: batch, threads: threads, rows: rowCount, columns: columns, seconds: elapsed / Double(calls)))
                }
            }
        }
        return results
    }

    /// SplitMix64.
    static func nextRandom(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Random bytes with every f16 scale set to a small value, so nothing decodes to NaN.
    static func randomWeights(_ type: GGMLType, bytes: Int, seed: inout UInt64) -> UnsafeMutableRawPointer {
        let p = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        var i = 0
        while i + 8 <= bytes {
            p.storeBytes(of: nextRandom(&seed), toByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < bytes { p.storeBytes(of: UInt8(truncatingIfNeeded: nextRandom(&seed)), toByteOffset: i, as: UInt8.self); i += 1 }
        let half: UInt16 = 0x2000   // 2^-7
        let stride = type.blockBytes
        var block = 0
        while block + stride <= bytes {
            switch type {
            case .f32: p.storeBytes(of: Float(nextRandom(&seed) % 2001) / 1000 - 1, toByteOffset: block, as: Float.self)
            case .f16, .bf16: p.storeBytes(of: half | UInt16(nextRandom(&seed) & 0x83FF), toByteOffset: block, as: UInt16.self)
            case .q4_0, .q5_0, .q8_0: p.storeBytes(of: half, toByteOffset: block, as: UInt16.self)
            case .q4_1, .q5_1, .q4_K, .q5_K:
                p.storeBytes(of: half, toByteOffset: block, as: UInt16.self)
                p.storeBytes(of: half, toByteOffset: block + 2, as: UInt16.self)
            case .q6_K: p.storeBytes(of: half, toByteOffset: block + 208, as: UInt16.self)
            default: break
            }
            block += stride
        }
        return p
    }
}
