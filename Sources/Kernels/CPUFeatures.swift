#if arch(x86_64)
import _Builtin_intrinsics.intel.cpuid
import CPUProbe
#endif

/// What the processor (and the operating system, which must save the wider registers on a context switch)
/// lets the kernels use, read once at start-up with CPUID and XGETBV.
public struct CPUFeatures: Sendable, Equatable {
    /// AVX2, FMA and F16C with YMM state enabled by the OS: the `avx2` path (every x86-64 CPU since Haswell).
    public var avx2 = false
    /// AVX-512 Foundation, BW, DQ, CD and VL with ZMM and mask state enabled by the OS.
    public var avx512 = false
    /// AVX-512 VNNI (`vpdpbusd` on 512-bit registers); with `avx512`, the `avx512` path.
    public var avx512VNNI = false
    /// AVX-VNNI (`vpdpbusd` on 256-bit registers, VEX encoded: Alder Lake and later; CPUID leaf 7 subleaf 1
    /// EAX bit 4) with `avx2` (so YMM state enabled by the OS): the `avxvnni` path.
    public var avxVNNI = false
    /// AVX-512 BF16 (`vdpbf16ps`).
    public var avx512BF16 = false
    /// AMX tiles with int8 products, and the OS's permission to use them (Linux: `arch_prctl`).
    public var amxInt8 = false
    /// AMX tiles as reported by CPUID, whether or not the OS granted them.
    public var amxReported = false
    /// NEON (always present on arm64).
    public var neon = false

    /// The features of the CPU this process runs on.
    public static let current = CPUFeatures.detect()

    /// Feature names present, for logs and `infill bench` (e.g. "avx2 avx512 avx512vnni").
    public var summary: String {
        var names: [String] = []
        if avx2 { names.append("avx2") }
        if avxVNNI { names.append("avxvnni") }
        if avx512 { names.append("avx512") }
        if avx512VNNI { names.append("avx512vnni") }
        if avx512BF16 { names.append("avx512bf16") }
        if amxInt8 { names.append("amx-int8") } else if amxReported { names.append("amx(not granted)") }
        if neon { names.append("neon") }
        return names.isEmpty ? "none" : names.joined(separator: " ")
    }

    static func detect() -> CPUFeatures {
        var features = CPUFeatures()
        #if arch(arm64)
        features.neon = true
        #elseif arch(x86_64)
        let leaf1 = cpuid(1, 0)
        let leaf7 = cpuid(7, 0)
        let leaf7s1 = cpuid(7, 1)
        func bit(_ register: UInt32, _ index: UInt32) -> Bool { register & (1 << index) != 0 }
        // XCR0 tells which register states the OS saves; read it only when the OS enabled XSAVE.
        let osXSAVE = bit(leaf1.ecx, 27)
        let xcr0 = osXSAVE ? infill_xgetbv(0) : 0
        let ymmState = xcr0 & 0b110 == 0b110                 // SSE and AVX state
        let zmmState = xcr0 & 0b1110_0110 == 0b1110_0110      // plus opmask, ZMM0–15 upper halves, ZMM16–31
        let tileState = xcr0 & (0b11 << 17) == (0b11 << 17)   // XTILECFG and XTILEDATA
        features.avx2 = ymmState && bit(leaf1.ecx, 28) && bit(leaf1.ecx, 12) && bit(leaf1.ecx, 29) && bit(leaf7.ebx, 5)
        features.avxVNNI = features.avx2 && bit(leaf7s1.eax, 4)
        features.avx512 = features.avx2 && zmmState && bit(leaf7.ebx, 16) && bit(leaf7.ebx, 17) && bit(leaf7.ebx, 28)
            && bit(leaf7.ebx, 30) && bit(leaf7.ebx, 31)
        features.avx512VNNI = features.avx512 && bit(leaf7.ecx, 11)
        features.avx512BF16 = features.avx512 && bit(leaf7s1.eax, 5)
        features.amxReported = bit(leaf7.edx, 24) && bit(leaf7.edx, 25)
        features.amxInt8 = features.amxReported && tileState && infill_request_amx_permission() == 1
        #endif
        return features
    }

    #if arch(x86_64)
    private static func cpuid(_ leaf: UInt32, _ subleaf: UInt32) -> (eax: UInt32, ebx: UInt32, ecx: UInt32, edx: UInt32) {
        var a: UInt32 = 0, b: UInt32 = 0, c: UInt32 = 0, d: UInt32 = 0
        // Returns 0 (registers untouched, so all features read as absent) when `leaf` is above the maximum.
        _ = __get_cpuid_count(leaf, subleaf, &a, &b, &c, &d)
        return (a, b, c, d)
    }
    #endif
}
