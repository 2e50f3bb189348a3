import Evaluation
import Foundation
import XCTest

/// The mid-line tasks (issue 17): holes that start and end inside a line, cut from the solutions'
/// lines, deterministic for a seed, each the original program when filled with its reference.
final class MidLineTasksTests: XCTestCase {
    /// Two single-line tasks of one problem: the program's solution lines are 2 and 3.
    private let program = [
        "def count_vowels(s):\n    \"\"\"Count vowels.\"\"\"\n",
        "    total = sum(1 for c in s.lower() if c in \"aeiou\")\n",
        "    if total > 0 and len(s) > 1:\n        return total\n    return 0\n",
    ]
    private var singleLine: [EvalTask] {
        [EvalTask(taskID: "SingleLineInfilling/HumanEval/7/L0", entryPoint: "count_vowels", prompt: program[0],
                  suffix: program[2], canonicalSolution: program[1], test: "def check(f):\n    assert f('ab') == 1\n", index: 0),
         EvalTask(taskID: "SingleLineInfilling/HumanEval/7/L1", entryPoint: "count_vowels", prompt: program[0] + program[1],
                  suffix: String(program[2].drop { $0 != "\n" }.dropFirst()), canonicalSolution: "    if total > 0 and len(s) > 1:\n",
                  test: "def check(f):\n    assert f('ab') == 1\n", index: 1)]
    }

    func testEveryTaskIsTheProgramCutInsideALine() {
        let tasks = MidLineTasks.derive(fromSingleLine: singleLine)
        XCTAssertEqual(tasks.count, MidLineTasks.tasksPerProblem)
        for task in tasks {
            XCTAssertEqual(task.prompt + task.canonicalSolution + task.suffix, program.joined(), task.taskID)
            XCTAssertTrue(task.taskID.hasPrefix("MidLine/HumanEval/7/"), task.taskID)
            let before = task.prompt.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
            let after = task.suffix.split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
            XCTAssertTrue(before.contains { !$0.isWhitespace }, "starts inside a line: \(task.taskID)")
            XCTAssertTrue(after.contains { !$0.isWhitespace }, "ends inside a line: \(task.taskID)")
            XCTAssertFalse(task.canonicalSolution.contains("\n"))
            XCTAssertFalse(PythonStrip.strip(task.canonicalSolution).isEmpty)
            XCTAssertEqual(task.entryPoint, "count_vowels")
        }
        XCTAssertEqual(Set(tasks.map { $0.taskID.split(separator: "/")[3] }).count, tasks.count, "different kinds of place")
        XCTAssertEqual(tasks.map(\.index), Array(tasks.indices))
    }

    func testTheSeedDecidesAndNothingElse() {
        let once = MidLineTasks.derive(fromSingleLine: singleLine)
        XCTAssertEqual(once, MidLineTasks.derive(fromSingleLine: singleLine))
        let seeds = (0..<16).map { MidLineTasks.derive(fromSingleLine: singleLine, seed: UInt64($0)).map(\.taskID) }
        XCTAssertGreaterThan(Set(seeds).count, 1, "another seed picks other spans")
    }

    func testTheKindsOfPlace() throws {
        let tasks = (0..<32).flatMap { MidLineTasks.derive(fromSingleLine: singleLine, seed: UInt64($0)) }
        let holes = Dictionary(grouping: tasks, by: { String($0.taskID.split(separator: "/")[3]) })
            .mapValues { Set($0.map(\.canonicalSolution)) }
        XCTAssertTrue(holes["header"]?.contains("total > 0 and len(s) > 1") ?? false, "\(holes)")
        XCTAssertTrue(holes["string"]?.contains("aeiou") ?? false, "\(holes)")
        XCTAssertTrue(holes["brackets"]?.contains("s") ?? false, "len(|)")
        XCTAssertTrue(holes["operand"]?.contains("1") ?? false, "len(s) > |:")
        let brackets = try XCTUnwrap(holes["brackets"])
        XCTAssertTrue(brackets.contains("1 for c in s.lower() if c in \"aeiou\""), "a comprehension: \(brackets)")
    }

    func testOnTheRealSingleLineTasks() throws {
        let dataset = try EvalDataset.load(contentsOf: ShippedDatasets.path("human-eval-infilling/HumanEval-SingleLineInfilling.jsonl.gz"))
        let tasks = MidLineTasks.derive(fromSingleLine: dataset.tasks)
        XCTAssertGreaterThan(tasks.count, 250, "about two per problem of 164")
        let programs = Dictionary(dataset.tasks.map { (MidLineTasks.problemKey($0.taskID), $0.prompt + $0.canonicalSolution + $0.suffix) },
                                  uniquingKeysWith: { first, _ in first })
        for task in tasks {
            let key = task.taskID.split(separator: "/")[1...2].joined(separator: "/")
            XCTAssertEqual(task.prompt + task.canonicalSolution + task.suffix, programs[key], task.taskID)
        }
        let round = try JSONDecoder().decode([String: String].self, from: Data(EvalDataset(name: "x", tasks: [tasks[0]]).jsonLines().dropLast()))
        XCTAssertEqual(round["prompt"], tasks[0].prompt)
        XCTAssertEqual(round["canonical_solution"], tasks[0].canonicalSolution)
    }
}
