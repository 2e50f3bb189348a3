// swift-tools-version: 6.0
// Infill: a local code-completion daemon. No package dependencies: only what the toolchain ships.
import PackageDescription

/// CPU flags for speed (see PERF.md). On x86_64 we target Haswell (AVX2, FMA, F16C; every x86-64 CPU since 2013): without it
/// `addingProduct` becomes a call to `fmaf` and Float16 conversion runs in software. Other
/// architectures (Apple Silicon) build with the compiler's defaults, which already include NEON.
#if arch(x86_64)
let cpuFlags: [String] = ["-target-cpu", "haswell"]
#else
let cpuFlags: [String] = []
#endif

/// Settings for every target.
let common: [SwiftSetting] = [.unsafeFlags(cpuFlags)]

/// Settings for the numeric hot paths only (kernels and the forward pass). These modules never parse
/// outside input; everything they index was bounds-checked by the GGUF reader first, so we drop the
/// runtime overflow and bounds checks there, and only in release builds.
let numeric: [SwiftSetting] = common + [
    .unsafeFlags(["-Ounchecked", "-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

/// The AVX-512 kernels' module is compiled for Cascade Lake (AVX-512 F/BW/DQ/CD/VL and VNNI): Swift has no
/// per-function target attributes, so the wider instructions get a module of their own, which `Kernels`
/// calls only after `CPUFeatures` found them (see docs/kernels.md).
#if arch(x86_64)
let avx512Flags: [String] = ["-target-cpu", "cascadelake"]
#else
let avx512Flags: [String] = []
#endif
let numericAVX512: [SwiftSetting] = [
    .unsafeFlags(avx512Flags),
    .unsafeFlags(["-Ounchecked", "-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

/// The AVX-VNNI kernels' module is compiled for Haswell plus AVX-VNNI (the VEX-encoded 256-bit `vpdpbusd` of
/// Alder Lake and later, which have no AVX-512), for the same reason: `-mavxvnni` reaches Swift's code
/// generation through the Clang importer's target features, and nothing else above Haswell is enabled.
#if arch(x86_64)
let avxVNNIFlags: [String] = ["-target-cpu", "haswell", "-Xcc", "-mavxvnni"]
#else
let avxVNNIFlags: [String] = []
#endif
let numericAVXVNNI: [SwiftSetting] = [
    .unsafeFlags(avxVNNIFlags),
    .unsafeFlags(["-Ounchecked", "-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "Infill",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "infill", targets: ["infill"]),
    ],
    targets: [
        // Lowest layer: logging, tensor block formats, file format, kernels.
        .target(name: "InfillLog", swiftSettings: common),
        .target(name: "TensorFormats", swiftSettings: common),
        .target(name: "GGUF", dependencies: ["TensorFormats", "MappingGuard"], swiftSettings: common),
        .target(name: "MappingGuard"),   // a SIGBUS handler for a model file truncated while mapped, which Swift cannot write (see its header)
        .target(name: "CPUProbe"),   // xgetbv, arch_prctl and prefetch, which Swift cannot reach (see its header)
        .target(name: "KernelsAVX512", dependencies: ["CPUProbe", "TensorFormats"], swiftSettings: numericAVX512),
        .target(name: "KernelsAVXVNNI", dependencies: ["CPUProbe"], swiftSettings: numericAVXVNNI),
        .target(name: "Kernels", dependencies: ["TensorFormats", "InfillLog", "CPUProbe", "KernelsAVX512", "KernelsAVXVNNI"], swiftSettings: numeric),
        .target(name: "ModelStore", dependencies: ["InfillLog"], swiftSettings: common),

        // The model: tokenizer and transformer.
        .target(name: "Tokenizer", dependencies: ["GGUF"], swiftSettings: common),
        .target(name: "Transformer", dependencies: ["GGUF", "Kernels", "TensorFormats", "InfillLog"], swiftSettings: numeric),

        // Turning a model into completions. Languages: what each programming language's rules are.
        .target(name: "Languages", swiftSettings: common),
        .target(name: "Decoding", dependencies: ["Kernels", "Languages"], swiftSettings: common),
        .target(name: "Ranking", dependencies: ["Languages"], swiftSettings: common),
        .target(name: "Completion", dependencies: ["Tokenizer", "Transformer", "Decoding", "Ranking", "Languages", "ModelStore", "InfillLog"], swiftSettings: common),

        // Datasets/ holds the HumanEval files `infill eval` reads at run time (found via #filePath, not Bundle.module).
        .target(name: "Evaluation", dependencies: ["ModelStore", "InfillLog", "Ranking", "Languages", "Decoding"], exclude: ["Datasets"], swiftSettings: common),

        // SVG bar charts for docs/ (`infill chart`).
        .target(name: "Charts", swiftSettings: common),

        // The wire: JSON-RPC, LSP types, documents, the daemon.
        .target(name: "JSONRPC", swiftSettings: common),
        .target(name: "LanguageServerProtocol", dependencies: ["JSONRPC", "Documents"], swiftSettings: common),
        .target(name: "Documents", swiftSettings: common),
        .target(
            name: "InfillServer",
            dependencies: ["JSONRPC", "LanguageServerProtocol", "Documents", "InfillLog"],
            swiftSettings: common),

        // The command line.
        .executableTarget(
            name: "infill",
            dependencies: ["InfillServer", "JSONRPC", "Completion", "Evaluation", "Charts", "Ranking", "ModelStore", "Transformer", "Tokenizer", "GGUF", "Kernels", "TensorFormats", "Decoding", "Languages", "InfillLog"],
            swiftSettings: common),

        // Fuzz targets (docs/robustness.md). A plain build is a tool that replays inputs through the targets'
        // checks; `.ci/fuzz` links it with libFuzzer (-sanitize=fuzzer) in a build folder of its own.
        .target(name: "FuzzingDriver"),   // libFuzzer's driver as a weak reference, which Swift cannot declare (see its header)
        .executableTarget(
            name: "infill-fuzz",
            dependencies: ["FuzzingDriver", "JSONRPC", "LanguageServerProtocol", "Documents", "GGUF", "Tokenizer", "Transformer", "Completion", "Decoding", "ModelStore", "TestSupport"],
            swiftSettings: common),

        // Tests. TestSupport finds Tests/Fixtures and the test models (pulling them through ModelStore when missing).
        // Targets whose names end in `ModelTests` need a real model file (slow: `swift test --skip ModelTests`
        // leaves them out); the others need none.
        .target(name: "TestSupport", dependencies: ["ModelStore", "GGUF"], path: "Tests/TestSupport", swiftSettings: common),
        .testTarget(name: "GGUFTests", dependencies: ["GGUF", "TensorFormats", "TestSupport"], swiftSettings: common),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels", "TensorFormats"], swiftSettings: common),
        .testTarget(name: "TokenizerTests", dependencies: ["Tokenizer", "GGUF", "TestSupport"], swiftSettings: common),
        .testTarget(name: "TransformerTests", dependencies: ["Transformer", "GGUF", "TestSupport"], swiftSettings: common),
        .testTarget(name: "LanguagesTests", dependencies: ["Languages"], swiftSettings: common),
        .testTarget(name: "DecodingTests", dependencies: ["Decoding", "Languages"], swiftSettings: common),
        .testTarget(name: "RankingTests", dependencies: ["Ranking", "Languages"], swiftSettings: common),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "Ranking", "TestSupport"], swiftSettings: common),
        .testTarget(name: "CompletionTests", dependencies: ["Completion", "Decoding", "Ranking", "Languages", "Evaluation", "TestSupport"], swiftSettings: common),
        .testTarget(name: "ModelStoreTests", dependencies: ["ModelStore"], swiftSettings: common),
        .testTarget(name: "JSONRPCTests", dependencies: ["JSONRPC"], swiftSettings: common),
        .testTarget(name: "DocumentsTests", dependencies: ["Documents"], swiftSettings: common),
        .testTarget(name: "LanguageServerProtocolTests", dependencies: ["LanguageServerProtocol", "JSONRPC", "Documents"], swiftSettings: common),
        .testTarget(name: "InfillServerTests", dependencies: ["InfillServer", "JSONRPC", "LanguageServerProtocol", "Documents", "TestSupport"], swiftSettings: common),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport"], swiftSettings: common),
        .testTarget(name: "ChartsTests", dependencies: ["Charts"], swiftSettings: common),

        // Tests on the real models (pulled on first use into ~/.cache/infill or $INFILL_HOME).
        .testTarget(name: "GGUFModelTests", dependencies: ["GGUF", "TensorFormats", "TestSupport"], swiftSettings: common),
        .testTarget(name: "TokenizerModelTests", dependencies: ["Tokenizer", "GGUF", "TestSupport"], swiftSettings: common),
        .testTarget(name: "TransformerModelTests", dependencies: ["Transformer", "Tokenizer", "GGUF", "Kernels", "TestSupport"], swiftSettings: common),
        .testTarget(name: "CompletionModelTests", dependencies: ["Completion", "Decoding", "Ranking", "Languages", "Kernels", "Tokenizer", "Transformer", "GGUF", "TestSupport"], swiftSettings: common),
        .testTarget(name: "EndToEndModelTests", dependencies: ["TestSupport"], swiftSettings: common),
        // Real editors (Emacs, Vim, Kate, Neovim) and replays of others' requests, on the release binary (docs/editors.md).
        .testTarget(name: "EditorModelTests", dependencies: ["TestSupport"], swiftSettings: common),
    ],
    swiftLanguageModes: [.v6]
)
