import Foundation
import TestSupport
import XCTest

/// `infill eval --task …` and `--task-report` over the binary, without a model: the recorded candidates of
/// hand-written tasks ranked again (each column worked out by hand from the records), and a missing test tool.
final class TaskEvalEndToEndTests: XCTestCase {
    /// A recorded candidate's features, all whole-function checks passing unless said otherwise.
    private func features(mean: Double, closed: Bool = true, examples: Bool? = nil, held: Int? = nil, builds: Bool? = nil) -> [String: Any] {
        var f: [String: Any] = ["meanLogprob": mean, "codeMeanLogprob": mean, "bracketsBalanced": true, "blockClosed": closed,
                                "nameKept": true, "arityKept": true, "sourceMarkersLeft": 0, "lengthRatio": 1.0, "unusedLocals": 0]
        if let examples { f["examplesPassed"] = examples }
        if let held { f["examplesHeld"] = held }
        if let builds { f["builds"] = builds }
        return f
    }

    private func candidate(_ samples: [Int], passed: Bool, _ features: [String: Any], repaired: Bool = false, code: String = "…") -> [String: Any] {
        ["samples": samples, "result": passed ? "passed" : "failed", "features": features, "code": code, "score": 0, "repaired": repaired]
    }

    private func record(_ task: String, _ variant: String, passed: Bool, seconds: Double, exampleSeconds: Double = 0,
                        judged: [[String: Any]] = [], eval: String = "translate js→python") -> [String: Any] {
        ["task": task, "eval": eval, "model": "m", "variant": variant, "result": passed ? "passed" : "failed",
         "seconds": seconds, "exampleSeconds": exampleSeconds, "judged": judged, "candidates": judged.count, "code": "", "diagnostics": ""]
    }

    func testTheReportRanksTheRecordedCandidatesAgain() throws {
        let records: [[String: Any]] = [
            // A: greedy (sample 0) fails; the likelier sample passes; no examples.
            record("A", "ranked", passed: true, seconds: 10, exampleSeconds: 1, judged: [
                candidate([0], passed: false, features(mean: -0.2)), candidate([1, 2], passed: true, features(mean: -0.1))]),
            record("A", "anchor", passed: true, seconds: 5),
            // B: greedy passes; a likelier sample that did not close its block fails.
            record("B", "ranked", passed: true, seconds: 20, exampleSeconds: 2, judged: [
                candidate([1], passed: false, features(mean: -0.05, closed: false, examples: false)),
                candidate([0], passed: true, features(mean: -0.1, examples: true))]),
            record("B", "anchor", passed: false, seconds: 6),
            // C: the likeliest fails its examples and the tests; the one passing the examples passes the tests.
            record("C", "ranked", passed: true, seconds: 30, exampleSeconds: 3, judged: [
                candidate([0], passed: false, features(mean: -0.1, examples: false)), candidate([1], passed: true, features(mean: -0.3, examples: true))]),
            record("C", "anchor", passed: true, seconds: 7),
        ]
        let path = try write(records)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output) = try run(["eval", "--task-report", path])
        XCTAssertEqual(status, 0, output)
        // anchor A,C; greedy B; ranked A,B; examples first A,B,C; ceiling all; medians (9,18,27) and (5,6,7).
        XCTAssertTrue(output.contains("| translate js→python on m | 3 | 2/3 (67 %) | 1/3 (33 %) | 2/3 (67 %) | 3/3 (100 %) | 3/3 (100 %) | 18.0 / 6.0 |"),
                      output)
        XCTAssertTrue(output.contains("| all (default method) | 3 | 2/3 (67 %) | 1/3 (33 %) | 2/3 (67 %) | 3/3 (100 %) | 3/3 (100 %) | |"), output)

        // The same records given twice (overlapping runs) count once, and the repeat is said.
        let (twiceStatus, twice) = try run(["eval", "--task-report", path + "," + path])
        XCTAssertEqual(twiceStatus, 0, twice)
        XCTAssertTrue(twice.contains("| all (default method) | 3 | 2/3 (67 %) | 1/3 (33 %) | 2/3 (67 %) | 3/3 (100 %) | 3/3 (100 %) | |"), twice)
        XCTAssertTrue(twice.contains("6 records repeat a task already read"), twice)

        let (badStatus, badOutput) = try run(["eval", "--task-report", path + ".missing"])
        XCTAssertNotEqual(badStatus, 0)
        XCTAssertTrue(badOutput.contains("cannot read"), badOutput)
    }

    /// `--candidates N` ranks as a run drawing only samples 0..<N would have: a candidate only later samples gave
    /// is left out, one that an earlier sample also gave stays.
    func testFewerCandidatesLeaveOutWhatOnlyLaterSamplesGave() throws {
        let records: [[String: Any]] = [
            // A: only sample 3 wrote the passing code, the likeliest.
            record("A", "ranked", passed: true, seconds: 10, judged: [
                candidate([0, 1], passed: false, features(mean: -0.2)), candidate([3], passed: true, features(mean: -0.1)),
                candidate([2], passed: false, features(mean: -0.3))]),
            // B: samples 1 and 3 wrote the passing code: it stays with sample 1.
            record("B", "ranked", passed: true, seconds: 10, judged: [
                candidate([0], passed: false, features(mean: -0.2)), candidate([3, 1], passed: true, features(mean: -0.1))]),
        ]
        let path = try write(records)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (allStatus, all) = try run(["eval", "--task-report", path])
        XCTAssertEqual(allStatus, 0, all)
        XCTAssertTrue(all.contains("| translate js→python on m | 2 | — | 0/2 (0 %) | 2/2 (100 %) | — | 2/2 (100 %) | 10.0 / — |"), all)
        let (status, three) = try run(["eval", "--task-report", path, "--candidates", "3"])
        XCTAssertEqual(status, 0, three)
        XCTAssertTrue(three.contains("| translate js→python on m | 2 | — | 0/2 (0 %) | 1/2 (50 %) | — | 1/2 (50 %) | 10.0 / — |"), three)
        let (badStatus, bad) = try run(["eval", "--task-report", path, "--candidates", "0"])
        XCTAssertNotEqual(badStatus, 0)
        XCTAssertTrue(bad.contains("--candidates"), bad)
    }

    /// `--anchored-only`: our run in one file, the anchor's answers from an earlier run in another; a task
    /// counts only where both were read (A and B here: C has no anchor answer, D no ranked record).
    func testAnchoredOnlyCountsTheTasksBothAnswered() throws {
        let ours: [[String: Any]] = [
            record("A", "ranked", passed: true, seconds: 10, judged: [candidate([0], passed: true, features(mean: -0.1))]),
            record("B", "ranked", passed: false, seconds: 20, judged: [candidate([0], passed: false, features(mean: -0.1))]),
            record("C", "ranked", passed: true, seconds: 30, judged: [candidate([0], passed: true, features(mean: -0.1))]),
        ]
        let earlier: [[String: Any]] = [
            record("A", "anchor", passed: false, seconds: 5),
            record("B", "anchor", passed: true, seconds: 6),
            record("D", "anchor", passed: true, seconds: 7),
            // An earlier ranked record of A: read after ours, it is a repeat and does not count.
            record("A", "ranked", passed: false, seconds: 40, judged: [candidate([0], passed: false, features(mean: -0.1))]),
        ]
        let (oursPath, earlierPath) = (try write(ours), try write(earlier))
        defer { for path in [oursPath, earlierPath] { try? FileManager.default.removeItem(atPath: path) } }
        let (status, output) = try run(["eval", "--task-report", oursPath + "," + earlierPath, "--anchored-only"])
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.contains("| translate js→python on m | 2 | 1/2 (50 %) | 1/2 (50 %) | 1/2 (50 %) | — | 1/2 (50 %) | 20.0 / 6.0 |"), output)
        // Without it every record read counts: 3 tasks of ours, 3 anchor answers.
        let (_, all) = try run(["eval", "--task-report", oursPath + "," + earlierPath])
        XCTAssertTrue(all.contains("| translate js→python on m | 3 | 2/3 (67 %) | 2/3 (67 %) | 2/3 (67 %) | — | 2/3 (67 %) | 20.0 / 6.0 |"), all)
    }

    /// A repair round's candidates count only in the examples-first column, and there only when they hold
    /// more examples than every first-round candidate; greedy, ranked and ceiling are the first round's.
    func testRepairedCandidatesCountOnlyWhenTheyHoldMoreExamples() throws {
        let path = try write([
            // A: every first-round candidate fails its 2 examples and the tests; a repair holds both and passes.
            record("A", "ranked", passed: true, seconds: 30, judged: [
                candidate([0], passed: false, features(mean: -0.1, examples: false, held: 0)),
                candidate([1], passed: false, features(mean: -0.2, examples: false, held: 1)),
                candidate([2], passed: true, features(mean: -0.4, examples: true, held: 2), repaired: true)]),
            // B: the repair holds as many examples as the best first-round candidate (1) and scores higher: not chosen.
            record("B", "ranked", passed: false, seconds: 40, judged: [
                candidate([0], passed: false, features(mean: -0.3, examples: false, held: 1)),
                candidate([2], passed: true, features(mean: -0.1, examples: false, held: 1), repaired: true)]),
        ])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output) = try run(["eval", "--task-report", path])
        XCTAssertEqual(status, 0, output)
        // greedy none; ranked by score (first round) none; examples first A (the repair); ceiling (first round) none.
        XCTAssertTrue(output.contains("| translate js→python on m | 2 | — | 0/2 (0 %) | 0/2 (0 %) | 1/2 (50 %) | 0/2 (0 %) | 40.0 / — |"), output)
        XCTAssertTrue(output.contains("repaired candidates chosen first (examples first) in 1 tasks, passed in 1"), output)
    }

    /// The default ranks what builds first, and counts a repair's candidates where no first-round candidate
    /// built (the repair the default makes without running code); greedy stays the first round's.
    func testTheDefaultCountsTheRepairAfterNothingBuilt() throws {
        let eval = "translate python→cpp"
        let path = try write([
            // A: the likelier candidate does not build; the one that builds passes.
            record("A", "ranked", passed: true, seconds: 10, judged: [
                candidate([0], passed: false, features(mean: -0.1, builds: false)),
                candidate([1], passed: true, features(mean: -0.6, builds: true))], eval: eval),
            // B: nothing built; the repair's candidate builds and passes.
            record("B", "ranked", passed: true, seconds: 30, judged: [
                candidate([0], passed: false, features(mean: -0.1, builds: false)),
                candidate([1], passed: false, features(mean: -0.2, builds: false)),
                candidate([2], passed: true, features(mean: -0.5, builds: true), repaired: true)], eval: eval),
            // C: a first-round candidate built: a repair (after failed examples) does not count for the default.
            record("C", "ranked", passed: false, seconds: 20, judged: [
                candidate([0], passed: false, features(mean: -0.1, builds: true)),
                candidate([2], passed: true, features(mean: -0.05, builds: true), repaired: true)], eval: eval),
        ])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output) = try run(["eval", "--task-report", path])
        XCTAssertEqual(status, 0, output)
        // greedy none; ranked A and B; ceiling A and B (C's repair is not the default's).
        XCTAssertTrue(output.contains("| translate python→cpp on m | 3 | — | 0/3 (0 %) | 2/3 (67 %) | — | 2/3 (67 %) | 20.0 / — |"), output)
        XCTAssertTrue(output.contains("the default chose a candidate of the repair after no candidate built in 1 tasks, passed in 1"), output)
        XCTAssertFalse(output.contains("(examples first)"), "no examples ran: no examples-first repair to count\n\(output)")
    }

    /// Writing's two methods get a row each, with the same anchor; the total counts the default method only.
    func testEachWriteMethodHasItsRow() throws {
        let eval = "write go"
        let path = try write([
            record("A", "ranked/fim", passed: false, seconds: 4, judged: [candidate([0], passed: false, features(mean: -0.1))], eval: eval),
            record("A", "ranked/instruction", passed: true, seconds: 8, judged: [candidate([0], passed: true, features(mean: -0.1))], eval: eval),
            record("A", "anchor", passed: true, seconds: 9, eval: eval),
        ])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output) = try run(["eval", "--task-report", path])
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.contains("| write go (fim) on m | 1 | 1/1 (100 %) | 0/1 (0 %) | 0/1 (0 %) | — | 0/1 (0 %) | 4.0 / 9.0 |"), output)
        XCTAssertTrue(output.contains("| write go (instruction) on m | 1 | 1/1 (100 %) | 1/1 (100 %) | 1/1 (100 %) | — | 1/1 (100 %) | 8.0 / 9.0 |"), output)
        XCTAssertTrue(output.contains("| all (default method) | 1 | 1/1 (100 %) | 0/1 (0 %) | 0/1 (0 %) |"), output)
    }

    /// Beam search's records (a translation into Python's default) are a row of their own, without a greedy
    /// column (their first candidate is the best beam, not the greedy path); the total counts them only for an
    /// eval with no ranked row, so a task is counted once.
    func testBeamRecordsHaveTheirOwnRowWithoutAGreedyColumn() throws {
        let eval = "translate cpp→python"
        let beam = [
            record("A", "beam", passed: true, seconds: 6, judged: [
                candidate([0], passed: false, features(mean: -0.2)), candidate([1, 2], passed: true, features(mean: -0.1))], eval: eval),
            record("A", "anchor", passed: false, seconds: 9, eval: eval),
        ]
        let ranked = record("A", "ranked", passed: false, seconds: 4, judged: [
            candidate([0], passed: true, features(mean: -0.3)), candidate([1], passed: false, features(mean: -0.1))], eval: eval)
        let beamOnly = try write(beam)
        let both = try write(beam + [ranked])
        defer { for path in [beamOnly, both] { try? FileManager.default.removeItem(atPath: path) } }
        let (status, output) = try run(["eval", "--task-report", beamOnly])
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.contains("| translate cpp→python (beam) on m | 1 | 0/1 (0 %) | — | 1/1 (100 %) | — | 1/1 (100 %) | 6.0 / 9.0 |"), output)
        XCTAssertTrue(output.contains("| all (default method) | 1 | 0/1 (0 %) | — | 1/1 (100 %) |"), output)
        let (bothStatus, withRanked) = try run(["eval", "--task-report", both, "--anchored-only"])
        XCTAssertEqual(bothStatus, 0, withRanked)
        XCTAssertTrue(withRanked.contains("| translate cpp→python on m | 1 | 0/1 (0 %) | 1/1 (100 %) | 0/1 (0 %) | — | 1/1 (100 %) | 4.0 / 9.0 |"), withRanked)
        XCTAssertTrue(withRanked.contains("| translate cpp→python (beam) on m | 1 |"), withRanked)
        XCTAssertTrue(withRanked.contains("| all (default method) | 1 | 0/1 (0 %) | 1/1 (100 %) | 0/1 (0 %) |"), withRanked)
    }

    /// A beam record made before the control-flow comparison gets it from the HumanEval-X source the eval gave:
    /// C++ `do_algebra` (task 160) makes three passes over the operators; the beam that merged them into one loop
    /// is likelier by 0.003 and fails, the one that kept them passes. Under a task name HumanEval-X does not have,
    /// the same record is ranked as recorded (the merged one first).
    func testTheReportComparesARecordedBeamsControlFlowWithItsSource() throws {
        let eval = "translate cpp→python"
        let (merged, kept) = (DoAlgebraTranslations.merged, DoAlgebraTranslations.kept)
        let judged = [candidate([0], passed: false, features(mean: -0.013), code: merged), candidate([3], passed: true, features(mean: -0.016), code: kept)]
        let path = try write([record("Python/160", "beam", passed: false, seconds: 6, judged: judged, eval: eval),
                              record("Elsewhere/1", "beam", passed: false, seconds: 6, judged: judged, eval: eval)])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output) = try run(["eval", "--task-report", path])
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.contains("| translate cpp→python (beam) on m | 2 | — | — | 1/2 (50 %) | — | 2/2 (100 %) | 6.0 / — |"), output)
    }

    /// Recorded reviews count only where the best two are within the review margin, as in the engine: X leads Y
    /// by 0.03 on the coder's score; the reviewer prefers Y (which passes), Z leads W by 0.2 and the reviewer
    /// prefers W (which fails). In C, P and P′ differ only in a comment: as in the engine, they are one code of
    /// the three read (`reviewedCandidates`), so R, fourth by score, is read too and the reviewer's choice.
    func testTheReviewCountsOnlyWithinTheMargin() throws {
        func reviewed(_ mean: Double, _ review: Double) -> [String: Any] {
            var f = features(mean: mean)
            f["reviewLogprob"] = review
            return f
        }
        let path = try write([
            record("A", "ranked", passed: true, seconds: 10, judged: [
                candidate([0], passed: false, reviewed(-0.10, -2.0), code: "return x"),
                candidate([1], passed: true, reviewed(-0.13, -1.0), code: "return y")], eval: "write go"),
            record("B", "ranked", passed: true, seconds: 10, judged: [
                candidate([0], passed: true, reviewed(-0.10, -2.0), code: "return z"),
                candidate([1], passed: false, reviewed(-0.30, -1.0), code: "return w")], eval: "write go"),
            record("C", "ranked", passed: true, seconds: 10, judged: [
                candidate([0], passed: false, reviewed(-0.10, -2.0), code: "return p"),
                candidate([1], passed: false, reviewed(-0.11, -2.0), code: "// the same\nreturn p"),
                candidate([2], passed: false, reviewed(-0.12, -2.0), code: "return q"),
                candidate([3], passed: true, reviewed(-0.13, -1.0), code: "return r")], eval: "write go"),
        ])
        defer { try? FileManager.default.removeItem(atPath: path) }
        func ranked(_ margin: String) throws -> String {
            let (status, output) = try run(["eval", "--task-report", path, "--review-margin", margin])
            XCTAssertEqual(status, 0, output)
            return output
        }
        // ranked column: always reading picks Y, W and R (2 of 3); 0.05 reads A and C (Y, Z, R: 3 of 3); 0.005 reads
        // none (X, Z, P: 1 of 3). Greedy: Z only.
        XCTAssertTrue(try ranked("1000").contains("| write go on m | 3 | — | 1/3 (33 %) | 2/3 (67 %) |"))
        XCTAssertTrue(try ranked("0.05").contains("| write go on m | 3 | — | 1/3 (33 %) | 3/3 (100 %) |"))
        XCTAssertTrue(try ranked("0.005").contains("| write go on m | 3 | — | 1/3 (33 %) | 1/3 (33 %) |"))
        let (badStatus, bad) = try run(["eval", "--task-report", path, "--review-margin", "-1"])
        XCTAssertNotEqual(badStatus, 0)
        XCTAssertTrue(bad.contains("--review-margin"), bad)
    }

    /// Writes `records` as JSON Lines to a new temporary file and returns its path.
    private func write(_ records: [[String: Any]]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("infill-report-\(UUID().uuidString).jsonl").path
        let lines = try records.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Without `go` on PATH the Go eval stops before any task, naming the tool and its package (it once ran
    /// every task and reported them all failed, "go: not found").
    func testAMissingTestToolStopsTheEvalBeforeAnyTask() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("infill-empty-path-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let (status, output) = try run(["eval", "--task", "write", "--language", "go", "--limit", "1", "--model", empty + "/no-model.gguf"],
                                       path: empty)
        XCTAssertNotEqual(status, 0)
        XCTAssertTrue(output.contains("the go tests need 'go', which is not on PATH (Debian: apt-get install golang-go)"), output)
        XCTAssertFalse(output.contains("no-model.gguf"), "stopped before loading the model: \(output)")
    }

    /// Runs the binary: its exit status, and standard output followed by standard error.
    private func run(_ arguments: [String], path: String? = nil) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: LSPClient.binaryPath)
        process.arguments = arguments
        if let path { process.environment = ProcessInfo.processInfo.environment.merging(["PATH": path]) { $1 } }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
