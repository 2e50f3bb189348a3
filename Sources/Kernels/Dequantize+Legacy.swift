/// The 32-element block formats ("legacy" quants). In every one, byte `j` of `qs` holds element `j`
/// in its low nibble and element `j + 16` in its high nibble.
extension Dequantize {
    /// Q4_0 (18 bytes): `f16 d; u8 qs[16]`; x = d · (q − 8).
    static func q4_0Block(_ b: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = loadHalf(b, 0)
        let qs = b + 2
        for j in 0..<16 {
            let byte = qs.load(fromByteOffset: j, as: UInt8.self)
            y[j] = Float(Int32(byte & 0x0F) - 8) * d
            y[j + 16] = Float(Int32(byte >> 4) - 8) * d
        }
    }

    /// Q4_1 (20 bytes): `f16 d; f16 m; u8 qs[16]`; x = d · q + m.
    static func q4_1Block(_ b: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = loadHalf(b, 0)
        let m = loadHalf(b, 2)
        let qs = b + 4
        for j in 0..<16 {
            let byte = qs.load(fromByteOffset: j, as: UInt8.self)
            y[j] = Float(byte & 0x0F) * d + m
            y[j + 16] = Float(byte >> 4) * d + m
        }
    }

    /// Q5_0 (22 bytes): `f16 d; u8 qh[4]; u8 qs[16]`; the fifth bit of element `j` is bit `j` of the
    /// little-endian u32 `qh`; x = d · (q − 16).
    static func q5_0Block(_ b: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = loadHalf(b, 0)
        let qh = b.loadUnaligned(fromByteOffset: 2, as: UInt32.self)
        let qs = b + 6
        for j in 0..<16 {
            let byte = UInt32(qs.load(fromByteOffset: j, as: UInt8.self))
            let high0 = ((qh >> UInt32(j)) << 4) & 0x10
            let high1 = (qh >> UInt32(j + 12)) & 0x10
            y[j] = Float(Int32(bitPattern: (byte & 0x0F) | high0) - 16) * d
            y[j + 16] = Float(Int32(bitPattern: (byte >> 4) | high1) - 16) * d
        }
    }

    /// Q5_1 (24 bytes): `f16 d; f16 m; u8 qh[4]; u8 qs[16]`; fifth bits as in Q5_0; x = d · q + m.
    static func q5_1Block(_ b: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = loadHalf(b, 0)
        let m = loadHalf(b, 2)
        let qh = b.loadUnaligned(fromByteOffset: 4, as: UInt32.self)
        let qs = b + 8
        for j in 0..<16 {
            let byte = UInt32(qs.load(fromByteOffset: j, as: UInt8.self))
            let high0 = ((qh >> UInt32(j)) << 4) & 0x10
            let high1 = (qh >> UInt32(j + 12)) & 0x10
            y[j] = Float((byte & 0x0F) | high0) * d + m
            y[j + 16] = Float((byte >> 4) | high1) * d + m
        }
    }

    /// Q8_0 (34 bytes): `f16 d; i8 qs[32]`; x = d · q.
    static func q8_0Block(_ b: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = loadHalf(b, 0)
        for j in 0..<32 {
            y[j] = Float(b.load(fromByteOffset: 2 + j, as: Int8.self)) * d
        }
    }
}
