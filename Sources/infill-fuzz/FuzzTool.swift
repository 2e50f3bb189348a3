import Foundation
import InfillLog

/// The plain (non-libFuzzer) command line of `infill-fuzz`: list the targets, replay inputs through one,
/// write the generated part of the seed corpus.
enum FuzzTool {
    static let usage = """
    infill-fuzz list
      The fuzz targets and what each checks.
    infill-fuzz TARGET FILE|DIR...
      Runs every file (every file in each DIR) through TARGET's checks once; exits non-zero (abort) at the first
      failed check, naming it. Fuzzing itself: `.ci/fuzz [TARGET] [SECONDS]` (docs/robustness.md).
    infill-fuzz seeds DIR
      Writes the generated seeds (LSP messages and params, tiny GGUF models, edit scripts) into DIR/<target>/.
    """

    static func main(_ arguments: [String]) -> Int32 {
        guard let command = arguments.first else { return usageError("") }
        switch command {
        case "list":
            for target in FuzzTarget.all { print("\(target.name): \(target.summary)") }
            return 0
        case "seeds":
            guard arguments.count == 2 else { return usageError("seeds takes one folder") }
            do {
                let written = try FuzzSeeds.write(into: arguments[1])
                print("wrote \(written) seed files under \(arguments[1])")
                return 0
            } catch {
                fail("cannot write the seeds: \(error)")
            }
        case "-h", "--help", "help":
            print(usage)
            return 0
        default:
            guard let target = FuzzTarget.named(command) else { return usageError("unknown target '\(command)'") }
            guard arguments.count > 1 else { return usageError("\(command) needs files or folders to run") }
            if let problem = target.prepare() { fail(problem) }
            var count = 0
            for path in arguments.dropFirst() {
                for file in files(at: path) {
                    guard let data = FileManager.default.contents(atPath: file) else { fail("cannot read \(file)") }
                    target.run([UInt8](data))
                    count += 1
                }
            }
            print("\(target.name): \(count) inputs, every check held")
            return 0
        }
    }

    /// `path` itself, or the regular files directly inside it (sorted).
    private static func files(at path: String) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { fail("no such file or folder: \(path)") }
        guard isFolder.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.sorted().map { (path as NSString).appendingPathComponent($0) }.filter {
            var folder: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0, isDirectory: &folder) && !folder.boolValue
        }
    }

    private static func usageError(_ message: String) -> Int32 {
        if !message.isEmpty { StandardError.write("infill-fuzz: \(message)\n") }
        StandardError.write(usage + "\n")
        return 2
    }

    /// Prints `message` to stderr and exits 1.
    static func fail(_ message: String) -> Never {
        StandardError.write("infill-fuzz: \(message)\n")
        exit(1)
    }
}
