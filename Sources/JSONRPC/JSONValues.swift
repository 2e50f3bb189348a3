import Foundation

/// Facts about values decoded by `JSONSerialization`, which hands out booleans and all numbers as
/// `NSNumber`s that convert to each other (`true as? Int` is 1, `1.0 as? Int` is 1): tell them apart here,
/// once, for the message envelope and for every params reader above it.
public enum JSONValues {
    /// Whether `value` is a JSON `true` or `false`.
    public static func isBoolean(_ value: Any?) -> Bool {
        guard let value else { return false }
        if type(of: value) == Bool.self { return true }
        guard let booleanClass = jsonBooleanClass else { return false }
        return type(of: value as AnyObject) == booleanClass
    }

    /// Whether a JSON number was written with a fraction or an exponent (`1.0`, `1.5`, `1e3`).
    public static func isFractional(_ value: Any?) -> Bool {
        guard let value, !isBoolean(value) else { return false }
        if type(of: value) == Double.self || type(of: value) == Float.self { return true }
        if type(of: value) == Int.self { return false }
        guard let number = value as? NSNumber else { return false }
        let kind = String(cString: number.objCType)
        return kind == "d" || kind == "f"
    }

    /// The value as a whole number when it is one (not a boolean, not written with a fraction).
    public static func integer(_ value: Any?) -> Int? {
        guard !isBoolean(value), !isFractional(value) else { return nil }
        return value as? Int
    }

    /// A short rendering of a JSON value for error messages.
    public static func describe(_ value: Any?) -> String {
        guard let value, !(value is NSNull) else { return "null" }
        if isBoolean(value), let b = value as? Bool { return b ? "true" : "false" }
        switch value {
        case let s as String: return s.count > 40 ? "\"\(s.prefix(40))…\"" : "\"\(s)\""
        case let d as Double where isFractional(value): return String(d)
        case let n as Int: return String(n)
        case let d as Double: return String(d)
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        default: return "\(type(of: value))"
        }
    }

    private static let jsonBooleanClass: AnyClass? = {
        guard let array = (try? JSONSerialization.jsonObject(with: Data("[true]".utf8))) as? [Any], let first = array.first else { return nil }
        return type(of: first as AnyObject)
    }()
}
