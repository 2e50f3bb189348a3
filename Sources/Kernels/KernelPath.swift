import Foundation
import InfillLog
import Synchronization

/// The instruction-set levels the kernels have code for. One binary carries all of them (the wide ones in
/// modules compiled for wider CPUs, see docs/kernels.md) and `MatMul` picks one per call from `active`.
public enum KernelPath: String, CaseIterable, Sendable, Comparable {
    /// Portable SIMD only: what Apple Silicon runs, and on x86-64 the products of f32-decoded weights.
    case portable
    /// AVX2 integer kernels (`vpmaddubsw`): every x86-64 CPU since Haswell.
    case avx2
    /// AVX2 with AVX-VNNI (`vpdpbusd` on 256-bit registers, VEX encoded): Alder Lake, Raptor Lake, Meteor and
    /// Arrow Lake and other CPUs with AVX-VNNI but no AVX-512.
    case avxvnni
    /// AVX-512 with VNNI (`vpdpbusd` on 512-bit registers): Cascade Lake, Ice Lake, Sapphire Rapids, Zen 4 and later.
    case avx512

    /// The environment variable that forces a path: `INFILL_KERNELS=portable|avx2|avxvnni|avx512`.
    public static let environmentVariable = "INFILL_KERNELS"

    public static func < (a: KernelPath, b: KernelPath) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Whether the CPU this process runs on (and this build) can take the path.
    public var isAvailable: Bool {
        switch self {
        case .portable: return true
        case .avx2:
            #if arch(x86_64)
            return CPUFeatures.current.avx2
            #else
            return false
            #endif
        case .avxvnni:
            #if arch(x86_64)
            return CPUFeatures.current.avxVNNI
            #else
            return false
            #endif
        case .avx512:
            #if arch(x86_64)
            return CPUFeatures.current.avx512 && CPUFeatures.current.avx512VNNI
            #else
            return false
            #endif
        }
    }

    /// Every path this CPU can take, slowest first.
    public static var available: [KernelPath] { allCases.filter(\.isAvailable) }

    /// The fastest path this CPU can take.
    public static var best: KernelPath { available.last ?? .portable }

    /// The path the kernels take now: `INFILL_KERNELS` when set to a path this CPU has, else `best`.
    /// Tests and `infill bench --kernel-path` change it with `select(_:)`.
    public static var active: KernelPath {
        KernelPath(index: selected.load(ordering: .relaxed)) ?? best
    }

    /// Makes `path` the active one. Returns false (and changes nothing) when this CPU cannot take it.
    @discardableResult
    public static func select(_ path: KernelPath) -> Bool {
        guard path.isAvailable else { return false }
        selected.store(path.index, ordering: .relaxed)
        return true
    }

    private var index: Int { KernelPath.allCases.firstIndex(of: self)! }
    private init?(index: Int) {
        guard KernelPath.allCases.indices.contains(index) else { return nil }
        self = KernelPath.allCases[index]
    }

    /// Index of the selected path; initially the one `INFILL_KERNELS` names, or the best.
    private static let selected = Atomic<Int>(initialPath().index)

    /// The path `INFILL_KERNELS` selects, warning on stderr when it names no path or one this CPU lacks.
    private static func initialPath() -> KernelPath {
        let choice = choose(environmentValue: ProcessInfo.processInfo.environment[environmentVariable])
        if let problem = choice.problem { Logger.shared.warning("kernels", problem) }
        return choice.path
    }

    /// The path a value of `INFILL_KERNELS` selects: the path it names (in any case) when this CPU can take
    /// it; otherwise the best path, with a sentence saying why (nil when the value is absent or empty).
    public static func choose(environmentValue value: String?) -> (path: KernelPath, problem: String?) {
        guard let value, !value.isEmpty else { return (best, nil) }
        guard let path = KernelPath(rawValue: value.lowercased()) else {
            return (best, "\(environmentVariable)=\(value) is not one of \(allCases.map(\.rawValue).joined(separator: ", ")); using \(best.rawValue)")
        }
        guard path.isAvailable else {
            return (best, "\(environmentVariable)=\(value): this CPU (\(CPUFeatures.current.summary)) cannot take that path; using \(best.rawValue)")
        }
        return (path, nil)
    }
}
