import Evaluation
import XCTest

/// The typing replay's pure parts: which lines it removes, how it types them, which suggestions it takes,
/// and what it reports.
final class ReplayTests: XCTestCase {
    private let tenLines = (1...10).map { "line \($0)" }.joined(separator: "\n") + "\n"

    func testTheMiddleThirdOfTheLinesIsRemovedAndTypingItBackGivesTheFile() throws {
        let script = try XCTUnwrap(ReplayScript.make(text: tenLines))
        // 10 lines: rounded thirds are lines 3..<7 (0-based), i.e. "line 4" to "line 7".
        XCTAssertEqual(script.before, "line 1\nline 2\nline 3\n")
        XCTAssertEqual(script.stretch, "line 4\nline 5\nline 6\nline 7")
        XCTAssertEqual(script.after, "line 8\nline 9\nline 10\n")
        XCTAssertEqual(script.openingText, "line 1\nline 2\nline 3\n\nline 8\nline 9\nline 10\n")
        XCTAssertEqual(script.finalText, tenLines)
    }

    func testAStretchReachingTheEndKeepsTheFileIntact() throws {
        let script = try XCTUnwrap(ReplayScript.make(text: tenLines, start: 0.5, end: 1))
        XCTAssertEqual(script.after, "")
        XCTAssertEqual(script.finalText, tenLines)
        // Without a final line break the last line cannot be typed back exactly.
        XCTAssertNil(ReplayScript.make(text: "a\nb\nc", start: 0.5, end: 1))
        let noBreak = try XCTUnwrap(ReplayScript.make(text: "a\nb\nc\nd", start: 0.25, end: 0.5))
        XCTAssertEqual(noBreak.finalText, "a\nb\nc\nd")
    }

    func testBlankOrEmptyStretchesAreRefused() {
        XCTAssertNil(ReplayScript.make(text: "a\n\n\n\nb\n", start: 0.2, end: 0.8))
        XCTAssertNil(ReplayScript.make(text: tenLines, start: 0.5, end: 0.5))
        XCTAssertNil(ReplayScript.make(text: tenLines, start: 0.7, end: 0.3))
    }

    func testALineBreakAndTheNextIndentationAreOneKeystroke() throws {
        let script = ReplayScript(before: "", stretch: "  if x:\n      y = 1", after: "")
        var keys: [String] = []
        var typed = 0
        while let key = script.keystroke(after: typed) {
            keys.append(key)
            typed += key.count
        }
        XCTAssertEqual(keys, ["  ", "i", "f", " ", "x", ":", "\n      ", "y", " ", "=", " ", "1"])
        XCTAssertEqual(keys.joined(), script.stretch)
        XCTAssertEqual(script.upcoming(after: 7), "\n      y = 1")
    }

    /// The pause model: after a word ends and at a new line, nowhere else.
    func testTheTypistPausesAfterAWordEndsAndAtANewLine() throws {
        let script = ReplayScript(before: "", stretch: "  if x:\n      y = f(a_1)", after: "")
        var pausedAfter: [String] = []
        var typed = 0
        var previous: Character?
        while let key = script.keystroke(after: typed) {
            if ReplayScript.pausesAfter(key, previous: previous) { pausedAfter.append(key) }
            previous = key.last
            typed += key.count
        }
        // "if" ends at " ", "x" at ":", "y" at " ", "f" at "(", "a_1" at ")"; the line break pauses too.
        XCTAssertEqual(pausedAfter, [" ", ":", "\n      ", " ", "(", ")"])
        // A suggestion taken is judged by its own end.
        XCTAssertTrue(ReplayScript.pausesAfter("turn x;", previous: "e"))
        XCTAssertFalse(ReplayScript.pausesAfter("turn x", previous: "e"))
        XCTAssertFalse(ReplayScript.pausesAfter(" ", previous: " "))
        XCTAssertFalse(ReplayScript.pausesAfter("", previous: "a"))
    }

    func testASuggestionIsTakenWhenItsFirstLineIsWhatComesNext() {
        let upcoming: Substring = "return a + b\n    print(a)\n"
        XCTAssertEqual(ReplayAcceptance.accepted(suggestion: "return a + b", upcoming: upcoming), "return a + b")
        // Several lines: as many whole lines as match.
        XCTAssertEqual(ReplayAcceptance.accepted(suggestion: "return a + b\n    print(b)", upcoming: upcoming), "return a + b")
        XCTAssertEqual(ReplayAcceptance.accepted(suggestion: "return a + b\n    print(a)\n", upcoming: upcoming), "return a + b\n    print(a)\n")
        // The start of the line is not enough when the suggestion's line goes on differently.
        XCTAssertNil(ReplayAcceptance.accepted(suggestion: "return a - b", upcoming: upcoming))
        XCTAssertNil(ReplayAcceptance.accepted(suggestion: "return a + b + c", upcoming: upcoming))
        // A suggestion shorter than the line is taken: its text is what comes next.
        XCTAssertEqual(ReplayAcceptance.accepted(suggestion: "return a", upcoming: upcoming), "return a")
        // Nothing worth a keystroke.
        XCTAssertNil(ReplayAcceptance.accepted(suggestion: "", upcoming: upcoming))
        XCTAssertNil(ReplayAcceptance.accepted(suggestion: "  ", upcoming: "  x"))
        // A suggestion that starts a new line is taken when all of it is what comes next.
        XCTAssertEqual(ReplayAcceptance.accepted(suggestion: "\n    return x", upcoming: "\n    return x\n"), "\n    return x")
        XCTAssertNil(ReplayAcceptance.accepted(suggestion: "\n    return y\n    z", upcoming: "\n    return x\n"))
    }

    func testTheReportPoolsLatenciesAndCountsSharesOfKeystrokes() {
        var a = ReplayTally()
        a.stretchCharacters = 100
        a.keystrokes = 40
        a.keystrokesAnsweredInTime = 10
        a.acceptances = 4
        a.charactersAccepted = 50
        a.requests = 40
        a.answerSeconds = [0.1, 0.2, 0.005]
        a.cancelled = 36
        a.answeredTooLate = 1
        var b = ReplayTally()
        b.stretchCharacters = 100
        b.keystrokes = 60
        b.keystrokesAnsweredInTime = 15
        b.requests = 60
        b.answerSeconds = [0.3, 0.4]
        b.cancelled = 55
        a.add(b)
        let report = ReplayReport(target: "infill", file: "all", tally: a)
        XCTAssertEqual(report.answered, 5)
        XCTAssertEqual(report.cancelled, 91)
        XCTAssertEqual(report.latencyMilliseconds.p50 ?? 0, 200, accuracy: 1e-9)
        // Linear interpolation: rank 0.95 × 4 = 3.8 between 300 and 400 ms.
        XCTAssertEqual(report.latencyMilliseconds.p95 ?? 0, 380, accuracy: 1e-9)
        XCTAssertEqual(report.latencyMilliseconds.instant, 1)
        XCTAssertEqual(report.answeredBeforeNextKeystrokePercent, 25, accuracy: 1e-9)
        XCTAssertEqual(report.acceptRatePercent, 4, accuracy: 1e-9)
        XCTAssertEqual(report.charactersSavedPercent, 25, accuracy: 1e-9)
        XCTAssertNil(ReplayReport(target: "x", file: "y", tally: ReplayTally()).latencyMilliseconds.p50)
    }
}
