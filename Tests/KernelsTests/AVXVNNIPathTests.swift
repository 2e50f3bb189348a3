import Kernels
import TensorFormats
import XCTest

/// The `avxvnni` path (256-bit `vpdpbusd`) sums exactly what the paths beside it sum, in the same order: its
/// matrix-vector products equal the `avx2` path's bit for bit, and its matrix-matrix products (the 256-bit VNNI
/// panel kernel) the `avx512` path's (the 512-bit one). Both of those are held to llama.cpp's reference decode
/// data, so these equalities carry that check over to the new path. (Its own check against the plain
/// reference is in `KernelPathTests`.) Each comparison needs both paths on this CPU and is skipped otherwise.
final class AVXVNNIPathTests: XCTestCase {
    static let pool = ThreadPool(threadCount: 2)
    /// Every quantized type the models use, with widths that leave a partial group of four blocks.
    static let shapes: [(GGMLType, Int)] = [(.q8_0, 32 * 7), (.q5_0, 32 * 7), (.q4_0, 32 * 5), (.q4_1, 32 * 7), (.q5_1, 32 * 5),
                                            (.q4_K, 256 * 3), (.q6_K, 256 * 3), (.q5_0, 896), (.q8_0, 576)]

    /// Generation and two beams: the row dots.
    func testMatrixVectorProductsEqualAVX2() throws {
        try compare(.avx2, batches: [1, 2])
    }

    /// Prompts and beams past two: the panel kernel (and the k-quant row dots up to batch 4, shared by both).
    func testMatrixMatrixProductsEqualAVX512() throws {
        try compare(.avx512, batches: [3, 4, 5, 8, 9, 17, 33])
    }

    /// Products of every shape at `batches` on `avxvnni` and on `other`, which must be equal bit for bit.
    func compare(_ other: KernelPath, batches: [Int]) throws {
        for path in [KernelPath.avxvnni, other] {
            try XCTSkipUnless(path.isAvailable, "kernel path \(path.rawValue) not compared: this CPU has only \(CPUFeatures.current.summary)")
        }
        let previous = KernelPath.active
        defer { KernelPath.select(previous) }
        var rng = SeededGenerator(seed: 17)
        for (type, columns) in Self.shapes {
            let rows = 45   // two full 16-row panels and a partial one of 13 rows (a full half and 5 of the other)
            let weights = randomWeights(type, rows: rows, columns: columns, using: &rng)
            for batch in batches {
                let x = randomFloats(batch * columns, using: &rng)
                var results: [[Float]] = []
                for path in [KernelPath.avxvnni, other] {
                    XCTAssertTrue(KernelPath.select(path))
                    var output = [Float](repeating: .nan, count: batch * rows)
                    weights.withUnsafeBytes { raw in
                        MatMul.multiply(WeightMatrix(type: type, rows: rows, columns: columns, data: raw.baseAddress!),
                                        input: x, batch: batch, output: &output, pool: Self.pool)
                    }
                    XCTAssertFalse(output.contains { !$0.isFinite }, "\(type) batch \(batch) on \(path.rawValue): a result was not written")
                    results.append(output)
                }
                let differing = zip(results[0], results[1]).filter { $0.bitPattern != $1.bitPattern }.count
                XCTAssertEqual(differing, 0, "\(type) ×\(columns) batch \(batch): avxvnni and \(other.rawValue) differ in \(differing) of \(batch * rows) results")
            }
        }
    }
}
