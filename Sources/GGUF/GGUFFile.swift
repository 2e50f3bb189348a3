/// A GGUF model file (versions 2 and 3): its metadata, its tensor descriptions, and zero-copy access to the
/// tensor data.
///
/// Opening a file memory-maps it read-only; only the header is parsed and copied, so opening a 1 GiB model
/// costs a few milliseconds plus the time to build the metadata values. The whole header is validated when
/// the file is opened (see `GGUFError`), so later accessors never fail on a malformed file.
/// Immutable after initialization, hence safe to share between threads.
public final class GGUFFile: @unchecked Sendable {
    /// The format version, 2 or 3.
    public let version: UInt32
    /// Every metadata key-value pair.
    public let metadata: [String: GGUFValue]
    /// Metadata keys in the order they appear in the file (for listings).
    public let metadataKeys: [String]
    /// The tensors in file order.
    public let tensors: [GGUFTensorInfo]
    /// Alignment of tensor data, from `general.alignment` (32 when absent).
    public let alignment: Int
    /// Absolute byte offset where the tensor data section starts.
    public let dataOffset: Int
    /// Total size of the file in bytes.
    public let fileSize: Int

    private let storage: GGUFStorage
    private let tensorIndex: [String: Int]

    /// Memory-maps the file at `path` read-only (the tensor data is not copied) and parses its header.
    /// - Throws: `GGUFError.cannotOpen` when the file cannot be opened or mapped, another `GGUFError` when
    ///   its contents are not a valid GGUF file.
    public convenience init(contentsOf path: String) throws {
        try self.init(storage: GGUFStorage(mapping: path))
    }

    /// Parses an in-memory GGUF image (used by tests and tools). The bytes are copied.
    /// - Throws: a `GGUFError` when the bytes are not a valid GGUF file.
    public convenience init(bytes: [UInt8]) throws {
        try self.init(storage: GGUFStorage(copying: bytes))
    }

    private init(storage: GGUFStorage) throws(GGUFError) {
        let header = try GGUFParser.parse(base: storage.base, count: storage.count)
        self.storage = storage
        version = header.version
        metadata = header.metadata
        metadataKeys = header.metadataKeys
        tensors = header.tensors
        alignment = header.alignment
        dataOffset = header.dataOffset
        fileSize = storage.count
        var index: [String: Int] = [:]
        index.reserveCapacity(tensors.count)
        for (position, tensor) in tensors.enumerated() { index[tensor.name] = position }
        tensorIndex = index
    }

    /// Whether the mapped file was truncated or modified in place since it was opened, and how; nil while it
    /// is unchanged (and always for an in-memory image). Reading tensor data from a changed file could fault
    /// (SIGBUS past a new end) or give other weights, so ask before each use of `data(for:)` pointers that may
    /// come long after opening (each forward pass does). A file replaced by renaming another over its path
    /// does not count: the mapping keeps the old, intact file.
    /// - Complexity: one `fstat` call.
    public func changeSinceOpening() -> (path: String, reason: String)? {
        storage.changeSinceMapping()
    }

    /// The tensor called `name`, or nil when the file has none.
    public func tensor(named name: String) -> GGUFTensorInfo? {
        tensorIndex[name].map { tensors[$0] }
    }

    /// The raw bytes of `tensor`'s data, without a copy. Valid as long as this `GGUFFile` is alive.
    ///
    /// Returns an empty buffer when `tensor` does not describe a range of this file (e.g. it came from
    /// another file), so a mix-up cannot read out of bounds.
    public func data(for tensor: GGUFTensorInfo) -> UnsafeRawBufferPointer {
        guard let base = storage.base, tensor.offset >= 0, tensor.byteCount >= 0,
              tensor.offset <= fileSize, tensor.byteCount <= fileSize - tensor.offset
        else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: base + tensor.offset, count: tensor.byteCount)
    }

    // MARK: Typed metadata accessors

    /// The string stored under `key`; nil when absent or not a string.
    public func string(_ key: String) -> String? {
        metadata[key]?.stringValue
    }

    /// The integer (of any width and signedness) stored under `key`; nil when absent, not an integer, or
    /// too large for `Int`.
    public func integer(_ key: String) -> Int? {
        metadata[key]?.integerValue
    }

    /// The number stored under `key` as a `Double`: floats of either width, and integers; nil otherwise.
    public func float(_ key: String) -> Double? {
        metadata[key]?.floatValue
    }

    /// The Boolean stored under `key`; nil when absent or not a Boolean.
    public func bool(_ key: String) -> Bool? {
        metadata[key]?.boolValue
    }

    /// The array of strings stored under `key`; nil when absent or when any element is not a string.
    /// - Complexity: O(n) in the array length (the values are converted on every call).
    public func strings(_ key: String) -> [String]? {
        typedArray(key) { $0.stringValue }
    }

    /// The array of integers (any width) stored under `key`; nil when absent or when any element is not an
    /// integer that fits in `Int`.
    public func integers(_ key: String) -> [Int]? {
        typedArray(key) { $0.integerValue }
    }

    /// The array of numbers stored under `key` as `Float`s (floats of either width, or integers); nil when
    /// absent or when any element is not a number.
    public func floats(_ key: String) -> [Float]? {
        typedArray(key) { $0.floatValue.map(Float.init) }
    }

    private func typedArray<T>(_ key: String, _ convert: (GGUFValue) -> T?) -> [T]? {
        guard let elements = metadata[key]?.arrayValue else { return nil }
        var result: [T] = []
        result.reserveCapacity(elements.count)
        for element in elements {
            guard let value = convert(element) else { return nil }
            result.append(value)
        }
        return result
    }
}
