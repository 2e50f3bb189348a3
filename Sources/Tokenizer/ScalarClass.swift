/// The regex character class of one Unicode scalar, as llama.cpp's pre-tokenizer sees it.
///
/// llama.cpp does not use the host's Unicode tables: it ships its own (generated with Python's `regex`
/// module at Unicode 15.1) and derives `\p{L}`, `\p{N}` and `\s` from them. This type reproduces those
/// answers: letters and numbers are the general categories L* and N*; whitespace is the Unicode
/// `White_Space` set (which excludes U+001C...U+001F); scalars assigned after Unicode 15.1 are unassigned
/// for llama.cpp and therefore fall into `other`, whatever the Swift runtime's newer tables say.
enum ScalarClass: UInt8, Sendable {
    /// `\p{L}`.
    case letter
    /// `\p{N}`.
    case number
    /// `\s`.
    case whitespace
    /// Everything else: punctuation, symbols, marks, controls, unassigned.
    case other

    /// The class of the scalar with value `value`.
    /// - Complexity: O(1); a table lookup for ASCII, Unicode property lookups otherwise.
    static func of(_ value: UInt32) -> ScalarClass {
        if value < 128 { return asciiTable[Int(value)] }
        if isWhitespace(value) { return .whitespace }
        guard let scalar = Unicode.Scalar(value) else { return .other }
        let properties = scalar.properties
        guard let age = properties.age,
              age.major < newestUnicodeVersion.major
                || (age.major == newestUnicodeVersion.major && age.minor <= newestUnicodeVersion.minor)
        else { return .other }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return .letter
        case .decimalNumber, .letterNumber, .otherNumber:
            return .number
        default:
            return .other
        }
    }

    /// The Unicode version of llama.cpp's generated tables (b4748 `unicode-data.cpp`).
    static let newestUnicodeVersion = (major: 15, minor: 1)

    /// Unicode `White_Space` (llama.cpp's `unicode_set_whitespace`), non-ASCII part.
    private static func isWhitespace(_ value: UInt32) -> Bool {
        switch value {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    private static let asciiTable: [ScalarClass] = (0..<128).map { (value: Int) -> ScalarClass in
        switch value {
        case 0x09...0x0D, 0x20: return .whitespace
        case 0x30...0x39: return .number
        case 0x41...0x5A, 0x61...0x7A: return .letter
        default: return .other
        }
    }
}
