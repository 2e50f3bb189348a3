#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One fuzz target: a function of arbitrary bytes that must never crash and whose invariants (`require`)
/// must hold for every input. The same code runs under libFuzzer (`.ci/fuzz`) and in the plain replay tool
/// (`infill-fuzz TARGET FILE...`), so a crashing input found by the fuzzer is reproduced without it.
struct FuzzTarget: Sendable {
    /// The name used on the command line, in `INFILL_FUZZ_TARGET` and as the corpus folder
    /// (`Tests/Fixtures/fuzz/<name>`).
    let name: String
    /// What the target feeds and what it checks, for `infill-fuzz list`.
    let summary: String
    /// Prepares shared state once (loads a vocabulary); nil when ready, else why the target cannot run.
    let prepare: @Sendable () -> String?
    /// Runs one input.
    let run: @Sendable ([UInt8]) -> Void

    init(name: String, summary: String, prepare: @escaping @Sendable () -> String? = { nil }, run: @escaping @Sendable ([UInt8]) -> Void) {
        self.name = name
        self.summary = summary
        self.prepare = prepare
        self.run = run
    }

    /// Every target, in the order `.ci/fuzz` runs them.
    static let all: [FuzzTarget] = [.framer, .jsonrpc, .lspParams, .documents, .gguf, .tokenizer]

    static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}

/// Stops the process when an invariant fails, naming it: libFuzzer records the input that did it (and the
/// replay tool exits non-zero). Not an assertion: it stays in release builds, which is what the fuzzer runs.
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if condition() { return }
    let text = "infill-fuzz: invariant failed: \(message())\n"
    _ = text.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    abort()
}

/// Reads small numbers from the front of a fuzz input, to drive choices (edit positions, chunk sizes);
/// an exhausted input reads as zeros.
struct ByteCursor {
    private let bytes: [UInt8]
    private(set) var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { position >= bytes.count }

    /// The next byte (0 past the end).
    mutating func byte() -> UInt8 {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return bytes[position]
    }

    /// A number in 0..<bound (bound ≥ 1) from one or two bytes.
    mutating func number(below bound: Int) -> Int {
        let raw = bound > 256 ? Int(byte()) << 8 | Int(byte()) : Int(byte())
        return raw % max(bound, 1)
    }

    /// The bytes not read yet.
    var rest: ArraySlice<UInt8> { bytes[min(position, bytes.count)...] }
}
