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

/// `x` rounded to the nearest f16 value (ties to even), as a `Float`: what ggml's `GGML_FP32_TO_FP16`
/// stores. Arithmetic rather than F16C (`_mm_cvtps_ph` is a macro Swift cannot call, and `Float16` is
/// unavailable on Intel Macs): x is rounded to a multiple of the f16 spacing at its magnitude, exact
/// in f32 because that spacing is a power of two. Values past the f16 range become ±infinity.
@inline(__always)
func roundedToHalf(_ x: Float) -> Float {
    guard x.isFinite, x != 0 else { return x }
    let spacing = Float(sign: .plus, exponent: max(Int(x.exponent), -14) - 10, significand: 1)
    let rounded = (x / spacing).rounded(.toNearestOrEven) * spacing
    return rounded.magnitude > 65504 ? (rounded > 0 ? .infinity : -.infinity) : rounded
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
