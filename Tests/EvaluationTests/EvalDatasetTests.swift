import Evaluation
import Foundation
import XCTest

final class EvalDatasetTests: XCTestCase {
    func testHumanEvalInfillingFilesLoadWithAllTasks() throws {
        // Counts from the dataset README (and `zcat ... | wc -l`).
        let single = try EvalDataset.load(contentsOf: ShippedDatasets.path(
            "human-eval-infilling/" + EvalDataset.HumanEvalInfilling.singleLine.fileName))
        XCTAssertEqual(single.name, "SingleLineInfilling")
        XCTAssertEqual(single.tasks.count, 1033)
        let first = try XCTUnwrap(single.tasks.first)
        XCTAssertEqual(first.taskID, "SingleLineInfilling/HumanEval/0/L0")
        XCTAssertEqual(first.entryPoint, "has_close_elements")
        XCTAssertEqual(first.canonicalSolution, "    for idx, elem in enumerate(numbers):\n")
        XCTAssertTrue(first.prompt.hasPrefix("from typing import List\n"))
        XCTAssertEqual(single.tasks.map(\.index), Array(0..<1033))

        let directory = URL(fileURLWithPath: try ShippedDatasets.path("human-eval-infilling")).path
        let multi = try EvalDataset.load(.multiLine, fromDirectory: directory)
        XCTAssertEqual(multi.name, "MultiLineInfilling")
        XCTAssertEqual(multi.tasks.count, 5815)
    }

    func testPlainJSONLinesAndBadLinesAreReported() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eval-ds-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = #"{"task_id": "T/0", "entry_point": "f", "prompt": "p", "suffix": "s", "canonical_solution": "c", "test": "t"}"#
        let path = directory.appendingPathComponent("Tiny.jsonl").path
        try Data((good + "\n\n" + good.replacingOccurrences(of: "T/0", with: "T/1") + "\n").utf8)
            .write(to: URL(fileURLWithPath: path))
        let dataset = try EvalDataset.load(contentsOf: path)
        XCTAssertEqual(dataset.name, "Tiny")
        XCTAssertEqual(dataset.tasks.map(\.taskID), ["T/0", "T/1"])
        XCTAssertEqual(dataset.tasks.map(\.index), [0, 1])

        let bad = directory.appendingPathComponent("Bad.jsonl").path
        try Data((good + "\n" + #"{"task_id": "x"}"# + "\n").utf8).write(to: URL(fileURLWithPath: bad))
        XCTAssertThrowsError(try EvalDataset.load(contentsOf: bad)) { error in
            guard case .invalidTask(_, 2, let reason)? = error as? EvaluationError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("entry_point"), reason)
        }
        XCTAssertThrowsError(try EvalDataset.load(contentsOf: directory.appendingPathComponent("none").path)) {
            guard case .cannotReadDataset? = $0 as? EvaluationError else { return XCTFail("\($0)") }
        }
    }

    func testSubsetTakesEveryNthTaskByFileIndexThenTheLimit() throws {
        let tasks = (0..<10).map { task(index: $0) }
        XCTAssertEqual(try EvalSubset(every: 3).apply(to: tasks).map(\.index), [0, 3, 6, 9])
        XCTAssertEqual(try EvalSubset(every: 3, limit: 2).apply(to: tasks).map(\.index), [0, 3])
        XCTAssertEqual(try EvalSubset().apply(to: tasks).count, 10)
        XCTAssertEqual(try EvalSubset(every: 1, limit: 0).apply(to: tasks).count, 0)
        XCTAssertEqual(try EvalSubset(every: 20).apply(to: tasks).map(\.index), [0])
        // The file index counts, not the position in an already filtered list.
        XCTAssertEqual(try EvalSubset(every: 2).apply(to: Array(tasks[3...])).map(\.index), [4, 6, 8])
        // skip leaves out the first selected tasks, then the limit counts.
        XCTAssertEqual(try EvalSubset(every: 3, skip: 1).apply(to: tasks).map(\.index), [3, 6, 9])
        XCTAssertEqual(try EvalSubset(every: 3, skip: 1, limit: 2).apply(to: tasks).map(\.index), [3, 6])
        XCTAssertEqual(try EvalSubset(every: 3, skip: 4).apply(to: tasks).count, 0)
        XCTAssertThrowsError(try EvalSubset(every: 2, skip: -1))
        XCTAssertThrowsError(try EvalSubset(every: 0))
        XCTAssertThrowsError(try EvalSubset(every: 2, limit: -1))
    }

    func testExactMatchFollowsPythonStrip() {
        let t = task(index: 0, canonical: "    return x + 1\n")
        XCTAssertTrue(t.isExactMatch("return x + 1"))
        XCTAssertTrue(t.isExactMatch("\t return x + 1 \r\n\n"))
        XCTAssertTrue(t.isExactMatch("\u{1C}\u{3000}return x + 1\u{85}\u{A0}"))
        XCTAssertFalse(t.isExactMatch("return x+1"), "inner whitespace counts")
        XCTAssertFalse(t.isExactMatch("\u{200B}return x + 1"), "ZERO WIDTH SPACE is not whitespace in Python")
        XCTAssertFalse(t.isExactMatch("return x + 1;"))
        XCTAssertTrue(task(index: 0, canonical: " \n").isExactMatch(""))
        XCTAssertEqual(PythonStrip.strip("  a b \n"), "a b")
        XCTAssertEqual(PythonStrip.strip("\r\n"), "")
    }

    func testPythonWhitespaceSetIsExactlyPythons() {
        // Made with: python3 -c "print([hex(c) for c in range(0x110000) if chr(c).isspace()])" (Python 3.11.7)
        let python: Set<UInt32> = [0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680,
                                   0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009,
                                   0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]
        var swift: Set<UInt32> = []
        for value in UInt32(0)..<0x11_0000 {
            if let scalar = Unicode.Scalar(value), PythonStrip.isSpace(scalar) { swift.insert(value) }
        }
        XCTAssertEqual(swift, python)
    }

    private func task(index: Int, canonical: String = "c") -> EvalTask {
        EvalTask(taskID: "T/\(index)", entryPoint: "f", prompt: "", suffix: "", canonicalSolution: canonical,
                 test: "", index: index)
    }
}
