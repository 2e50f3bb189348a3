import Foundation

/// Any JSON value, for the protocol's `LSPAny` fields (`initializationOptions`, configuration settings,
/// command arguments): kept as sent, equatable and sendable, read further with `reader`.
public enum JSONValue: Sendable, Equatable, LSPValue {
    case null
    case bool(Bool)
    case integer(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Converts decoded JSON (`JSONSerialization`'s values); anything else becomes `null`.
    public init(any value: Any?) {
        guard let value, !(value is NSNull) else { self = .null; return }
        if FieldReader.isBoolean(value), let b = value as? Bool { self = .bool(b); return }
        switch value {
        case let s as String: self = .string(s)
        case let n as Int where !FieldReader.isFractional(value): self = .integer(n)
        // Foundation on Linux reads a number too large for Int (or written with an exponent) as an
        // NSDecimalNumber, whose own conversion to Double is not correctly rounded: the same value written and
        // read again came back a few units in the last place off (found by the lsp-params fuzz target). Its
        // decimal text, parsed by Double, is correctly rounded, so a value survives any number of round trips.
        case let n as NSDecimalNumber: self = Double(n.description).map { .double($0) } ?? .double(n.doubleValue)
        case let d as Double: self = .double(d)
        case let a as [Any]: self = .array(a.map { JSONValue(any: $0) })
        case let o as [String: Any]: self = .object(o.mapValues { JSONValue(any: $0) })
        default: self = .null
        }
    }

    public init(json reader: FieldReader) throws {
        self.init(any: reader.value)
    }

    public var json: Any {
        switch self {
        case .null: return NSNull()
        case .bool(let b): return b
        case .integer(let n): return n
        case .double(let d): return d
        case .string(let s): return s
        case .array(let a): return a.map(\.json)
        case .object(let o): return o.mapValues(\.json)
        }
    }

    /// A reader over this value, for typed access with field-naming errors below `path`.
    public func reader(path: String = "") -> FieldReader {
        FieldReader(json, path: path)
    }
}
