import Foundation
import Kernels
import TensorFormats
import XCTest

final class KernelBenchmarkTests: XCTestCase {
    func testBenchmarkMeasuresEveryConfiguration() {
        let results = KernelBenchmark.run(types: [.q8_0, .q4_K], batches: [1, 9], threadCounts: [1, 2],
                                          rows: 64, columns: 256, matvecBytes: 0, minimumSeconds: 0.001)
        XCTAssertEqual(results.count, 2 * 2 * 2)
        XCTAssertEqual(Set(results.map(\.key)).count, 8)
        for r in results {
            XCTAssertGreaterThan(r.seconds, 0, r.key)
            XCTAssertEqual(r.gigaflops, 2 * Double(r.rows * r.columns * r.batch) / r.seconds / 1e9, accuracy: 1e-9, r.key)
        }
    }

    /// Timings, only when asked for: `INFILL_KERNEL_BENCH=1 swift test -c release --filter KernelBenchmarkTests`.
    func testPrintKernelTimings() throws {
        guard ProcessInfo.processInfo.environment["INFILL_KERNEL_BENCH"] != nil else {
            throw XCTSkip("set INFILL_KERNEL_BENCH=1 to print kernel timings")
        }
        for result in KernelBenchmark.run() { print(result) }
        for (name, shapes) in [("qwen2.5-coder-0.5b", KernelBenchmark.qwen05B), ("qwen2.5-coder-1.5b", KernelBenchmark.qwen15B), ("SmolLM2-135M", KernelBenchmark.smolLM135M)] {
            for batch in [1, 64] {
                for threads in [1, 2] {
                    let rate = KernelBenchmark.tokensPerSecond(shapes: shapes, batch: batch, threads: threads)
                    print("\(name) batch \(batch) threads \(threads): \(String(format: "%.1f", rate)) tok/s (matrix products only)")
                }
            }
        }
    }
}
