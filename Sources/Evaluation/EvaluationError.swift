/// Everything that can go wrong while loading a dataset or running an evaluation.
public enum EvaluationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The dataset file could not be read.
    case cannotReadDataset(path: String, reason: String)
    /// The dataset file is gzip-compressed and could not be decompressed.
    case cannotDecompress(path: String, reason: String)
    /// A line of the dataset is not a JSON object with the expected fields.
    case invalidTask(path: String, line: Int, reason: String)
    /// The subset asks for every 0th (or negative) task, or a negative limit.
    case invalidSubset(String)
    /// The Python interpreter could not be started.
    case cannotRunPython(executable: String, reason: String)
    /// A temporary directory for a test run could not be made or written.
    case cannotPrepareTestDirectory(reason: String)

    /// A sentence a user understands.
    public var description: String {
        switch self {
        case let .cannotReadDataset(path, reason):
            return "Cannot read dataset \(path): \(reason)"
        case let .cannotDecompress(path, reason):
            return "Cannot decompress dataset \(path): \(reason)"
        case let .invalidTask(path, line, reason):
            return "Dataset \(path), line \(line), is not a valid task: \(reason)"
        case let .invalidSubset(detail):
            return "Invalid subset: \(detail)"
        case let .cannotRunPython(executable, reason):
            return "Cannot run the Python interpreter '\(executable)' to test completions: \(reason)"
        case let .cannotPrepareTestDirectory(reason):
            return "Cannot prepare a temporary directory to test a completion: \(reason)"
        }
    }
}
