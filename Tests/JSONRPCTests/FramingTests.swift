import JSONRPC
import XCTest

final class FramingTests: XCTestCase {
    private func frame(_ body: String) -> [UInt8] { Array("Content-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8) }

    private func drain(_ f: inout MessageFramer) -> [MessageFramer.Event] {
        var events: [MessageFramer.Event] = []
        while let e = f.next() { events.append(e) }
        return events
    }

    func testSeveralMessagesInOneRead() {
        var f = MessageFramer()
        f.feed(frame("{\"a\":1}") + frame("{\"b\":2}"))
        XCTAssertEqual(drain(&f), [.message(Array("{\"a\":1}".utf8)), .message(Array("{\"b\":2}".utf8))])
    }

    func testAMessageSplitAcrossEveryByte() {
        var f = MessageFramer()
        var events: [MessageFramer.Event] = []
        for byte in frame("{\"split\":true}") {
            f.feed([byte])
            events += drain(&f)
        }
        XCTAssertEqual(events, [.message(Array("{\"split\":true}".utf8))])
    }

    func testContentTypeHeaderAndCaseInsensitiveLength() {
        var f = MessageFramer()
        f.feed(Array("content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}".utf8))
        XCTAssertEqual(drain(&f), [.message(Array("{}".utf8))])
    }

    func testGarbageBeforeAHeaderIsSkipped() {
        var f = MessageFramer()
        f.feed(Array("garbage!!".utf8) + frame("{}"))
        let events = drain(&f)
        XCTAssertEqual(events.last, .message(Array("{}".utf8)))
        XCTAssertTrue(events.contains(.garbage(skipped: 9)))
    }

    /// Found when writing the `framer` fuzz target (its invariant: the same messages whatever the read sizes): a
    /// header longer than the limit was accepted when it arrived in one
    /// read and skipped as garbage when it arrived in pieces. Now it is garbage either way.
    func testAnOverlongHeaderIsGarbageWhateverTheReadSizes() {
        let message = Array("Content-Length: 2\r\nX-Padding: \(String(repeating: "p", count: 8200))\r\n\r\n{}".utf8) + frame("{\"next\":1}")
        var atOnce = MessageFramer()
        atOnce.feed(message)
        var inPieces = MessageFramer()
        var piecewise: [MessageFramer.Event] = []
        for start in stride(from: 0, to: message.count, by: 64) {
            inPieces.feed(message[start..<min(message.count, start + 64)])
            piecewise += drain(&inPieces)
        }
        let messages = { (events: [MessageFramer.Event]) in events.filter { if case .message = $0 { return true } else { return false } } }
        XCTAssertEqual(messages(drain(&atOnce)), [.message(Array("{\"next\":1}".utf8))])
        XCTAssertEqual(messages(piecewise), [.message(Array("{\"next\":1}".utf8))])
    }

    func testOversizedMessageIsRefusedAndSkippedThenTheNextIsRead() {
        var f = MessageFramer(maximumMessageBytes: 10)
        let big = String(repeating: "x", count: 100)
        f.feed(Array("Content-Length: 100\r\n\r\n".utf8) + Array(big.utf8.prefix(40)))
        XCTAssertEqual(drain(&f), [.tooLarge(declared: 100)])
        f.feed(Array(big.utf8.suffix(60)) + frame("{}"))
        XCTAssertEqual(drain(&f), [.message(Array("{}".utf8))])
    }

    func testDecodingClassifiesErrors() {
        guard case .failure(let parse) = IncomingMessage.decode(Array("{oops".utf8)) else { return XCTFail("expected a parse error") }
        XCTAssertEqual(parse.error.code, ErrorCode.parseError)
        guard case .failure(let utf8) = IncomingMessage.decode([0x7B, 0xFF, 0x7D]) else { return XCTFail("expected a parse error") }
        XCTAssertEqual(utf8.error.code, ErrorCode.parseError)
        guard case .failure(let invalid) = IncomingMessage.decode(Array("{\"jsonrpc\":\"2.0\",\"id\":3}".utf8)) else { return XCTFail("expected invalid request") }
        XCTAssertEqual(invalid.error.code, ErrorCode.invalidRequest)
        XCTAssertEqual(invalid.id, .number(3))
        guard case .success(.request(let id, let method, _)) = IncomingMessage.decode(Array("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"m\"}".utf8)) else { return XCTFail() }
        XCTAssertEqual(id, .string("x"))
        XCTAssertEqual(method, "m")
    }
}
