import TensorFormats

/// Where one tensor sits in a GGUF file and what shape and encoding it has.
///
/// Every field has been checked against the file by the reader: the data range lies inside the file, is
/// aligned, and its length is exactly what the type and shape require.
public struct GGUFTensorInfo: Sendable, Equatable {
    /// The tensor's name, e.g. `blk.0.attn_q.weight`.
    public let name: String
    /// Sizes in ggml order: `dimensions[0]` is the row length (the fastest-varying index).
    public let dimensions: [Int]
    /// The element encoding.
    public let type: GGMLType
    /// Absolute byte offset of the tensor's data in the file (not relative to the data section).
    public let offset: Int
    /// Number of bytes the data occupies: `type.byteCount(elements: elementCount)`.
    public let byteCount: Int
    /// Number of elements: the product of `dimensions`.
    public let elementCount: Int

    /// Creates a tensor description; the reader validates the fields before calling this.
    public init(name: String, dimensions: [Int], type: GGMLType, offset: Int, byteCount: Int, elementCount: Int) {
        self.name = name
        self.dimensions = dimensions
        self.type = type
        self.offset = offset
        self.byteCount = byteCount
        self.elementCount = elementCount
    }
}
