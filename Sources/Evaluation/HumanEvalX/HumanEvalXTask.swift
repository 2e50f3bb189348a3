import Foundation
import ModelStore

/// One task of HumanEval-X (Zheng et al. 2023, CodeGeeX; Apache-2.0): the same 164 problems in Python,
/// C++, Java, JavaScript and Go, each with a prompt (signature and docstring), a canonical solution and tests.
public struct HumanEvalXTask: Sendable {
    /// e.g. `CPP/8`.
    public var taskID: String
    /// Language key: python, cpp, java, js, go.
    public var language: String
    /// Index in the file (the same problem has the same index in every language).
    public var index: Int
    public var prompt: String
    public var declaration: String
    public var canonicalSolution: String
    public var test: String
    /// Go's import block needed by the canonical solution (empty elsewhere).
    public var imports: String
    /// The file header the tests are written for (Go: `package main` and the tests' imports, such as
    /// `math/rand` for task 53's random inputs; empty where the dataset has none).
    public var testSetup: String = ""
}

/// Reads the HumanEval-X files (`humaneval_<language>.jsonl.gz`).
public enum HumanEvalX {
    /// The languages of HumanEval-X, in the keys its files use.
    public static let languages = ["python", "cpp", "java", "js", "go"]

    /// The tasks of `language` from `directory`.
    public static func load(language: String, directory: String) throws -> [HumanEvalXTask] {
        let path = URL(fileURLWithPath: directory).appendingPathComponent("humaneval_\(language).jsonl.gz").path
        guard let raw = FileManager.default.contents(atPath: path) else {
            throw EvaluationError.cannotReadDataset(path: path, reason: "no such file")
        }
        var bytes = [UInt8](raw)
        if bytes.starts(with: [0x1F, 0x8B]) {
            do { bytes = try Gzip.decompress(bytes) } catch { throw EvaluationError.cannotDecompress(path: path, reason: String(describing: error)) }
        }
        var tasks: [HumanEvalXTask] = []
        for (number, line) in bytes.split(separator: UInt8(ascii: "\n")).enumerated() where !line.isEmpty {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let id = object["task_id"] as? String, let prompt = object["prompt"] as? String, let test = object["test"] as? String else {
                throw EvaluationError.cannotReadDataset(path: path, reason: "line \(number + 1) is not a HumanEval-X task")
            }
            tasks.append(HumanEvalXTask(taskID: id, language: language, index: tasks.count, prompt: prompt,
                                        declaration: object["declaration"] as? String ?? "",
                                        canonicalSolution: object["canonical_solution"] as? String ?? "", test: test,
                                        imports: object["import"] as? String ?? "", testSetup: object["test_setup"] as? String ?? ""))
        }
        return tasks
    }

    /// The directory holding the files: the shipped `Sources/Evaluation/Datasets/humaneval-x`, found as
    /// `EvalDatasetLocation` finds every eval dataset (the source checkout, then beside the executable).
    public static func findDirectory() -> String? {
        EvalDatasetLocation.humanEvalX()
    }
}
