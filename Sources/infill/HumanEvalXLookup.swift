import Evaluation
import Foundation

/// The HumanEval-X task an eval record names, in any of the dataset's languages, for the commands that read
/// recorded candidates again (`--task-report`, `--task-review`): each language's file is read once.
final class HumanEvalXLookup {
    private let directory: String
    /// Dataset language (`cpp`, `js`, …) → task number → task.
    private var tasks: [String: [String: HumanEvalXTask]] = [:]

    /// A lookup over the shipped files; nil when they are not found.
    init?() {
        guard let directory = HumanEvalX.findDirectory() else { return nil }
        self.directory = directory
    }

    /// The task `id` names (`Python/160`, `CPP/160`), in dataset `language`: the same problem is the same number after the `/`.
    func task(_ id: String, _ language: String) throws -> HumanEvalXTask {
        if tasks[language] == nil {
            tasks[language] = Dictionary(try HumanEvalX.load(language: language, directory: directory).map { (Self.number(of: $0.taskID), $0) },
                                         uniquingKeysWith: { a, _ in a })
        }
        guard let found = tasks[language]?[Self.number(of: id)] else { throw CommandError("no task \(id) in HumanEval-X \(language)") }
        return found
    }

    private static func number(of id: String) -> String {
        id.split(separator: "/").last.map(String.init) ?? id
    }
}
