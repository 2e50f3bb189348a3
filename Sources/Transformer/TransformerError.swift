import GGUF
import TensorFormats

/// Everything that can go wrong while building or running a transformer from a GGUF file.
public enum TransformerError: Error, CustomStringConvertible, Equatable {
    /// The file's `general.architecture` is not one this engine implements.
    case unsupportedArchitecture(String)
    /// A required metadata key is absent or has the wrong type.
    case missingMetadata(key: String)
    /// A metadata value is present but impossible (zero heads, a head count that does not divide the width, ...).
    case invalidMetadata(key: String, reason: String)
    /// A required tensor is absent.
    case missingTensor(name: String)
    /// A tensor has other dimensions than the configuration implies.
    case tensorShapeMismatch(name: String, expected: [Int], found: [Int])
    /// A tensor uses an element type the kernels cannot read.
    case unsupportedTensorType(name: String, type: GGMLType)
    /// A token id outside the vocabulary was given to the model.
    case tokenOutOfRange(token: Int32, vocabularySize: Int)
    /// The sequence would grow past the cache's maximum length.
    case contextFull(requested: Int, maximum: Int)
    /// The model file was truncated or modified in place after loading; the model refuses to read it.
    case modelFileChanged(path: String, reason: String)

    public var description: String {
        switch self {
        case .unsupportedArchitecture(let name):
            return "unsupported model architecture '\(name)' (supported: \(ModelConfiguration.supportedArchitectures.joined(separator: ", ")))"
        case .missingMetadata(let key):
            return "the model file lacks the metadata key '\(key)'"
        case .invalidMetadata(let key, let reason):
            return "the model file's metadata '\(key)' is invalid: \(reason)"
        case .missingTensor(let name):
            return "the model file lacks the tensor '\(name)'"
        case .tensorShapeMismatch(let name, let expected, let found):
            return "tensor '\(name)' has shape \(found), expected \(expected)"
        case .unsupportedTensorType(let name, let type):
            return "tensor '\(name)' has element type \(type), which this engine cannot read"
        case .tokenOutOfRange(let token, let size):
            return "token id \(token) is outside the vocabulary (size \(size))"
        case .contextFull(let requested, let maximum):
            return "the sequence needs \(requested) positions but the context holds at most \(maximum)"
        case .modelFileChanged(let path, let reason):
            return "the model file \(path) changed on disk after it was loaded (\(reason)); load it again"
        }
    }
}
