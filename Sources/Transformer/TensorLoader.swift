import GGUF
import Kernels

/// Looks tensors up by name in the mapped file and checks their shape and type before handing out views.
struct TensorLoader {
    let file: GGUFFile

    func info(_ name: String) throws -> GGUFTensorInfo {
        guard let info = file.tensor(named: name) else { throw TransformerError.missingTensor(name: name) }
        return info
    }

    /// A 2-D weight of `rows` rows of `columns` elements; GGUF lists the row length first.
    func matrix(_ name: String, rows: Int, columns: Int) throws -> WeightMatrix {
        let t = try info(name)
        guard t.dimensions == [columns, rows] else {
            throw TransformerError.tensorShapeMismatch(name: name, expected: [columns, rows], found: t.dimensions)
        }
        guard Dequantize.isSupported(t.type) else {
            throw TransformerError.unsupportedTensorType(name: name, type: t.type)
        }
        guard let base = file.data(for: t).baseAddress else { throw TransformerError.missingTensor(name: name) }
        return WeightMatrix(type: t.type, rows: rows, columns: columns, data: base)
    }

    /// A 1-D f32 vector (norm weights, biases).
    func vector(_ name: String, count: Int) throws -> UnsafePointer<Float> {
        let t = try info(name)
        guard t.dimensions == [count] else {
            throw TransformerError.tensorShapeMismatch(name: name, expected: [count], found: t.dimensions)
        }
        guard t.type == .f32 else { throw TransformerError.unsupportedTensorType(name: name, type: t.type) }
        guard let base = file.data(for: t).baseAddress, Int(bitPattern: base) % MemoryLayout<Float>.alignment == 0 else {
            throw TransformerError.missingTensor(name: name)
        }
        return base.assumingMemoryBound(to: Float.self)
    }

    /// `<name>.weight` `(rows, columns)` and, as `bias` says, `<name>.bias` `(rows)`.
    func linear(_ name: String, rows: Int, columns: Int, bias: BiasPresence) throws -> Linear {
        let weight = try matrix(name + ".weight", rows: rows, columns: columns)
        let hasBias: Bool
        switch bias {
        case .none: hasBias = false
        case .optional: hasBias = file.tensor(named: name + ".bias") != nil
        case .required: hasBias = true
        }
        return Linear(weight: weight, bias: hasBias ? try vector(name + ".bias", count: rows) : nil)
    }

    /// `<name>.weight` `(embedding)` as an RMSNorm with the configuration's epsilon.
    func rmsNorm(_ name: String, configuration c: ModelConfiguration) throws -> RMSNorm {
        RMSNorm(weight: try vector(name + ".weight", count: c.embeddingLength), width: c.embeddingLength, epsilon: c.rmsEpsilon)
    }
}
