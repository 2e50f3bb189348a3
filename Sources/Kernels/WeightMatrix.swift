import TensorFormats

/// A 2-D weight tensor as stored in GGUF: `rows` rows of `columns` elements, each row
/// `type.byteCount(elements: columns)` bytes, row `r` at `data + r * rowBytes`.
///
/// The kernels read `data` without bounds checks; whoever builds a `WeightMatrix` from a file must have
/// checked that `rows * rowBytes` bytes are readable there (the GGUF reader does).
public struct WeightMatrix: @unchecked Sendable {
    /// Element encoding of every row.
    public let type: GGMLType
    /// Number of rows (output features of a linear layer).
    public let rows: Int
    /// Number of elements per row (input features); a whole number of `type.blockSize` blocks.
    public let columns: Int
    /// Start of row 0; the memory is borrowed (usually from a mapped model file), not owned.
    public let data: UnsafeRawPointer

    /// Wraps `rows × columns` elements of `type` starting at `data`.
    public init(type: GGMLType, rows: Int, columns: Int, data: UnsafeRawPointer) {
        self.type = type
        self.rows = rows
        self.columns = columns
        self.data = data
    }

    /// Bytes one row occupies: `columns / blockSize` blocks of `blockBytes` each.
    public var rowBytes: Int { columns / type.blockSize * type.blockBytes }

    /// Start of row `r`.
    @inline(__always)
    public func rowPointer(_ r: Int) -> UnsafeRawPointer { data + r * rowBytes }
}
