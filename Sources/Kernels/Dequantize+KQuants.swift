/// The 256-element "k-quant" super-block formats.
extension Dequantize {
    /// The 6-bit scale and 6-bit min of sub-block `j` (0..<8) from the 12 packed bytes of Q4_K/Q5_K:
    /// sub-blocks 0–3 keep theirs in the low 6 bits of bytes `j` and `j + 4`; sub-blocks 4–7 take 4 bits
    /// from byte `j + 4` and their top 2 bits from the spare top bits of bytes `j − 4` (scale) and `j` (min).
    @inline(__always)
    static func scaleMinK4(_ j: Int, _ q: UnsafeRawPointer) -> (scale: UInt8, min: UInt8) {
        @inline(__always) func byte(_ i: Int) -> UInt8 { q.load(fromByteOffset: i, as: UInt8.self) }
        if j < 4 {
            return (byte(j) & 63, byte(j + 4) & 63)
        }
        let scale = (byte(j + 4) & 0x0F) | ((byte(j - 4) >> 6) << 4)
        let min = (byte(j + 4) >> 4) | ((byte(j) >> 6) << 4)
        return (scale, min)
    }

    /// Q4_K (144 bytes): `f16 d; f16 dmin; u8 scales[12]; u8 qs[128]`. Eight sub-blocks of 32; each 64
    /// elements share 32 bytes of `qs` (low nibbles first sub-block, high nibbles the second);
    /// x = (d · scale) · q − (dmin · min).
    static func q4_KBlock(_ b: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = loadHalf(b, 0)
        let dmin = loadHalf(b, 2)
        let scales = b + 4
        var q = b + 16
        var y = y
        var sub = 0
        for _ in 0..<4 {
            let (sc1, m1) = scaleMinK4(sub, scales)
            let (sc2, m2) = scaleMinK4(sub + 1, scales)
            let d1 = d * Float(sc1), min1 = dmin * Float(m1)
            let d2 = d * Float(sc2), min2 = dmin * Float(m2)
            for l in 0..<32 { y[l] = d1 * Float(q.load(fromByteOffset: l, as: UInt8.self) & 0x0F) - min1 }
            for l in 0..<32 { y[32 + l] = d2 * Float(q.load(fromByteOffset: l, as: UInt8.self) >> 4) - min2 }
            q += 32
            y += 64
            sub += 2
        }
    }

    /// Q5_K (176 bytes): `f16 d; f16 dmin; u8 scales[12]; u8 qh[32]; u8 qs[128]`. As Q4_K, with the fifth
    /// bit of element `l` of sub-block `s` at bit `s` of `qh[l]`.
    static func q5_KBlock(_ b: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = loadHalf(b, 0)
        let dmin = loadHalf(b, 2)
        let scales = b + 4
        let qh = b + 16
        var q = b + 48
        var y = y
        var sub = 0
        var u1: UInt8 = 1, u2: UInt8 = 2
        for _ in 0..<4 {
            let (sc1, m1) = scaleMinK4(sub, scales)
            let (sc2, m2) = scaleMinK4(sub + 1, scales)
            let d1 = d * Float(sc1), min1 = dmin * Float(m1)
            let d2 = d * Float(sc2), min2 = dmin * Float(m2)
            for l in 0..<32 {
                let h: UInt8 = qh.load(fromByteOffset: l, as: UInt8.self) & u1 != 0 ? 16 : 0
                y[l] = d1 * Float((q.load(fromByteOffset: l, as: UInt8.self) & 0x0F) + h) - min1
            }
            for l in 0..<32 {
                let h: UInt8 = qh.load(fromByteOffset: l, as: UInt8.self) & u2 != 0 ? 16 : 0
                y[32 + l] = d2 * Float((q.load(fromByteOffset: l, as: UInt8.self) >> 4) + h) - min2
            }
            q += 32
            y += 64
            sub += 2
            u1 <<= 2
            u2 <<= 2
        }
    }

    /// Q6_K (210 bytes): `u8 ql[128]; u8 qh[64]; i8 scales[16]; f16 d`. Two halves of 128 elements; in
    /// each, element `l + 32k` (k = 0..3) takes 4 low bits from `ql` (k even: low nibble, k odd: high;
    /// bytes `l` / `l + 32`) and 2 high bits from `qh[l] >> 2k`; one scale per 16 elements;
    /// x = (d · scale) · (q − 32).
    static func q6_KBlock(_ b: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = loadHalf(b, 208)
        var ql = b
        var qh = b + 128
        var sc = b + 192
        var y = y
        for _ in 0..<2 {
            for l in 0..<32 {
                let s = l / 16
                let low0 = ql.load(fromByteOffset: l, as: UInt8.self)
                let low32 = ql.load(fromByteOffset: l + 32, as: UInt8.self)
                let high = qh.load(fromByteOffset: l, as: UInt8.self)
                let q1 = Int32((low0 & 0x0F) | (((high >> 0) & 3) << 4)) - 32
                let q2 = Int32((low32 & 0x0F) | (((high >> 2) & 3) << 4)) - 32
                let q3 = Int32((low0 >> 4) | (((high >> 4) & 3) << 4)) - 32
                let q4 = Int32((low32 >> 4) | (((high >> 6) & 3) << 4)) - 32
                y[l] = d * Float(sc.load(fromByteOffset: s, as: Int8.self)) * Float(q1)
                y[l + 32] = d * Float(sc.load(fromByteOffset: s + 2, as: Int8.self)) * Float(q2)
                y[l + 64] = d * Float(sc.load(fromByteOffset: s + 4, as: Int8.self)) * Float(q3)
                y[l + 96] = d * Float(sc.load(fromByteOffset: s + 6, as: Int8.self)) * Float(q4)
            }
            y += 128
            ql += 64
            qh += 32
            sc += 8
        }
    }
}
