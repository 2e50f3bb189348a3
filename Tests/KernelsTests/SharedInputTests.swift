import Kernels
import TensorFormats
import XCTest

/// `MatMul.multiply(sharing:)` (query/key/value and gate/up in one parallel region) gives each product
/// bit for bit what `MatMul.multiply` gives for it alone, on every path of this CPU, whether it takes the
/// shared region (one vector, one type) or falls back to one product after the other.
final class SharedInputTests: XCTestCase {
    static let pool = ThreadPool(threadCount: 2)

    func testSharedProductsEqualSeparateOnes() {
        let previous = KernelPath.active
        defer { KernelPath.select(previous) }
        for path in KernelPath.available {
            XCTAssertTrue(KernelPath.select(path))
            for types in [[GGMLType.q4_1, .q4_1, .q4_1], [.q8_0, .q8_0], [.q5_0, .q5_0, .q5_0], [.q4_K, .q4_K], [.q5_0, .q5_0, .q6_K]] {
                for batch in [1, 3] { check(types, batch: batch, path: path) }
            }
        }
    }

    func check(_ types: [GGMLType], batch: Int, path: KernelPath) {
        var rng = SeededGenerator(seed: 21)
        let columns = 512
        let rows = [45, 13, 77].prefix(types.count)
        let weights = zip(types, rows).map { randomWeights($0, rows: $1, columns: columns, using: &rng) }
        let input = randomFloats(batch * columns, using: &rng)
        var separate = rows.map { [Float](repeating: .nan, count: batch * $0) }
        var shared = separate
        withMatrices(types, Array(rows), columns, weights) { matrices in
            for (i, w) in matrices.enumerated() {
                MatMul.multiply(w, input: input, batch: batch, output: &separate[i], pool: Self.pool)
            }
            let outputs = shared.indices.map { UnsafeMutablePointer<Float>.allocate(capacity: batch * matrices[$0].rows) }
            defer { outputs.forEach { $0.deallocate() } }
            MatMul.multiply(sharing: input, batch: batch, zip(matrices, outputs).map { MatMul.Product($0, into: $1) }, pool: Self.pool)
            for i in shared.indices { shared[i] = Array(UnsafeBufferPointer(start: outputs[i], count: batch * matrices[i].rows)) }
        }
        XCTAssertEqual(shared, separate, "\(types) batch \(batch) on \(path.rawValue)")
    }

    /// Calls `body` with weight matrices over the given bytes.
    func withMatrices(_ types: [GGMLType], _ rows: [Int], _ columns: Int, _ weights: [[UInt8]], _ body: ([WeightMatrix]) -> Void) {
        var matrices: [WeightMatrix] = []
        func nest(_ i: Int) {
            if i == weights.count { body(matrices); return }
            weights[i].withUnsafeBytes { raw in
                matrices.append(WeightMatrix(type: types[i], rows: rows[i], columns: columns, data: raw.baseAddress!))
                nest(i + 1)
            }
        }
        nest(0)
    }
}
