import Foundation

/// Why a request's params were rejected; `message` names the field, e.g.
/// `position.line must be a whole number ≥ 0 (got "3")`. The server answers it as JSON-RPC InvalidParams.
public struct InvalidParams: Error, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reads one value of decoded JSON (as `JSONSerialization` produces it) at a known path, so that every
/// error says which field is wrong and what it held.
public struct FieldReader {
    /// The value, or nil when the field is absent (JSON null counts as absent).
    public let value: Any?
    /// Where the value sits, e.g. `textDocument.uri` or `contentChanges[2].range`; empty for the params.
    public let path: String

    public init(_ value: Any?, path: String = "") {
        self.value = value is NSNull ? nil : value
        self.path = path
    }

    /// Whether the field is absent or null.
    public var isAbsent: Bool { value == nil }

    /// The field `key` of this object (absent when this value is not an object or lacks the key).
    public subscript(key: String) -> FieldReader {
        FieldReader((value as? [String: Any])?[key], path: path.isEmpty ? key : "\(path).\(key)")
    }

    /// Fails unless the value is a JSON object.
    public func requireObject() throws {
        guard value is [String: Any] else { throw error("an object") }
    }

    public func string() throws -> String {
        guard let s = value as? String else { throw error("a string") }
        return s
    }

    public func optionalString() throws -> String? {
        isAbsent ? nil : try string()
    }

    /// A whole number ≥ `minimum` (JSON numbers with a fraction, booleans and strings are refused).
    public func integer(minimum: Int = Int.min) throws -> Int {
        guard !Self.isBoolean(value), let n = value as? Int, n >= minimum else {
            throw error(minimum == 0 ? "a whole number ≥ 0" : minimum == Int.min ? "a whole number" : "a whole number ≥ \(minimum)")
        }
        return n
    }

    public func optionalInteger(minimum: Int = Int.min) throws -> Int? {
        isAbsent ? nil : try integer(minimum: minimum)
    }

    public func optionalBool() throws -> Bool? {
        if isAbsent { return nil }
        guard Self.isBoolean(value), let b = value as? Bool else { throw error("true or false") }
        return b
    }

    /// The elements of an array, each with its index in the path.
    public func array() throws -> [FieldReader] {
        guard let items = value as? [Any] else { throw error("an array") }
        return items.enumerated().map { FieldReader($1, path: "\(path)[\($0)]") }
    }

    /// Strings of an array; an absent field gives `[]`.
    public func optionalStrings() throws -> [String] {
        if isAbsent { return [] }
        return try array().map { try $0.string() }
    }

    private func error(_ expected: String) -> InvalidParams {
        let name = path.isEmpty ? "params" : path
        guard let value else { return InvalidParams("\(name) is missing (expected \(expected))") }
        return InvalidParams("\(name) must be \(expected) (got \(Self.describe(value)))")
    }

    /// JSONSerialization gives booleans as NSNumbers, which also convert to Int (and integers to Bool):
    /// tell them apart by the class Foundation uses for a decoded `true`.
    static func isBoolean(_ value: Any?) -> Bool {
        guard let value else { return false }
        if type(of: value) == Bool.self { return true }
        guard let booleanClass = jsonBooleanClass else { return false }
        return type(of: value as AnyObject) == booleanClass
    }

    private static let jsonBooleanClass: AnyClass? = {
        guard let array = (try? JSONSerialization.jsonObject(with: Data("[true]".utf8))) as? [Any], let first = array.first else { return nil }
        return type(of: first as AnyObject)
    }()

    /// A short rendering of a JSON value for error messages.
    static func describe(_ value: Any) -> String {
        if isBoolean(value), let b = value as? Bool { return b ? "true" : "false" }
        switch value {
        case let s as String: return s.count > 40 ? "\"\(s.prefix(40))…\"" : "\"\(s)\""
        case let n as Int: return String(n)
        case let d as Double: return String(d)
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        default: return "\(type(of: value))"
        }
    }
}
