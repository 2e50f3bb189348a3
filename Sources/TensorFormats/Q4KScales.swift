/// The eight 6-bit scales and eight 6-bit minimums of a Q4_K super-block (bytes 4–15), unpacked four
/// per 32-bit word, one byte each. ggml's packing: sub-blocks 4–7 keep their top two bits in the top bits
/// of the bytes of sub-blocks 0–3.
///
/// Here, next to the block format, because both kernel modules read it: `Kernels` (AVX2) and
/// `KernelsAVX512`; inlined into each, so it takes each module's instruction set.
@frozen
public struct Q4KScales {
    /// Scales of sub-blocks 0–3 and 4–7, one per byte.
    public let scales: (UInt32, UInt32)
    /// Minimums of sub-blocks 0–3 and 4–7, one per byte.
    public let minimums: (UInt32, UInt32)

    /// Reads the super-block starting at `block`.
    @inlinable @inline(__always)
    public init(_ block: UnsafeRawPointer) {
        let u0 = (block + 4).loadUnaligned(as: UInt32.self)
        let u1 = (block + 8).loadUnaligned(as: UInt32.self)
        let u2 = (block + 12).loadUnaligned(as: UInt32.self)
        scales = (u0 & 0x3F3F_3F3F, (u2 & 0x0F0F_0F0F) | (((u0 >> 6) & 0x0303_0303) << 4))
        minimums = (u1 & 0x3F3F_3F3F, ((u2 >> 4) & 0x0F0F_0F0F) | (((u1 >> 6) & 0x0303_0303) << 4))
    }

    /// Scale of sub-block `k` (0–7).
    @inlinable @inline(__always)
    public func scale(_ k: Int) -> Int32 { Self.byte(scales, k) }

    /// Minimum of sub-block `k` (0–7).
    @inlinable @inline(__always)
    public func minimum(_ k: Int) -> Int32 { Self.byte(minimums, k) }

    @inlinable @inline(__always)
    static func byte(_ word: (UInt32, UInt32), _ k: Int) -> Int32 {
        Int32(((k < 4 ? word.0 : word.1) >> (8 * UInt32(k & 3))) & 0xFF)
    }
}
