import Foundation
import ModelStore

/// A list of tasks read from a HumanEval-Infilling JSON Lines file (gzip-compressed or plain).
public struct EvalDataset: Sendable {
    /// A short name for reports, e.g. `SingleLineInfilling` for `HumanEval-SingleLineInfilling.jsonl.gz`.
    public let name: String
    /// The tasks in file order; `tasks[i].index == i`.
    public let tasks: [EvalTask]

    /// Creates a dataset from tasks already in memory.
    public init(name: String, tasks: [EvalTask]) {
        self.name = name
        self.tasks = tasks
    }

    /// Reads a `.jsonl` or `.jsonl.gz` file with one task object per line (fields `task_id`, `entry_point`,
    /// `prompt`, `suffix`, `canonical_solution`, `test`). Empty lines are skipped.
    /// - Throws: `EvaluationError` naming the file and line of the first problem.
    public static func load(contentsOf path: String) throws -> EvalDataset {
        let raw: Data
        do {
            raw = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw EvaluationError.cannotReadDataset(path: path, reason: error.localizedDescription)
        }
        var bytes = [UInt8](raw)
        if bytes.starts(with: [0x1F, 0x8B]) {
            do {
                bytes = try Gzip.decompress(bytes)
            } catch {
                throw EvaluationError.cannotDecompress(path: path, reason: String(describing: error))
            }
        }
        return EvalDataset(name: datasetName(forPath: path), tasks: try parseLines(bytes, path: path))
    }

    /// Loads one of the HumanEval-Infilling files from `directory` (e.g. `EvalDatasetLocation.humanEvalInfilling()`).
    /// - Throws: `EvaluationError` as `load(contentsOf:)`.
    public static func load(_ kind: HumanEvalInfilling, fromDirectory directory: String) throws -> EvalDataset {
        try load(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(kind.fileName).path)
    }

    /// The tasks of the two HumanEval-Infilling files shipped in `Sources/Evaluation/Datasets/human-eval-infilling/`.
    public enum HumanEvalInfilling: String, Sendable, CaseIterable {
        /// 1033 tasks whose hole is one line.
        case singleLine = "SingleLineInfilling"
        /// 5815 tasks whose hole is several lines.
        case multiLine = "MultiLineInfilling"

        /// The file name, e.g. `HumanEval-SingleLineInfilling.jsonl.gz`.
        public var fileName: String { "HumanEval-\(rawValue).jsonl.gz" }
    }

    /// `HumanEval-SingleLineInfilling.jsonl.gz` → `SingleLineInfilling`.
    static func datasetName(forPath path: String) -> String {
        var name = URL(fileURLWithPath: path).lastPathComponent
        for ending in [".gz", ".jsonl", ".json"] where name.hasSuffix(ending) { name.removeLast(ending.count) }
        if name.hasPrefix("HumanEval-") { name.removeFirst("HumanEval-".count) }
        return name
    }

    private struct Line: Decodable {
        let task_id: String
        let entry_point: String
        let prompt: String
        let suffix: String
        let canonical_solution: String
        let test: String
    }

    static func parseLines(_ bytes: [UInt8], path: String) throws -> [EvalTask] {
        let decoder = JSONDecoder()
        var tasks: [EvalTask] = []
        for (lineIndex, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .enumerated() {
            guard line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") }) else { continue }
            let decoded: Line
            do {
                decoded = try decoder.decode(Line.self, from: Data(line))
            } catch {
                throw EvaluationError.invalidTask(path: path, line: lineIndex + 1, reason: describe(error))
            }
            tasks.append(EvalTask(taskID: decoded.task_id, entryPoint: decoded.entry_point, prompt: decoded.prompt,
                                  suffix: decoded.suffix, canonicalSolution: decoded.canonical_solution,
                                  test: decoded.test, index: tasks.count))
        }
        return tasks
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing field \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context): return context.debugDescription
        case DecodingError.dataCorrupted(let context): return "not JSON (\(context.debugDescription))"
        default: return String(describing: error)
        }
    }
}

/// Which tasks of a dataset to run: every `every`-th task by file position (position % every == 0),
/// then, of those, the first `skip` are left out and at most `limit` of the rest are kept. `skip` lets a long
/// run be continued or split: `skip: 70` runs what `limit: 70` left over.
public struct EvalSubset: Sendable, Equatable, Codable {
    /// Take tasks whose file index is a multiple of this (1 takes all).
    public let every: Int
    /// Leave out this many of the selected tasks before counting the limit.
    public let skip: Int
    /// Stop after this many tasks (nil: no limit).
    public let limit: Int?

    /// - Throws: `EvaluationError.invalidSubset` when `every < 1`, `skip < 0` or `limit < 0`.
    public init(every: Int = 1, skip: Int = 0, limit: Int? = nil) throws {
        guard every >= 1 else { throw EvaluationError.invalidSubset("--subset must be 1 or more, got \(every)") }
        guard skip >= 0 else { throw EvaluationError.invalidSubset("--skip must be 0 or more, got \(skip)") }
        if let limit, limit < 0 { throw EvaluationError.invalidSubset("--limit must be 0 or more, got \(limit)") }
        self.every = every
        self.skip = skip
        self.limit = limit
    }

    /// The selected tasks, in file order.
    public func apply(to tasks: [EvalTask]) -> [EvalTask] {
        let selected = tasks.filter { $0.index % every == 0 }.dropFirst(skip)
        guard let limit else { return Array(selected) }
        return Array(selected.prefix(limit))
    }
}
