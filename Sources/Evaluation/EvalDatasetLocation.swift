import Foundation

/// Where the evaluation datasets shipped with Infill live (`Sources/Evaluation/Datasets`: HumanEval
/// infilling and HumanEval-X, each with its licence; see the README there).
///
/// The folder is plain files, not a SwiftPM resource: `Bundle.module` traps when its bundle is missing,
/// which is what happens once the `infill` binary is copied out of `.build`. So the folder is found
/// from the source tree this binary was built from (`#filePath` of this file), and, for an installed
/// copy whose source tree is gone, beside the executable (`<bin>/infill-datasets` or
/// `<bin>/../share/infill/datasets`). `infill eval --datasets DIR` overrides all of this.
public enum EvalDatasetLocation {
    /// The folder holding `human-eval-infilling/` and `humaneval-x/`, or nil when none of the candidates has it.
    public static func root() -> String? {
        candidates().first { FileManager.default.fileExists(atPath: $0 + "/" + humanEvalInfillingFolder) }
    }

    /// The HumanEval infilling folder (the one with `HumanEval-SingleLineInfilling.jsonl.gz`), or nil.
    public static func humanEvalInfilling() -> String? {
        root().map { $0 + "/" + humanEvalInfillingFolder }
    }

    /// The HumanEval-X folder (`humaneval_<language>.jsonl.gz` for python, cpp, java, js, go), or nil.
    public static func humanEvalX() -> String? {
        root().map { $0 + "/humaneval-x" }
    }

    /// The folders searched, in order: the source checkout, then beside the running executable.
    public static func candidates() -> [String] {
        let sourceFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Datasets").path
        let executable = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments.first ?? "")
        let executableFolder = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        return [
            sourceFolder,
            executableFolder.appendingPathComponent("infill-datasets").path,
            executableFolder.appendingPathComponent("../share/infill/datasets").standardized.path,
        ]
    }

    private static let humanEvalInfillingFolder = "human-eval-infilling"
}
