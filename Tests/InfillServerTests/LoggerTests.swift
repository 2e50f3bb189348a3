import Foundation
import InfillLog
import XCTest

/// Issue 20 (5): in the daemon's mode, logging never blocks: when nobody reads stderr, lines beyond a
/// bounded buffer are dropped and counted, and the count is written once stderr takes lines again.
final class LoggerTests: XCTestCase {
    func testLinesBeyondTheBufferAreDroppedAndCountedWhenStderrIsNotRead() throws {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        defer { close(fds[0]); close(fds[1]) }
        let logger = Logger(stderrFD: fds[1])
        logger.startBackgroundWriter(capacityBytes: 16 << 10)
        let line = String(repeating: "x", count: 200)
        for i in 0..<2000 { logger.info("test", "\(i) \(line)") }          // ~450 KB into a 64 KiB pipe: returns
        XCTAssertGreaterThan(logger.droppedLines, 0, "lines that did not fit were dropped")
        XCTAssertLessThan(logger.droppedLines, 2000, "the pipe and the buffer took some")
        // Reading stderr again lets the writer go on, and it says how many lines were lost.
        var text = ""
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let deadline = Date().addingTimeInterval(10)
        var flags = fcntl(fds[0], F_GETFL)
        flags |= O_NONBLOCK
        _ = fcntl(fds[0], F_SETFL, flags)
        while !text.contains("log lines dropped") && Date() < deadline {
            let n = read(fds[0], &chunk, chunk.count)
            if n > 0 { text += String(decoding: chunk[0..<n], as: UTF8.self) } else { usleep(5_000) }
        }
        XCTAssertTrue(text.contains("log lines dropped: stderr was not being read"), String(text.suffix(300)))
        // The writer goes on with the lines it still holds: read until it has written them, before the pipe is
        // closed. (Closed earlier, its descriptor numbers went to the next test's pipes, and the writer's lines into
        // a language server's input: a RegistryTests case once failed with "the server closed its output".)
        let drained = Date().addingTimeInterval(10)
        repeat {
            while read(fds[0], &chunk, chunk.count) > 0 {}
        } while !logger.flush(timeout: 0.05) && Date() < drained
        XCTAssertTrue(logger.flush(timeout: 0), "the writer has nothing left to write")
    }
}
