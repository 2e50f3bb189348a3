import FuzzingDriver
import Foundation

/// The target libFuzzer drives: set once before the driver starts, then only read (libFuzzer calls the
/// callback from one thread).
nonisolated(unsafe) private var fuzzedTarget: FuzzTarget?

extension FuzzTool {
    /// Fuzzes target `name` with libFuzzer, passing this program's arguments to it (e.g. `-max_total_time=60
    /// CORPUS_DIR`); fails when the program was not linked with libFuzzer.
    static func fuzz(_ name: String) -> Int32 {
        guard let target = FuzzTarget.named(name) else {
            fail("INFILL_FUZZ_TARGET must be one of: \(FuzzTarget.all.map(\.name).joined(separator: ", ")) (got '\(name)')")
        }
        if let problem = target.prepare() { fail(problem) }
        fuzzedTarget = target
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        let result = infill_fuzzer_run(&argc, &argv) { data, size in
            guard let target = fuzzedTarget else { return 0 }
            target.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
            return 0
        }
        if result == -1 { fail("this build has no libFuzzer: build it with .ci/fuzz (or unset INFILL_FUZZ_TARGET to replay files)") }
        return result
    }
}
