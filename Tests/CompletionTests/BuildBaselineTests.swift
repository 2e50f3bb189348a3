@testable import Completion
import Foundation
import Languages
import XCTest

/// A candidate built in a file whose rest already fails (a file being edited) is judged by the messages it adds
/// (`BuildVerdict.excluding`), with the real compilers: the rest's own errors, moved down by the candidate, are
/// not the candidate's; an error of the candidate's is.
final class BuildBaselineTests: XCTestCase {
    private let checker = LocalBuildChecker(timeoutSeconds: 120)

    /// A file with a helper, a place for the candidate, and a function with an error of its own after it.
    private struct Case {
        var language: String
        /// `%@` marks where the candidate goes.
        var file: String
        var good: String
        var bad: String
        /// The bad candidate's line the compiler points at.
        var badLine: String
        /// The file's own failing line.
        var restLine: String
        /// The rest with a syntax error in place of its type error.
        var syntaxError: (String, String)
    }

    private let cases = [
        Case(language: "go",
             file: "package main\n\nfunc isPrime(n int) bool {\n\tfor d := 2; d*d <= n; d++ {\n\t\tif n%d == 0 {\n\t\t\treturn false\n\t\t}\n\t}\n\treturn n > 1\n}\n\n%@\nfunc label() int {\n\treturn \"label\"\n}\n",
             good: "func nthPrime(n int) int {\n\tk := 1\n\tfor n > 0 {\n\t\tk++\n\t\tif isPrime(k) {\n\t\t\tn--\n\t\t}\n\t}\n\treturn k\n}\n",
             bad: "func nthPrime(n int) int {\n\treturn isPrime(n)\n}\n", badLine: "return isPrime(n)", restLine: "return \"label\"",
             syntaxError: ("return \"label\"", "return (")),
        Case(language: "cpp",
             file: "#include <string>\n\nbool is_prime(int n) {\n    for (int d = 2; d * d <= n; d++) {\n        if (n % d == 0) return false;\n    }\n    return n > 1;\n}\n\n%@\nint label() {\n    return std::string(\"label\");\n}\n",
             good: "int nth_prime(int n) {\n    int k = 1;\n    while (n > 0) {\n        k++;\n        if (is_prime(k)) n--;\n    }\n    return k;\n}\n",
             bad: "int nth_prime(int n) {\n    return is_prime(n).size();\n}\n", badLine: "return is_prime(n).size();",
             restLine: "return std::string(\"label\");", syntaxError: ("#include <string>", "#include <no_such_header>")),
        Case(language: "java",
             file: "class Primes {\n    static boolean isPrime(int n) {\n        for (int d = 2; d * d <= n; d++) {\n            if (n % d == 0) return false;\n        }\n        return n > 1;\n    }\n\n%@\n    static int label() {\n        return \"label\";\n    }\n}\n",
             good: "    static int nthPrime(int n) {\n        int k = 1;\n        while (n > 0) {\n            k++;\n            if (isPrime(k)) n--;\n        }\n        return k;\n    }\n",
             bad: "    static int nthPrime(int n) {\n        return isPrime(n);\n    }\n", badLine: "return isPrime(n);", restLine: "return \"label\";",
             syntaxError: ("return \"label\";", "return (;")),
    ]

    private func placed(_ candidate: String, in file: String) -> String {
        file.replacingOccurrences(of: "%@", with: candidate)
    }

    func testACandidateIsJudgedByTheMessagesItAddsToAFailingFile() throws {
        var checked = 0
        for test in cases {
            let language = try XCTUnwrap(CodeLanguage.named(test.language))
            guard LocalExampleRunner.tools(for: language) != nil else { continue }
            checked += 1
            let rest = try XCTUnwrap(checker.check(code: placed("", in: test.file), language: language), test.language)
            XCTAssertFalse(rest.builds, "\(test.language): the rest fails on its own")
            XCTAssertTrue(rest.messages.contains { $0.contains(test.restLine) }, "\(test.language): \(rest.messages)")
            XCTAssertFalse(rest.mayHideLaterMessages, "\(test.language): a type error hides nothing: \(rest.messages)")

            let good = try XCTUnwrap(checker.check(code: placed(test.good, in: test.file), language: language))
            XCTAssertFalse(good.builds, "\(test.language): the file still fails")
            XCTAssertEqual(good.excluding(rest), BuildVerdict(builds: true),
                           "\(test.language): the rest's messages, moved down by the candidate, are not the candidate's: \(good.messages) vs \(rest.messages)")

            let bad = try XCTUnwrap(checker.check(code: placed(test.bad, in: test.file), language: language)).excluding(rest)
            XCTAssertFalse(bad.builds, "\(test.language): the candidate's own error counts")
            let failure = try XCTUnwrap(bad.failure)
            XCTAssertTrue(failure.hasPrefix("It does not compile:\n") && failure.contains("`\(test.badLine)`"), "\(test.language): \(failure)")
            XCTAssertFalse(failure.contains(test.restLine), "\(test.language): not the rest's error: \(failure)")

            let broken = test.file.replacingOccurrences(of: test.syntaxError.0, with: test.syntaxError.1)
            let syntax = try XCTUnwrap(checker.check(code: placed("", in: broken), language: language))
            XCTAssertTrue(syntax.mayHideLaterMessages, "\(test.language): a syntax or fatal error may hide the candidate's: \(syntax.messages)")
        }
        if checked == 0 { throw XCTSkip("no Go, C++ or Java compiler here") }
    }

    /// The empty body a written function's file is built with to learn its own failure: it completes the function.
    func testTheEmptyBodyCompletesTheFunction() throws {
        func empty(_ prefix: String, _ language: String, insideBody: Bool = true) throws -> String? {
            WriteFunctionRequest(prefix: prefix, suffix: "\n", language: try XCTUnwrap(CodeLanguage.named(language)), prefixEndsInsideBody: insideBody,
                                 function: nil, method: .fim).emptyMiddle
        }
        XCTAssertEqual(try empty("def add(a, b):\n", "python"), "    pass")
        XCTAssertEqual(try empty("class A:\n    def add(self, b):\n        \"\"\"Add.\"\"\"\n", "python"), "        pass")
        XCTAssertEqual(try empty("func add(a, b int) int {", "go"), "}")
        XCTAssertEqual(try empty("// Adds.\n", "go", insideBody: false), "")
        XCTAssertNil(try empty("def add(a, b)\n", "ruby"))
        if let python = CodeLanguage.named("python"), LocalExampleRunner.tools(for: python) != nil {
            let request = WriteFunctionRequest(prefix: "class A:\n    def add(self, b):\n        \"\"\"Add.\"\"\"\n", suffix: "\n\nx = 1\n", language: python,
                                               prefixEndsInsideBody: true, function: nil, method: .fim)
            XCTAssertEqual(checker.check(code: request.document(with: try XCTUnwrap(request.emptyMiddle)), language: python)?.builds, true)
        }
    }

    func testMessagesCompareWithoutTheirNumbers() {
        let rest = BuildVerdict(builds: false, failure: "It does not compile:\n`return \"x\"`: cannot use \"x\" as int value",
                                messages: ["`return \"x\"`: cannot use \"x\" as int value", "   12 |     return \"x\";"])
        let moved = BuildVerdict(builds: false, failure: "…", messages: ["`return \"x\"`: cannot use \"x\" as int value", "  112 |     return \"x\";"])
        XCTAssertEqual(moved.excluding(rest), BuildVerdict(builds: true))
        let own = BuildVerdict(builds: false, failure: "It cannot run:\n…", messages: moved.messages + ["`y := 3`: declared and not used: y"])
        XCTAssertEqual(own.excluding(rest), BuildVerdict(builds: false, failure: "It cannot run:\n`y := 3`: declared and not used: y",
                                                         messages: ["`y := 3`: declared and not used: y"]))
        let unread = BuildVerdict(builds: false, failure: "It does not compile:\n")
        XCTAssertEqual(unread.excluding(rest), unread, "a failure without messages to compare stays one")
        XCTAssertTrue(unread.mayHideLaterMessages)
        XCTAssertEqual(moved.excluding(BuildVerdict(builds: true)), moved, "a baseline that builds takes nothing away")
        let crowded = BuildVerdict(builds: false, failure: "…", messages: (0..<ExampleReport.allMessagesLimit).map { "`x\($0)`: undefined: x" })
        XCTAssertTrue(crowded.mayHideLaterMessages, "messages past those a verdict keeps may be the candidate's")
        XCTAssertFalse(rest.mayHideLaterMessages)
    }
}
