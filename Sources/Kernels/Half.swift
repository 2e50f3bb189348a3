#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// IEEE half (f16) and bfloat16 to `Float`, as ggml converts scales and F16/BF16 tensors.
///
/// On x86-64 this is F16C's `vcvtph2ps` fed through `vmovd`: `Float(Float16(bitPattern:))` compiles
/// to `vpinsrw` into whatever register is free, a false dependency that chained each block's scale
/// load to the previous block's accumulator and made the integer kernels 3–4× slower. (`Float16` is
/// also unavailable on Intel Macs.) Elsewhere the native conversion is used.
@inline(__always)
func halfToFloat(_ bits: UInt16) -> Float {
    #if arch(x86_64)
    return _mm_cvtss_f32(_mm_cvtph_ps(_mm_cvtsi32_si128(Int32(bits))))
    #else
    return Float(Float16(bitPattern: bits))
    #endif
}

/// Reads a little-endian f16 at `p + offset` (any alignment) as a `Float`.
@inline(__always)
func loadHalf(_ p: UnsafeRawPointer, _ offset: Int) -> Float {
    halfToFloat(p.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
}

/// bfloat16 is the top half of an f32.
@inline(__always)
func bfloat16ToFloat(_ bits: UInt16) -> Float {
    Float(bitPattern: UInt32(bits) << 16)
}
