/// A failure of a command that is not a usage mistake (a file that cannot be read, a model that does
/// not load); printed as `infill: error: ...`, exit code 1.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
