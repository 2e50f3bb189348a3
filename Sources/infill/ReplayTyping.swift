import Evaluation
import Foundation

/// What a replay types into: the daemon over LSP, or llama.cpp's server over HTTP. It is told of every
/// change to the one open document and asks for completions as its editor would, reporting each answer
/// as a `ReplayEvent` through `report`.
protocol ReplayTarget: AnyObject {
    /// Name in reports: "infill" or "llama-server".
    var name: String { get }
    /// Where answers go (called on any thread).
    var report: (@Sendable (ReplayEvent) -> Void)? { get set }
    /// Opens the document with the cursor at UTF-8 `cursor`, and waits for one completion there (to warm
    /// up the caches; neither counted nor reported).
    func open(text: String, cursor: Int, path: String, languageID: String) throws
    /// The document is now `text` with the cursor at UTF-8 `cursor`, after `inserted` was typed (or a
    /// suggestion taken) at UTF-8 `offset`; `state` numbers the change (1, 2, …).
    func changed(inserted: String, at offset: Int, text: String, cursor: Int, state: Int)
    /// Requests sent since `open` returned.
    var requestCount: Int { get }
    /// Closes the document and lets go of the server.
    func close()
}

/// One answer to a completion request of a replay.
struct ReplayEvent: Sendable {
    enum Outcome: Sendable, Equatable {
        /// The text the editor shows (may be empty: no suggestion).
        case suggestion(String)
        /// The request was cancelled or superseded before it was answered.
        case cancelled
    }
    /// The document change the request was made for.
    var state: Int
    /// Monotonic seconds when the request was sent and when its answer arrived.
    var sentAt: Double
    var arrivedAt: Double
    var outcome: Outcome
}

/// Seconds on a monotonic clock.
func monotonicSeconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// Events from the target's threads, handed to the typing loop.
final class ReplayEventQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var events: [ReplayEvent] = []

    func push(_ event: ReplayEvent) {
        condition.withLock {
            events.append(event)
            condition.signal()
        }
    }

    /// The events so far; waits until `deadline` (monotonic seconds) when there are none.
    func take(waitingUntil deadline: Double) -> [ReplayEvent] {
        condition.withLock {
            while events.isEmpty {
                let left = deadline - monotonicSeconds()
                if left <= 0 { break }
                _ = condition.wait(until: Date().addingTimeInterval(left))
            }
            defer { events.removeAll() }
            return events
        }
    }
}

/// The simulated programmer: types a `ReplayScript` at a steady pace, never waiting for the target, and
/// takes a suggestion when the one on screen begins with what comes next (`ReplayAcceptance`; taking it
/// is one keystroke).
struct ReplayTyping {
    /// Keystrokes per second.
    var charactersPerSecond: Double = 8
    /// Extra pause before the first keystroke of each new line (reading, thinking), seconds.
    var linePause: Double = 0
    /// Extra pause after a word ends and before a new line (`ReplayScript.pausesAfter`), seconds; a new
    /// line waits the longer of the two pauses.
    var wordPause: Double = 0
    /// How long to wait for the last answers after the last keystroke, seconds.
    var drainSeconds: Double = 15

    func run(_ script: ReplayScript, into target: ReplayTarget, path: String, languageID: String) throws -> ReplayTally {
        let queue = ReplayEventQueue()
        target.report = { queue.push($0) }
        var text = script.openingText
        var cursor = script.before.utf8.count
        try target.open(text: text, cursor: cursor, path: path, languageID: languageID)

        var tally = ReplayTally()
        tally.stretchCharacters = script.stretch.count
        var typed = 0
        var state = 0
        var shown: String?
        var answeredInTime = Set<Int>()
        var answers = 0
        let start = monotonicSeconds()
        var nextKeystroke = start
        let interval = 1 / charactersPerSecond

        func handle(_ events: [ReplayEvent]) {
            for event in events {
                guard case .suggestion(let suggestion) = event.outcome else {
                    tally.cancelled += 1
                    continue
                }
                answers += 1
                tally.answerSeconds.append(event.arrivedAt - event.sentAt)
                if event.state == state {
                    answeredInTime.insert(state)
                    shown = suggestion.isEmpty ? nil : suggestion
                } else {
                    tally.answeredTooLate += 1
                }
            }
        }

        while typed < script.stretch.count {
            handle(queue.take(waitingUntil: nextKeystroke))
            if monotonicSeconds() < nextKeystroke { continue }
            let inserted: String
            if let suggestion = shown, let taken = ReplayAcceptance.accepted(suggestion: suggestion, upcoming: script.upcoming(after: typed)) {
                inserted = taken
                tally.acceptances += 1
                tally.charactersAccepted += taken.count
            } else if let key = script.keystroke(after: typed) {
                inserted = key
            } else {
                break
            }
            let offset = cursor
            let previous = typed > 0 ? script.stretch[script.stretch.index(script.stretch.startIndex, offsetBy: typed - 1)] : script.before.last
            text = ReplayTyping.insert(inserted, into: text, at: offset)
            cursor += inserted.utf8.count
            typed += inserted.count
            state += 1
            tally.keystrokes += 1
            shown = nil
            target.changed(inserted: inserted, at: offset, text: text, cursor: cursor, state: state)
            nextKeystroke = max(nextKeystroke + interval, monotonicSeconds() - interval)
            if inserted.contains("\n") {
                nextKeystroke += max(linePause, wordPause)
            } else if ReplayScript.pausesAfter(inserted, previous: previous) {
                nextKeystroke += wordPause
            }
        }
        tally.wallSeconds = monotonicSeconds() - start
        // The last answers still count for latency.
        let drainEnd = monotonicSeconds() + drainSeconds
        while answers + tally.cancelled < target.requestCount && monotonicSeconds() < drainEnd {
            handle(queue.take(waitingUntil: min(drainEnd, monotonicSeconds() + 0.25)))
        }
        tally.requests = target.requestCount
        tally.unanswered = max(0, tally.requests - answers - tally.cancelled)
        tally.keystrokesAnsweredInTime = answeredInTime.count
        target.close()
        if text != script.finalText {
            log("replay: warning: the typed document differs from the original file (\(path))")
        }
        return tally
    }

    /// `text` with `inserted` at UTF-8 `offset`.
    static func insert(_ inserted: String, into text: String, at offset: Int) -> String {
        let bytes = Array(text.utf8)
        let split = min(max(0, offset), bytes.count)
        return String(decoding: bytes[..<split] + Array(inserted.utf8) + bytes[split...], as: UTF8.self)
    }

    /// The line (0-based) and UTF-16 column of UTF-8 `offset` in `text`, as LSP positions count them.
    static func position(of offset: Int, in text: String) -> (line: Int, character: Int) {
        let bytes = Array(text.utf8)
        let split = min(max(0, offset), bytes.count)
        let lineStart = bytes[..<split].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        let line = bytes[..<split].filter { $0 == UInt8(ascii: "\n") }.count
        let column = String(decoding: bytes[lineStart..<split], as: UTF8.self).utf16.count
        return (line, column)
    }
}
