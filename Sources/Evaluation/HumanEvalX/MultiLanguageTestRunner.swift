import Foundation

/// Builds the test program of a HumanEval-X task from generated code and runs it with the language's own
/// tools (python3, node, g++, javac/java, go), in a fresh temporary directory that is deleted afterwards,
/// under `timeout` (the whole process group is killed at the limit). The code is untrusted model output.
public struct MultiLanguageTestRunner: Sendable {
    /// Seconds for compiling and running together.
    public var timeoutSeconds: Int
    /// Where Go finds testify (Debian's golang-github-stretchr-testify-dev) in GOPATH mode.
    public var goPath: String

    public init(timeoutSeconds: Int = 60, goPath: String = "/usr/share/gocode") {
        self.timeoutSeconds = timeoutSeconds
        self.goPath = goPath
    }

    /// How generated code relates to the task's prompt.
    public enum CodeForm: Sendable {
        /// The code continues the prompt (fill-in-the-middle body): program = prompt + code.
        case continuesPrompt
        /// The code stands alone (a whole function or file from an instruction answer or a translation).
        case standalone
    }

    /// The outcome and, when it failed, the tools' output (its beginning and end when it is long).
    public struct Outcome: Sendable {
        public var result: EvalTestOutcome
        public var diagnostics: String

        public init(result: EvalTestOutcome, diagnostics: String) {
            self.result = result
            self.diagnostics = diagnostics
        }
    }

    /// Why `language`'s tests cannot run here (a tool missing, named with the package that has it), or nil.
    /// The eval checks this first: a missing tool must stop it, not fail every task as if the code were wrong.
    public func missingTool(for language: String) -> String? {
        let needs: [String: [(tool: String, package: String)]] = [
            "python": [("python3", "python3")], "js": [("node", "nodejs")], "cpp": [("g++", "g++")],
            "java": [("javac", "openjdk-17-jdk-headless"), ("java", "openjdk-17-jre-headless")], "go": [("go", "golang-go")],
        ]
        guard let tools = needs[language] else { return "no test runner for \(language)" }
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for (tool, package) in tools where !path.contains(where: { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }) {
            return "the \(language) tests need '\(tool)', which is not on PATH (Debian: apt-get install \(package))"
        }
        if language == "go", !FileManager.default.fileExists(atPath: goPath + "/src/github.com/stretchr/testify") {
            return "the go tests need testify in \(goPath) (Debian: apt-get install golang-github-stretchr-testify-dev)"
        }
        if !FileManager.default.isExecutableFile(atPath: "/usr/bin/timeout") { return "the tests need /usr/bin/timeout (coreutils)" }
        return nil
    }

    /// Runs the task's tests against `code`.
    public func run(_ task: HumanEvalXTask, code: String, form: CodeForm) -> Outcome {
        var source = form == .continuesPrompt ? task.prompt + code : code
        switch task.language {
        case "python":
            let imports = task.prompt.split(separator: "\n").filter { $0.hasPrefix("import ") || $0.hasPrefix("from ") }.joined(separator: "\n")
            if form == .standalone { source = imports + "\n\n" + source }
            return execute(files: ["prog.py": source + "\n\n" + task.test + "\n"], command: "python3 -I -B prog.py")
        case "js":
            let strict = "console.assert = (condition, ...rest) => { if (!condition) { throw new Error('Assertion failed') } };\n"
            return execute(files: ["prog.js": strict + source + "\n\n" + task.test + "\n"], command: "node prog.js")
        case "cpp":
            if form == .standalone { source = Self.removingFunction(named: "main", from: source) }
            let head = "#include <bits/stdc++.h>\nusing namespace std;\n"
            return execute(files: ["prog.cpp": head + source + "\n\n" + task.test + "\n"],
                           command: "g++ -std=c++17 -O1 -w prog.cpp -o prog && ./prog")
        case "java":
            if form == .continuesPrompt {
                source += "\n}\n"   // the prompt opens `class Solution {`; the method's end does not close it
            } else {
                source = source.replacingOccurrences(of: "public class Solution", with: "class Solution")
                if !source.contains("class Solution") { source = "class Solution {\n" + source + "\n}\n" }
                // HumanEval-X's tests use what its prompts import (`java.util.*`: `Arrays.asList`), whatever the code imports.
                if !source.contains("import java.util.*;") { source = "import java.util.*;\nimport java.lang.*;\n" + source }
            }
            source = source.replacingOccurrences(of: "public class Main", with: "class MainFromModel")
            return execute(files: ["Main.java": source + "\n\n" + task.test + "\n"], command: "javac -nowarn Main.java 2>&1 && java -cp . Main")
        case "go":
            return runGo(task, source: source)
        default:
            return Outcome(result: .failed, diagnostics: "no test runner for \(task.language)")
        }
    }

    /// Go: one test file in package main; the imports are the union of the prompt's, the code's and the
    /// tests'; an import the code does not use is dropped and the build retried (Go refuses unused imports).
    private func runGo(_ task: HumanEvalXTask, source: String) -> Outcome {
        // HumanEval-X's Go prompts do not always import what their own solutions use (task 20 uses math and
        // sort with no imports): common packages are offered, and those unused are dropped below.
        // The tests' own imports come from the task's test setup (task 53's tests draw random inputs with math/rand).
        var imports = Set(Self.goImports(task.imports)).union(Self.goImports(source)).union(Self.goImports(task.testSetup))
            .union(["testing", "github.com/stretchr/testify/assert"])
            .union(Self.commonGoPackages.values)
        let body = Self.addingMissingHelpers(of: task, to: Self.removingGoHeader(source))
        var outcome = Outcome(result: .failed, diagnostics: "")
        for _ in 0..<5 {
            let importBlock = "import (\n" + imports.sorted().map { "    \"\($0)\"\n" }.joined() + ")\n"
            let file = "package main\n\n" + importBlock + "\n" + body + "\n\n" + task.test + "\n"
            outcome = execute(files: ["main_test.go": file],
                              command: "GO111MODULE=off GOPATH=\(goPath) GOCACHE=/tmp/infill-eval-go-cache GOFLAGS=-mod=mod go test -count=1 . 2>&1")
            let unused = imports.filter {   // the message's form changed between Go versions
                outcome.diagnostics.contains("\"\($0)\" imported and not used") || outcome.diagnostics.contains("imported and not used: \"\($0)\"")
            }
            let missing = Self.commonGoPackages.filter { outcome.diagnostics.contains("undefined: \($0.key)") }.map(\.value)
            guard outcome.result == .failed, !unused.isEmpty || !Set(missing).isSubset(of: imports) else { return outcome }
            imports.subtract(unused)
            imports.formUnion(missing)
        }
        return outcome
    }

    /// `body` with each helper the task's prompt defines and its declaration leaves out (`PromptHelper`: Go's
    /// `Poly`, which the tests call) added where `body` does not define it: HumanEval-X's own harness has the
    /// prompt in the program.
    static func addingMissingHelpers(of task: HumanEvalXTask, to body: String) -> String {
        task.helpersMissingFromDeclaration.filter { !body.contains("func \($0.name)(") }.reduce(body) { $0 + "\n\n" + $1.text + "\n" }
    }

    /// Standard packages a solution may use without importing them, by the name code refers to them with.
    static let commonGoPackages: [String: String] = [
        "math": "math", "sort": "sort", "strings": "strings", "strconv": "strconv", "fmt": "fmt",
    ]

    static func goImports(_ text: String) -> [String] {
        var found: [String] = []
        var inBlock = false
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("import (") { inBlock = true; continue }
            if inBlock && line.hasPrefix(")") { inBlock = false; continue }
            if inBlock || line.hasPrefix("import ") {
                if let first = line.firstIndex(of: "\""), let last = line.lastIndex(of: "\""), first < last {
                    found.append(String(line[line.index(after: first)..<last]))
                }
            }
        }
        return found
    }

    /// Go code without its `package` clause, imports and `func main`.
    static func removingGoHeader(_ text: String) -> String {
        var lines: [Substring] = []
        var inBlock = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("package ") { continue }
            if t.hasPrefix("import (") { inBlock = true; continue }
            if inBlock { if t.hasPrefix(")") { inBlock = false }; continue }
            if t.hasPrefix("import ") { continue }
            lines.append(line)
        }
        return removingFunction(named: "main", from: lines.joined(separator: "\n"), goStyle: true)
    }

    /// `code` without the function `name` (a `main` the model added to its answer), found by its
    /// signature line and brace depth.
    static func removingFunction(named name: String, from code: String, goStyle: Bool = false) -> String {
        let pattern = goStyle ? "func \(name)(" : " \(name)("
        var lines = code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.contains(pattern) && !$0.hasPrefix(" ") && !$0.hasPrefix("\t") && !$0.contains(";") }) else { return code }
        var depth = 0
        var opened = false
        var end = start
        outer: for i in start..<lines.count {
            for c in lines[i] {
                if c == "{" { depth += 1; opened = true }
                if c == "}" { depth -= 1; if opened && depth == 0 { end = i; break outer } }
            }
            end = i
        }
        lines.removeSubrange(start...end)
        return lines.joined(separator: "\n")
    }

    /// Writes `files` into a new temporary directory and runs `command` there with `sh -c` under
    /// `timeout -k 2` (its own process group, killed whole at the limit); collects the output's excerpt.
    func execute(files: [String: String], command: String) -> Outcome {
        let fileManager = FileManager.default
        let directory = fileManager.temporaryDirectory.appendingPathComponent("infill-eval-x-\(UUID().uuidString)")
        do {
            try fileManager.createDirectory(at: directory, withIntermediateDirectories: false)
            for (name, text) in files { try Data(text.utf8).write(to: directory.appendingPathComponent(name)) }
        } catch {
            try? fileManager.removeItem(at: directory)
            return Outcome(result: .failed, diagnostics: "cannot prepare the test directory: \(error)")
        }
        defer { try? fileManager.removeItem(at: directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["-k", "2", String(timeoutSeconds), "/bin/sh", "-c", command]
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return Outcome(result: .failed, diagnostics: "cannot start: \(error)") }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // The temporary directory's path (a fresh UUID each run) is left out: shorter, and the same every run.
        let text = Self.excerpt(of: data).replacingOccurrences(of: directory.path + "/", with: "")
        if process.terminationStatus == 124 || process.terminationStatus == 137 { return Outcome(result: .timedOut, diagnostics: text) }
        return Outcome(result: process.terminationStatus == 0 ? .passed : .failed, diagnostics: text)
    }

    /// The tools' output as recorded: whole when it is at most `head + tail` bytes, else its first `head` bytes,
    /// a line saying how many were left out, and its last `tail` bytes. Both ends matter: node, g++, javac and go
    /// print the first error at the start (node's `Error: Assertion failed` or the `TypeError` the code threw,
    /// then a long stack), Python's traceback ends with the exception.
    public static func excerpt(of output: Data, head: Int = 1200, tail: Int = 800) -> String {
        guard output.count > head + tail else { return String(decoding: output, as: UTF8.self) }
        let omitted = output.count - head - tail
        return String(decoding: output.prefix(head), as: UTF8.self) + "\n[… \(omitted) bytes left out …]\n"
            + String(decoding: output.suffix(tail), as: UTF8.self)
    }
}
