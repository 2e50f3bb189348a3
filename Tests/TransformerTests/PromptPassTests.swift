import Foundation
import TestSupport
import Transformer
import XCTest

/// Cancellation inside a prompt pass, and the re-use of moved rows (`evaluate(_:cache:moving:...)`), on the
/// tiny f32 model written by `TinyModelFile`: exactness against fresh evaluations, never timing.
final class PromptPassTests: XCTestCase {
    private func load(_ model: TinyModelFile) throws -> Transformer {
        let path = try model.write()
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return try Transformer(contentsOf: path, threads: 1)
    }

    /// A model with one block: the keys and values of its only layer depend on the token and its position
    /// alone, so rows moved with their keys rotated are exact, and so is everything computed after them.
    private func oneLayer(_ architecture: String) -> TinyModelFile {
        var model = TinyModelFile(architecture: architecture)
        model.metadata["\(architecture).block_count"] = .uint32(1)
        for name in model.shapes.keys where name.hasPrefix("blk.1.") { model.shapes[name] = nil }
        return model
    }

    private func tokens(_ count: Int, seed: Int) -> [Int32] {
        (0..<count).map { Int32(($0 * 7 + seed * 13 + $0 / 5) % 64) }
    }

    private func assertClose(_ a: [Float], _ b: [Float], tolerance: Float, _ message: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, message, file: file, line: line)
        let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThanOrEqual(worst, tolerance, "\(message): largest difference \(worst)", file: file, line: line)
    }

    // MARK: - Cancellation inside a chunk

    /// The tiny model has 2 blocks and a pass of 200 tokens has 2 chunks (128 + 72): `shouldContinue` is
    /// asked before each block, 4 times in all. Saying no at the 4th ask (before chunk 2's second block)
    /// stops there: nothing more is asked, chunk 1 stays, the partly written chunk 2 is dropped, and
    /// resuming gives exactly the logits of an uninterrupted pass.
    func testCancellationBetweenBlocksStopsInsideTheChunkAndResumesExactly() throws {
        let transformer = try load(TinyModelFile(architecture: "qwen2"))
        let sequence = tokens(200, seed: 1)
        let uninterrupted = try transformer.evaluate(sequence, cache: transformer.makeCache())

        for (stopAt, keptRows) in [(4, Transformer.cancellationChunk), (3, Transformer.cancellationChunk), (2, 0), (1, 0)] {
            let cache = transformer.makeCache()
            var asked = 0
            let result = try transformer.evaluate(sequence, cache: cache, shouldContinue: {
                asked += 1
                return asked < stopAt
            })
            XCTAssertNil(result, "stop at ask \(stopAt)")
            XCTAssertEqual(asked, stopAt, "nothing is asked (or computed) after the no")
            XCTAssertEqual(cache.count, keptRows, "only completed chunks stay (stop at ask \(stopAt))")
            XCTAssertEqual(cache.tokens, Array(sequence.prefix(keptRows)))
            let resumed = try XCTUnwrap(transformer.evaluate(sequence, cache: cache, shouldContinue: { true }))
            XCTAssertEqual(resumed, uninterrupted, "resumed after a stop at ask \(stopAt)")
            XCTAssertEqual(cache.count, sequence.count)
        }
    }

    // MARK: - Moved rows

    /// [head] [edited] [segment] [last]: the segment's rows move by the change in the edited part's length.
    private func prompts(headLength: Int = 20, oldEdited: Int, newEdited: Int, newSeed: Int = 5) -> (old: [Int32], new: [Int32], movable: Range<Int>) {
        let head = tokens(headLength, seed: 2)
        let segment = tokens(60, seed: 3)
        let last: [Int32] = [63]
        let old = head + tokens(oldEdited, seed: 4) + segment + last
        let new = head + tokens(newEdited, seed: newSeed) + segment + last
        let start = headLength + newEdited
        return (old, new, start..<(start + segment.count))
    }

    /// With one block, moving the rows (keys rotated by Δ positions) must give the exact logits, for
    /// both rotary layouts (Llama's interleaved pairs, Qwen2's halves), for a longer and a shorter edit.
    func testMovedRowsWithRotatedKeysAreExactForOneBlock() throws {
        for architecture in ["llama", "qwen2"] {
            let transformer = try load(oneLayer(architecture))
            for (oldEdited, newEdited) in [(5, 9), (9, 5), (7, 7), (0, 30)] {
                let p = prompts(oldEdited: oldEdited, newEdited: newEdited)
                let exact = try transformer.evaluate(p.new, cache: transformer.makeCache())
                let cache = transformer.makeCache()
                _ = try transformer.evaluate(p.old, cache: cache)
                let moved = try XCTUnwrap(transformer.evaluate(p.new, cache: cache, moving: p.movable, maximumStaleTokens: 1000,
                                                               shouldContinue: { true }))
                let label = "\(architecture), edit \(oldEdited) → \(newEdited) tokens"
                XCTAssertEqual(cache.tokens, p.new, label)
                XCTAssertEqual(cache.approximateFrom, p.movable.lowerBound, "\(label): the moved rows are marked")
                assertClose(moved, exact, tolerance: 1e-4, label)
            }
        }
    }

    /// The moved rows of a model with several blocks are approximate: the exact path never re-uses them,
    /// staleness adds up over moves, and past the limit the segment is computed exactly again.
    func testMovedRowsAreApproximateAndBoundedByStaleness() throws {
        let transformer = try load(TinyModelFile(architecture: "qwen2"))
        let p = prompts(oldEdited: 5, newEdited: 9)
        let exact = try transformer.evaluate(p.new, cache: transformer.makeCache())
        let cache = transformer.makeCache()
        _ = try transformer.evaluate(p.old, cache: cache)
        let moved = try XCTUnwrap(transformer.evaluate(p.new, cache: cache, moving: p.movable, maximumStaleTokens: 1000, shouldContinue: { true }))
        XCTAssertEqual(cache.approximateFrom, p.movable.lowerBound)
        XCTAssertEqual(cache.staleTokens, 9, "the rows missed the 9 tokens computed fresh before them")
        XCTAssertNotEqual(moved, exact, "two blocks: the second block's moved rows attended to the old tokens")

        // The exact path recomputes from the first approximate row and clears the mark.
        assertClose(try transformer.evaluate(p.new, cache: cache), exact, tolerance: 1e-5, "recomputed exactly")
        XCTAssertNil(cache.approximateFrom)
        XCTAssertEqual(cache.staleTokens, 0)

        // Two moves in a row add up; a third that would pass the limit is exact.
        _ = try transformer.evaluate(p.old, cache: cache)
        let limit = 16
        _ = try transformer.evaluate(p.new, cache: cache, moving: p.movable, maximumStaleTokens: limit, shouldContinue: { true })
        XCTAssertEqual(cache.staleTokens, 9)
        let back = prompts(oldEdited: 9, newEdited: 5, newSeed: 6)
        let exactBack = try transformer.evaluate(back.new, cache: transformer.makeCache())
        let again = try XCTUnwrap(transformer.evaluate(back.new, cache: cache, moving: back.movable, maximumStaleTokens: limit,
                                                       shouldContinue: { true }))
        XCTAssertNil(cache.approximateFrom, "9 + 9 stale tokens pass the limit of 16: computed exactly")
        assertClose(again, exactBack, tolerance: 1e-5, "past the limit")
        XCTAssertEqual(cache.tokens, back.new)
    }

    /// A keystroke superseded during a move keeps the moved rows: the short edit before them is computed
    /// anyway, the cancellation stops before the last token, and the next request finishes from there.
    func testACancelledMoveKeepsTheMovedRows() throws {
        let transformer = try load(TinyModelFile(architecture: "qwen2"))
        let p = prompts(oldEdited: 5, newEdited: 9)
        let reference = transformer.makeCache()
        _ = try transformer.evaluate(p.old, cache: reference)
        let uninterrupted = try XCTUnwrap(transformer.evaluate(p.new, cache: reference, moving: p.movable, maximumStaleTokens: 1000,
                                                               shouldContinue: { true }))
        let cache = transformer.makeCache()
        _ = try transformer.evaluate(p.old, cache: cache)
        XCTAssertNil(try transformer.evaluate(p.new, cache: cache, moving: p.movable, maximumStaleTokens: 1000, shouldContinue: { false }))
        XCTAssertEqual(cache.tokens, Array(p.new.dropLast()), "the edit and the moved rows stay; the last token is left")
        XCTAssertEqual(cache.approximateFrom, p.movable.lowerBound)
        let finished = try transformer.evaluate(p.new, cache: cache, moving: p.movable, maximumStaleTokens: 1000, shouldContinue: { true })
        XCTAssertEqual(finished, uninterrupted)
    }

    /// When the cache does not hold the segment before its last token, the result is the exact one.
    func testMissingSegmentFallsBackToTheExactPath() throws {
        let transformer = try load(TinyModelFile(architecture: "llama"))
        let p = prompts(oldEdited: 5, newEdited: 9)
        var other = p.old
        other[other.count - 10] = (other[other.count - 10] + 1) % 64     // the old segment differs
        let cache = transformer.makeCache()
        _ = try transformer.evaluate(other, cache: cache)
        let result = try transformer.evaluate(p.new, cache: cache, moving: p.movable, maximumStaleTokens: 1000, shouldContinue: { true })
        assertClose(try XCTUnwrap(result), try transformer.evaluate(p.new, cache: transformer.makeCache()), tolerance: 1e-5, "fallback")
        XCTAssertNil(cache.approximateFrom)
    }
}
