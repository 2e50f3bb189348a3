import Foundation

/// Element-wise and reduction kernels on `Float` vectors for the forward pass: an explicit SIMD body
/// (Swift does not vectorize plain float loops) and a scalar tail. `VectorOps.Reference` holds the
/// plain versions the tests compare against.
public enum VectorOps {
    /// Σ a[i] · b[i].
    @inline(__always)
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var acc0 = SIMD16<Float>(), acc1 = SIMD16<Float>()
        var i = 0
        while i + 32 <= count {
            acc0.addProduct(load16(a + i), load16(b + i))
            acc1.addProduct(load16(a + i + 16), load16(b + i + 16))
            i += 32
        }
        if i + 16 <= count {
            acc0.addProduct(load16(a + i), load16(b + i))
            i += 16
        }
        var sum = (acc0 + acc1).sum()
        while i < count {
            sum += a[i] * b[i]
            i += 1
        }
        return sum
    }

    /// a[i] += b[i] (residual connections).
    public static func add(_ a: UnsafeMutablePointer<Float>, _ b: UnsafePointer<Float>, count: Int) {
        var i = 0
        while i + 16 <= count {
            store16(load16(UnsafePointer(a + i)) + load16(b + i), a + i)
            i += 16
        }
        while i < count {
            a[i] += b[i]
            i += 1
        }
    }

    /// x[i] *= factor.
    public static func scale(_ x: UnsafeMutablePointer<Float>, by factor: Float, count: Int) {
        var i = 0
        while i + 16 <= count {
            store16(load16(UnsafePointer(x + i)) * factor, x + i)
            i += 16
        }
        while i < count {
            x[i] *= factor
            i += 1
        }
    }

    /// out[i] += a · x[i] (weighted sums of value vectors in attention).
    public static func axpy(_ a: Float, _ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int) {
        let va = SIMD16<Float>(repeating: a)
        var i = 0
        while i + 16 <= count {
            store16(load16(UnsafePointer(out + i)).addingProduct(va, load16(x + i)), out + i)
            i += 16
        }
        while i < count {
            out[i] += a * x[i]
            i += 1
        }
    }

    /// out[i] = x[i] · weight[i] / sqrt(mean(x²) + epsilon) (RMSNorm). `out` may equal `x`.
    public static func rmsNorm(_ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, count: Int, epsilon: Float, into out: UnsafeMutablePointer<Float>) {
        let sumSquares = dot(x, x, count: count)
        let factor = 1 / (sumSquares / Float(count) + epsilon).squareRoot()
        var i = 0
        while i + 16 <= count {
            store16(load16(x + i) * factor * load16(weight + i), out + i)
            i += 16
        }
        while i < count {
            out[i] = x[i] * factor * weight[i]
            i += 1
        }
    }

    /// In-place softmax: x[i] = exp(x[i] − max) / Σ exp(x[j] − max).
    public static func softmax(_ x: UnsafeMutablePointer<Float>, count: Int) {
        if count <= 0 { return }
        let (_, sum) = exponentiate(x, count: count)
        scale(x, by: 1 / sum, count: count)
    }

    /// log Σ exp(x[i]), computed stably (max subtracted) with the vectorised exponential: what one
    /// token's log-probability needs (logit − logSumExp) without converting the whole distribution.
    public static func logSumExp(_ x: UnsafePointer<Float>, count: Int) -> Float {
        if count <= 0 { return -Float.infinity }
        let maximum = self.maximum(x, count: count)
        var sums = SIMD8<Float>()
        var tail: Float = 0
        var i = 0
        while i + 8 <= count {
            sums += exp8(load8(x + i) - maximum)
            i += 8
        }
        while i < count {
            tail += expf(x[i] - maximum)
            i += 1
        }
        return maximum + logf(sums.sum() + tail)
    }

    /// The largest of `count` (≥ 1) values, eight lanes at a time (the scalar loop does not vectorise:
    /// `max` must keep its NaN semantics).
    public static func maximum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>(repeating: -.infinity)
        var i = 0
        while i + 8 <= count {
            lanes = pointwiseMax(lanes, load8(x + i))
            i += 8
        }
        var result = lanes.max()
        while i < count {
            result = max(result, x[i])
            i += 1
        }
        return result
    }

    /// In place x[i] = exp(x[i] − max); returns the max and Σ of the results (an unnormalised softmax,
    /// for attention computed in chunks and combined afterwards).
    public static func exponentiate(_ x: UnsafeMutablePointer<Float>, count: Int) -> (maximum: Float, sum: Float) {
        if count <= 0 { return (-Float.infinity, 0) }
        var maximum = -Float.infinity
        for i in 0..<count { maximum = max(maximum, x[i]) }
        var sum: Float = 0
        var sums = SIMD8<Float>()
        var i = 0
        while i + 8 <= count {
            let e = exp8(load8(UnsafePointer(x + i)) - maximum)
            store8(e, x + i)
            sums += e
            i += 8
        }
        while i < count {
            let e = expf(x[i] - maximum)
            x[i] = e
            sum += e
            i += 1
        }
        return (maximum, sum + sums.sum())
    }

    /// gate[i] = silu(gate[i]) · up[i], with silu(g) = g / (1 + exp(−g)) (the SwiGLU feed-forward).
    public static func swiglu(gate: UnsafeMutablePointer<Float>, up: UnsafePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            store8(silu8(load8(UnsafePointer(gate + i))) * load8(up + i), gate + i)
            i += 8
        }
        while i < count {
            let g = gate[i]
            gate[i] = g / (1 + expf(-g)) * up[i]
            i += 1
        }
    }

    /// x[i] = silu(x[i]) = x[i] / (1 + exp(−x[i])).
    public static func silu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            store8(silu8(load8(UnsafePointer(x + i))), x + i)
            i += 8
        }
        while i < count {
            let g = x[i]
            x[i] = g / (1 + expf(-g))
            i += 1
        }
    }
}

@inline(__always)
func load16(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
}

@inline(__always)
func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always)
func store16(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Float>.self)
}

@inline(__always)
func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
}
