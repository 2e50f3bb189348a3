import Foundation
import LanguageServerProtocol
import XCTest

/// Numbers in `JSONValue` (settings, command arguments) survive being written and read again.
final class JSONValueNumberTests: XCTestCase {
    private func roundTrip(_ value: JSONValue) throws -> JSONValue {
        let data = try JSONSerialization.data(withJSONObject: [value.json])
        let array = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [Any])
        return JSONValue(any: array[0])
    }

    /// A 49-digit integer (the lsp-params fuzz target's input, `Tests/Fixtures/fuzz/lsp-params/found-huge-number.bin`)
    /// reads as the double nearest to its digits, and stays that double when written
    /// and read again. Foundation's own decimal-to-double conversion gave 1.1111121111111102e+48 first and a
    /// value 3 units in the last place away after one round trip.
    func testAHugeIntegerIsCorrectlyRoundedAndStableAcrossRoundTrips() throws {
        let digits = "1111112111111110000001111111111211111111000000000"
        let parsed = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data("[\(digits)]".utf8)) as? [Any])
        let value = JSONValue(any: parsed[0])
        // The double nearest to the literal (Swift's own parser rounds correctly; Foundation keeps 38 of the 49
        // digits, which changes the value by far less than half a unit in the last place):
        let expected = try XCTUnwrap(Double(digits))
        XCTAssertEqual(value, .double(expected))
        var current = value
        for _ in 0..<3 {
            current = try roundTrip(current)
            XCTAssertEqual(current, value)
        }
    }

    /// Ordinary numbers keep their kind and value.
    func testOrdinaryNumbersRoundTripUnchanged() throws {
        for value in [JSONValue.integer(0), .integer(-42), .integer(Int(Int32.max) + 1), .double(0.1), .double(-2.5e-7), .double(1e300)] {
            XCTAssertEqual(try roundTrip(value), value)
        }
    }

    /// An integral double comes back from Foundation's writer as an integer (`11111111111100e00`, the lsp-params
    /// fuzz target's second input): equal by value. Different numbers stay different, and a number never equals
    /// a string or a boolean.
    func testNumbersCompareByValueWhateverTheirKind() throws {
        let parsed = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data("[11111111111100e00]".utf8)) as? [Any])
        let value = JSONValue(any: parsed[0])
        XCTAssertEqual(try roundTrip(value), value)
        XCTAssertEqual(JSONValue.integer(2), .double(2.0))
        XCTAssertEqual(JSONValue.array([.double(3)]), .array([.integer(3)]))
        XCTAssertNotEqual(JSONValue.integer(2), .double(2.5))
        XCTAssertNotEqual(JSONValue.integer(Int.max), .double(Double(Int.max)))   // 2^63 is not Int.max
        XCTAssertNotEqual(JSONValue.integer(1), .bool(true))
        XCTAssertNotEqual(JSONValue.integer(1), .string("1"))
    }
}
