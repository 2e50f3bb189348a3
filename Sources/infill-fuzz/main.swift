// infill-fuzz: Infill's fuzz targets (docs/robustness.md).
//
// Linked with libFuzzer (`-sanitize=fuzzer`, what `.ci/fuzz` does) and started with INFILL_FUZZ_TARGET set,
// it hands its command line to libFuzzer's driver, which fuzzes that target. Otherwise (any plain build,
// macOS included) it is a tool that runs files through the same targets (`infill-fuzz TARGET FILE|DIR...`),
// so an input the fuzzer found reproduces without libFuzzer.
import Foundation
import FuzzingDriver

if let name = ProcessInfo.processInfo.environment["INFILL_FUZZ_TARGET"] {
    exit(FuzzTool.fuzz(name))
}
exit(FuzzTool.main(Array(CommandLine.arguments.dropFirst())))
