/// The severity of `window/showMessage` and `window/logMessage` (an open set: later versions of the protocol
/// add values, so any number is carried through).
public struct MessageType: RawRepresentable, LSPValue, Hashable {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// An error message.
    public static let error = MessageType(rawValue: 1)
    /// A warning message.
    public static let warning = MessageType(rawValue: 2)
    /// An information message.
    public static let info = MessageType(rawValue: 3)
    /// A log message.
    public static let log = MessageType(rawValue: 4)
    /// A debug message (LSP 3.18).
    public static let debug = MessageType(rawValue: 5)

    public init(json reader: FieldReader) throws { rawValue = try reader.integer() }
    public var json: Any { rawValue }
}
