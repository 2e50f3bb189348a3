/// One metadata value of a GGUF file, exactly as stored (the type is kept, so writers can be checked).
///
/// Arrays may nest (the reader limits the depth). The enum is deliberately not `indirect`: the array
/// payload is already a reference to heap storage, and without boxing every element the 151,936-string
/// Qwen vocabulary loads with one allocation per long string instead of one per element.
public enum GGUFValue: Sendable, Equatable {
    /// Type 0.
    case uint8(UInt8)
    /// Type 1.
    case int8(Int8)
    /// Type 2.
    case uint16(UInt16)
    /// Type 3.
    case int16(Int16)
    /// Type 4.
    case uint32(UInt32)
    /// Type 5.
    case int32(Int32)
    /// Type 10.
    case uint64(UInt64)
    /// Type 11.
    case int64(Int64)
    /// Type 6.
    case float32(Float)
    /// Type 12.
    case float64(Double)
    /// Type 7 (one byte, 0 or 1).
    case bool(Bool)
    /// Type 8 (u64 length, then UTF-8 bytes; validated).
    case string(String)
    /// Type 9 (element type, u64 count, elements; all elements have the same type).
    case array([GGUFValue])

    /// The value as an `Int` when it is an integer of any width that fits; nil otherwise.
    public var integerValue: Int? {
        switch self {
        case let .uint8(v): return Int(v)
        case let .int8(v): return Int(v)
        case let .uint16(v): return Int(v)
        case let .int16(v): return Int(v)
        case let .uint32(v): return Int(v)
        case let .int32(v): return Int(v)
        case let .uint64(v): return Int(exactly: v)
        case let .int64(v): return Int(exactly: v)
        default: return nil
        }
    }

    /// The value as a `Double` when it is a float or an integer; nil otherwise.
    public var floatValue: Double? {
        switch self {
        case let .float32(v): return Double(v)
        case let .float64(v): return v
        case let .uint64(v): return Double(v)
        case let .int64(v): return Double(v)
        default: return integerValue.map(Double.init)
        }
    }

    /// The string when the value is one; nil otherwise.
    public var stringValue: String? {
        if case let .string(s) = self { return s }
        return nil
    }

    /// The Boolean when the value is one; nil otherwise.
    public var boolValue: Bool? {
        if case let .bool(b) = self { return b }
        return nil
    }

    /// The elements when the value is an array; nil otherwise.
    public var arrayValue: [GGUFValue]? {
        if case let .array(a) = self { return a }
        return nil
    }
}

/// The on-disk type codes of metadata values (`gguf_type`), in the order the format defines them.
enum GGUFValueType: UInt32 {
    case uint8 = 0, int8, uint16, int16, uint32, int32, float32, bool, string, array, uint64, int64, float64

    /// Bytes a single value takes for fixed-size types; the minimum for strings (the length) and arrays
    /// (element type and count). Used to bound counts by the bytes left before allocating.
    var minimumByteCount: Int {
        switch self {
        case .uint8, .int8, .bool: return 1
        case .uint16, .int16: return 2
        case .uint32, .int32, .float32: return 4
        case .uint64, .int64, .float64, .string: return 8
        case .array: return 12
        }
    }
}
