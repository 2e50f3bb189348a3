import Foundation
import Kernels
import TensorFormats
import XCTest

/// Every kernel path this CPU has, held against the plain reference; paths it lacks are skipped by name.
final class KernelPathTests: XCTestCase {
    static let pool = ThreadPool(threadCount: 2)

    /// Runs `body` with `path` active, then restores the previous path. Skips, saying why, when this CPU
    /// cannot take `path`.
    func onPath(_ path: KernelPath, _ body: () throws -> Void) throws {
        try XCTSkipUnless(path.isAvailable, "kernel path \(path.rawValue) not tested: this CPU has only \(CPUFeatures.current.summary)")
        let previous = KernelPath.active
        XCTAssertTrue(KernelPath.select(path))
        defer { KernelPath.select(previous) }
        XCTAssertEqual(KernelPath.active, path)
        try body()
    }

    /// Every quantized type the models use, at batch sizes that reach each kernel of the path (matrix-vector,
    /// the small tiles, the matrix-matrix kernels with full and partial tiles), with a row count that leaves
    /// a partial 16-row panel and a lone last row.
    func checkEveryType() {
        let shapes: [(GGMLType, Int)] = [(.q8_0, 32 * 7), (.q5_0, 32 * 7), (.q4_0, 32 * 5), (.q4_1, 32 * 7), (.q5_1, 32 * 5),
                                         (.q4_K, 256 * 3), (.q6_K, 256 * 3), (.f16, 96), (.f32, 83)]
        for (type, columns) in shapes {
            let tolerance = type == .f32 || type == .f16 ? 1e-6 : 0.003
            checkMultiplyAgainstReference(type, rows: 37, columns: columns, batches: [1, 2, 3, 4, 5, 8, 9, 12, 17, 33],
                                          tolerance: tolerance, pool: Self.pool)
        }
        checkMultiplyAgainstReference(.q6_K, rows: 203, columns: 2304, batches: [70], tolerance: 0.003, seed: 4, pool: Self.pool)
        checkMultiplyAgainstReference(.q5_0, rows: 131, columns: 896, batches: [64], tolerance: 0.003, seed: 3, pool: Self.pool)
    }

    func testPortablePathMatchesReference() throws { try onPath(.portable) { checkEveryType() } }
    func testAVX2PathMatchesReference() throws { try onPath(.avx2) { checkEveryType() } }
    func testAVXVNNIPathMatchesReference() throws { try onPath(.avxvnni) { checkEveryType() } }
    func testAVX512PathMatchesReference() throws { try onPath(.avx512) { checkEveryType() } }

    /// `MatMul.exactBatches` takes every path's batched products to f32 math on decoded weights: exact to
    /// f32 rounding, where the integer kernels' 8-bit activations are off by about 1e-3.
    func testExactBatchesAreF32ExactOnEveryPath() throws {
        MatMul.exactBatches = true
        defer { MatMul.exactBatches = false }
        for path in KernelPath.available {
            try onPath(path) {
                for (type, columns) in [(GGMLType.q4_1, 32 * 7), (.q8_0, 32 * 7), (.q5_0, 32 * 7), (.q4_K, 256 * 2), (.q6_K, 256 * 2)] {
                    checkMultiplyAgainstReference(type, rows: 37, columns: columns, batches: [5, 8, 17], tolerance: 1e-5, pool: Self.pool)
                }
            }
        }
    }

    /// Q4_K and Q6_K matrix-vector products (generation, and up to four samples or beams) are equal bit for bit
    /// on every x86 path: `avx512` has its own 512-bit kernel, which must sum what `avx2`'s does in the same
    /// order, so that the reference decode data and every earlier measurement hold on both.
    func testKQuantMatrixVectorProductsAreEqualOnEveryX86Path() throws {
        try XCTSkipUnless(KernelPath.avx2.isAvailable, "no x86 kernel path on this CPU: \(CPUFeatures.current.summary)")
        let previous = KernelPath.active
        defer { KernelPath.select(previous) }
        var rng = SeededGenerator(seed: 19)
        for type in [GGMLType.q4_K, .q6_K] {
            let rows = 45, columns = 256 * 7
            let weights = randomWeights(type, rows: rows, columns: columns, using: &rng)
            for batch in 1...4 {
                let x = randomFloats(batch * columns, using: &rng)
                var byPath: [(KernelPath, [Float])] = []
                for path in KernelPath.available where path >= .avx2 {
                    XCTAssertTrue(KernelPath.select(path))
                    var output = [Float](repeating: .nan, count: batch * rows)
                    weights.withUnsafeBytes { raw in
                        MatMul.multiply(WeightMatrix(type: type, rows: rows, columns: columns, data: raw.baseAddress!),
                                        input: x, batch: batch, output: &output, pool: Self.pool)
                    }
                    byPath.append((path, output))
                }
                for (path, output) in byPath.dropFirst() {
                    let differing = zip(byPath[0].1, output).filter { $0.bitPattern != $1.bitPattern }.count
                    XCTAssertEqual(differing, 0, "\(type) batch \(batch): \(path.rawValue) differs from avx2 in \(differing) of \(batch * rows) results")
                }
            }
        }
    }

    func testBestPathIsAvailableAndPortableAlwaysIs() {
        XCTAssertTrue(KernelPath.portable.isAvailable)
        XCTAssertTrue(KernelPath.best.isAvailable)
        XCTAssertEqual(KernelPath.available.last, KernelPath.best)
        for path in KernelPath.allCases where path > KernelPath.best { XCTAssertFalse(path.isAvailable, path.rawValue) }
    }

    func testEnvironmentValueChoosesAPathTheCPUHas() {
        XCTAssertEqual(KernelPath.choose(environmentValue: nil).path, KernelPath.best)
        XCTAssertNil(KernelPath.choose(environmentValue: "").problem)
        let portable = KernelPath.choose(environmentValue: "Portable")
        XCTAssertEqual(portable.path, .portable)
        XCTAssertNil(portable.problem)
        let unknown = KernelPath.choose(environmentValue: "avx1024")
        XCTAssertEqual(unknown.path, KernelPath.best)
        XCTAssertTrue(unknown.problem?.contains("avx1024") ?? false, unknown.problem ?? "no problem reported")
        for path in KernelPath.allCases where !path.isAvailable {
            let refused = KernelPath.choose(environmentValue: path.rawValue)
            XCTAssertEqual(refused.path, KernelPath.best)
            XCTAssertNotNil(refused.problem)
            XCTAssertFalse(KernelPath.select(path))
        }
    }

    /// The features read with CPUID and XGETBV agree with the kernel's own list (Linux clears the flags
    /// whose register state it does not save).
    func testDetectedFeaturesAgreeWithProcCPUInfo() throws {
        #if os(Linux) && arch(x86_64)
        let text = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
              let list = line.split(separator: ":", maxSplits: 1).last else {
            throw XCTSkip("/proc/cpuinfo has no flags line")
        }
        let flags = Set(list.split(separator: " ").map(String.init))
        let features = CPUFeatures.current
        XCTAssertEqual(features.avx2, flags.isSuperset(of: ["avx", "avx2", "fma", "f16c"]))
        XCTAssertEqual(features.avx512, flags.isSuperset(of: ["avx2", "avx512f", "avx512bw", "avx512dq", "avx512cd", "avx512vl"]))
        XCTAssertEqual(features.avx512VNNI, features.avx512 && flags.contains("avx512_vnni"))
        XCTAssertEqual(features.avxVNNI, flags.contains("avx_vnni"))
        XCTAssertEqual(features.amxReported, flags.contains("amx_tile") && flags.contains("amx_int8"))
        #else
        throw XCTSkip("/proc/cpuinfo is Linux on x86-64 only")
        #endif
    }
}
