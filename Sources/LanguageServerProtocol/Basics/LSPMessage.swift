import Foundation

/// A value of the LSP wire format: read from decoded JSON (as `JSONSerialization` produces it) with errors
/// that name the field, and written back as JSON. Every request, notification, params and result type of
/// this module conforms, so each can be read, written and round-tripped in tests.
public protocol LSPValue: Sendable, Equatable {
    /// Reads the value at `reader`; throws `InvalidParams` naming the field, e.g.
    /// `position.line must be a whole number ≥ 0 (got "3")`.
    init(json reader: FieldReader) throws
    /// The JSON form, ready for `JSONSerialization`.
    var json: Any { get }
}

/// A request of the protocol: its params are the conforming type itself, `Response` its result.
/// One type per request, one file per type (Requests/).
public protocol LSPRequest: LSPValue {
    /// The result type (`NullResponse` when the spec's result is `null`).
    associatedtype Response: LSPValue
    /// The JSON-RPC method name, e.g. `textDocument/inlineCompletion`.
    static var method: String { get }
}

/// A notification of the protocol: its params are the conforming type itself (Notifications/).
public protocol LSPNotification: LSPValue {
    /// The JSON-RPC method name, e.g. `textDocument/didOpen`.
    static var method: String { get }
}

/// The `null` result of requests that answer nothing (`shutdown`, `window/workDoneProgress/create`), and
/// the absent params of requests that take none.
public struct NullResponse: LSPValue {
    public init() {}
    /// Accepts anything: a `null` result carries no information worth refusing.
    public init(json reader: FieldReader) throws {}
    public var json: Any { NSNull() }
}

extension Array: LSPValue where Element: LSPValue {
    public init(json reader: FieldReader) throws {
        self = try reader.array().map { try Element(json: $0) }
    }
    public var json: Any { map(\.json) }
}

extension FieldReader {
    /// Reads an optional field: absent or `null` is nil.
    public func optional<T: LSPValue>(_ type: T.Type) throws -> T? {
        isAbsent ? nil : try T(json: self)
    }
}

extension Dictionary where Key == String, Value == Any {
    /// Sets `key` to the JSON form of `value` when it is present (LSP omits absent optional fields).
    mutating func set(_ key: String, _ value: (some LSPValue)?) {
        if let value { self[key] = value.json }
    }
}
