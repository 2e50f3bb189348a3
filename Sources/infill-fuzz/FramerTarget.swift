import JSONRPC

extension FuzzTarget {
    /// The LSP base-protocol framer on raw bytes, as `read(2)` delivers them.
    ///
    /// Checks: the messages (and refused over-long ones) do not depend on how the bytes were split into
    /// reads (the whole input at once against chunks chosen by the input's first bytes); every message,
    /// framed again, gives back exactly that message.
    static let framer = FuzzTarget(
        name: "framer",
        summary: "Content-Length framing: same messages whatever the read chunking; a message re-framed gives itself back"
    ) { data in
        let limit = 4096                                   // small, so the over-long path is reached too
        var choices = ByteCursor(Array(data.prefix(8)))
        var whole = MessageFramer(maximumMessageBytes: limit)
        whole.feed(data)
        let atOnce = framedEvents(&whole)

        var chunked = MessageFramer(maximumMessageBytes: limit)
        var inChunks: [MessageFramer.Event] = []
        var offset = 0
        while offset < data.count {
            let size = 1 + choices.number(below: 64) + (choices.isAtEnd ? 4096 : 0)
            let end = min(data.count, offset + size)
            chunked.feed(data[offset..<end])
            inChunks += framedEvents(&chunked)
            offset = end
        }
        require(atOnce == inChunks, "framing depends on read chunking: \(atOnce.count) events at once, \(inChunks.count) in chunks")

        for case .message(let body) in atOnce {
            var again = MessageFramer(maximumMessageBytes: limit)
            again.feed(Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
            let events = framedEvents(&again)
            require(events == [.message(body)], "a re-framed message of \(body.count) bytes did not come back as itself")
        }
    }

    /// The framer's events that do not depend on chunking (garbage counts do: skipped bytes are reported as
    /// they are skipped).
    private static func framedEvents(_ framer: inout MessageFramer) -> [MessageFramer.Event] {
        var events: [MessageFramer.Event] = []
        while let event = framer.next() {
            if case .garbage = event { continue }
            events.append(event)
        }
        return events
    }
}
