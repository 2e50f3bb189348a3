import Foundation
import JSONRPC

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

    /// The object's keys (sorted, so errors and iteration are deterministic).
    public func keys() throws -> [String] {
        guard let object = value as? [String: Any] else { throw error("an object") }
        return object.keys.sorted()
    }

    /// A string.
    public func string() throws -> String {
        guard let s = value as? String else { throw error("a string") }
        return s
    }

    /// A string, or nil when absent.
    public func optionalString() throws -> String? {
        isAbsent ? nil : try string()
    }

    /// A whole number ≥ `minimum` (JSON numbers with a fraction, booleans and strings are refused).
    public func integer(minimum: Int = Int.min) throws -> Int {
        guard !Self.isBoolean(value), !Self.isFractional(value), let n = value as? Int, n >= minimum else {
            throw error(minimum == 0 ? "a whole number ≥ 0" : minimum == Int.min ? "a whole number" : "a whole number ≥ \(minimum)")
        }
        return n
    }

    /// A whole number, or nil when absent.
    public func optionalInteger(minimum: Int = Int.min) throws -> Int? {
        isAbsent ? nil : try integer(minimum: minimum)
    }

    /// A whole number within `range` (booleans, fractions and strings are refused).
    public func integer(in range: ClosedRange<Int>) throws -> Int {
        guard !Self.isBoolean(value), !Self.isFractional(value), let n = value as? Int, range.contains(n) else {
            throw error("a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }

    /// A number (whole or not; booleans and strings are refused).
    public func number() throws -> Double {
        guard !Self.isBoolean(value), let d = value as? Double, d.isFinite else { throw error("a number") }
        return d
    }

    /// `true` or `false`.
    public func bool() throws -> Bool {
        guard Self.isBoolean(value), let b = value as? Bool else { throw error("true or false") }
        return b
    }

    /// `true` or `false`, or nil when absent.
    public func optionalBool() throws -> Bool? {
        isAbsent ? nil : try bool()
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

    /// An error naming this field: what it must be and what it held.
    public func error(_ expected: String) -> InvalidParams {
        let name = path.isEmpty ? "params" : path
        guard let value else { return InvalidParams("\(name) is missing (expected \(expected))") }
        return InvalidParams("\(name) must be \(expected) (got \(Self.describe(value)))")
    }

    /// Whether `value` is a JSON boolean (see `JSONValues`).
    public static func isBoolean(_ value: Any?) -> Bool { JSONValues.isBoolean(value) }

    /// Whether `value` is a JSON number written with a fraction or exponent (see `JSONValues`).
    public static func isFractional(_ value: Any?) -> Bool { JSONValues.isFractional(value) }

    /// A short rendering of a JSON value for error messages.
    public static func describe(_ value: Any) -> String { JSONValues.describe(value) }
}
