/// IEEE half (f16) and bfloat16 to `Float`, as ggml converts scales and F16/BF16 tensors.
///
/// `Float16` is unavailable on Intel Macs, so there we decode the bits by hand; everywhere else the
/// hardware conversion is used (F16C on x86-64 with the package's CPU flags, native on arm64).
@inline(__always)
func halfToFloat(_ bits: UInt16) -> Float {
    #if os(macOS) && arch(x86_64)
    return softwareHalfToFloat(bits)
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

/// Exact f16 → f32 conversion by bit manipulation (handles subnormals, infinities and NaN).
func softwareHalfToFloat(_ bits: UInt16) -> Float {
    let sign = UInt32(bits & 0x8000) << 16
    let exponent = UInt32(bits >> 10) & 0x1F
    var mantissa = UInt32(bits & 0x3FF)
    if exponent == 0x1F {
        return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
    }
    if exponent == 0 {
        if mantissa == 0 { return Float(bitPattern: sign) }
        // Subnormal: normalise.
        var e: UInt32 = 127 - 15 + 1
        while mantissa & 0x400 == 0 {
            mantissa <<= 1
            e -= 1
        }
        mantissa &= 0x3FF
        return Float(bitPattern: sign | (e << 23) | (mantissa << 13))
    }
    return Float(bitPattern: sign | ((exponent + 127 - 15) << 23) | (mantissa << 13))
}
