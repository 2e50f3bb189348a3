import Foundation
import TestSupport
import XCTest

/// `infill write` and `infill translate` on files with CRLF line ends and without a final line end: the
/// lines are those of the file (the task rules read LF only, so the command converts the file first). These
/// cases are decided from the text before any model is loaded; `CodeTaskCommandLineModelTests` runs the
/// model on the same files.
final class CodeTaskCommandLineTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("infill-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Writes `text` to `name` in the test's directory and returns its path.
    private func file(_ name: String, _ text: String) throws -> String {
        let path = directory + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Runs the binary with `input` on its standard input (none: empty); its exit status and standard error.
    private func infill(_ arguments: [String], input: Data = Data()) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: LSPClient.binaryPath)
        process.arguments = arguments
        let errors = Pipe(), stdin = Pipe()
        process.standardInput = stdin
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        try stdin.fileHandleForWriting.write(contentsOf: input)
        try stdin.fileHandleForWriting.close()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    private let crlf = "import math\r\n\r\ndef add(a, b):\r\n    return a + b\r\n\r\ndef twice(x):\r\n    \"\"\"Twice x.\"\"\"\r\n"

    func testWriteFindsTheFunctionOfACRLFLine() throws {
        let path = try file("crlf.py", crlf)
        // Line 3 is `def add(a, b):`, which has a body: the command must see the file's lines to say so
        // (read as one long line, line 3 was "outside the file, which has 1 lines").
        let result = try infill(["write", "\(path):3", "--model", directory + "/no-model.gguf"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("the function 'add' at line 3 already has a body"), result.stderr)
        // Line 6 is a signature without a body: the site is found, and only the (missing) model stops it.
        let write = try infill(["write", "\(path):6", "--model", directory + "/no-model.gguf"])
        XCTAssertNotEqual(write.status, 0)
        XCTAssertFalse(write.stderr.contains("line 6"), "the site was found: \(write.stderr)")
        XCTAssertTrue(write.stderr.contains("no-model.gguf"), write.stderr)
    }

    /// `-` reads the code from standard input (an editor's filter), with the same checks as a file, naming it.
    func testStandardInputIsAFileToo() throws {
        let noModel = ["--model", directory + "/no-model.gguf"]
        let source = Data("def add(a, b):\n    return a + b\n".utf8)
        let empty = try infill(["translate", "--to", "go", "-"] + noModel, input: Data(" \n\n".utf8))
        XCTAssertNotEqual(empty.status, 0)
        XCTAssertTrue(empty.stderr.contains("the selection of standard input is empty"), empty.stderr)
        let outside = try infill(["translate", "--to", "go", "-:5-6"] + noModel, input: source)
        XCTAssertTrue(outside.stderr.contains("lines 5-6 are outside standard input, which has 2 lines"), outside.stderr)
        let binary = try infill(["translate", "--to", "go", "-"] + noModel, input: Data([0x64, 0x65, 0x66, 0xFF, 0x0A]))
        XCTAssertTrue(binary.stderr.contains("standard input is not valid UTF-8"), binary.stderr)
        let read = try infill(["translate", "--to", "go", "-"] + noModel, input: source)
        XCTAssertNotEqual(read.status, 0)
        XCTAssertTrue(read.stderr.contains("no-model.gguf"), "the code was read and only the (missing) model stops it: \(read.stderr)")

        let unnamed = try infill(["write", "-:1"] + noModel, input: source)
        XCTAssertNotEqual(unnamed.status, 0)
        XCTAssertTrue(unnamed.stderr.contains("cannot tell the language of standard input: give --language"), unnamed.stderr)
        let body = try infill(["write", "-:1", "--language", "py"] + noModel, input: source)
        XCTAssertTrue(body.stderr.contains("standard input: the function 'add' at line 1 already has a body"), body.stderr)
        let write = try infill(["write", "-:1", "--language", "python"] + noModel, input: Data("def add(a, b):\n    \"\"\"The sum.\"\"\"\n".utf8))
        XCTAssertTrue(write.stderr.contains("no-model.gguf"), "the site was found: \(write.stderr)")
    }

    func testTranslateCountsTheLinesOfCRLFFilesAndFilesWithoutAFinalLineEnd() throws {
        for (name, text) in [("crlf.py", crlf), ("open-end.py", "def add(a, b):\n    return a + b\n\ndef sub(a, b):\n    return a - b")] {
            let path = try file(name, text)
            let outside = try infill(["translate", "--to", "js", "\(path):8-9", "--model", directory + "/no-model.gguf"])
            XCTAssertNotEqual(outside.status, 0)
            let lines = name == "crlf.py" ? 7 : 5
            XCTAssertTrue(outside.stderr.contains("lines 8-9 are outside '\(path)', which has \(lines) lines"), outside.stderr)
            let empty = try infill(["translate", "--to", "js", "\(path):\(name == "crlf.py" ? 2 : 3)-\(name == "crlf.py" ? 2 : 3)", "--model", directory + "/no-model.gguf"])
            XCTAssertTrue(empty.stderr.contains("is empty"), "a blank line is an empty selection: \(empty.stderr)")
            let last = try infill(["translate", "--to", "js", "\(path):\(lines - 1)-\(lines)", "--model", directory + "/no-model.gguf"])
            XCTAssertTrue(last.stderr.contains("no-model.gguf"), "the last lines are inside the file: \(last.stderr)")
        }
    }
}
