import Foundation

/// Any JSON value, for the protocol's `LSPAny` fields (`initializationOptions`, configuration settings,
/// command arguments): kept as sent, equatable and sendable, read further with `reader`.
///
/// JSON has one kind of number. `integer` and `double` keep what the text looked like (`2` or `2.0`, which
/// the typed readers tell apart), but equality compares numbers by value: Foundation writes the double
/// 11111111111100.0 as `11111111111100`, which reads back as an integer, and the value is the same (found by
/// the lsp-params fuzz target, input `11111111111100e00`).
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

    /// Equal values: numbers by value whatever their kind, everything else by kind and content.
    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.integer(x), .integer(y)): return x == y
        case let (.double(x), .double(y)): return x == y
        case let (.integer(n), .double(d)), let (.double(d), .integer(n)): return Double(exactly: n) == d
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)): return x == y
        default: return false
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
