import Completion
import Languages
import XCTest

/// Code tasks on open documents as the daemon asks for them (UTF-8 offsets, LSP language ids): the actions
/// offered on hand-written documents, the errors found from the text alone, and where a result goes.
final class DocumentCodeTaskTests: XCTestCase {
    private func language(_ name: String) throws -> CodeLanguage { try XCTUnwrap(CodeLanguage.named(name)) }

    /// The byte offset of `needle` in `text`.
    private func byte(_ needle: String, in text: String) throws -> Int {
        let range = try XCTUnwrap(text.range(of: needle))
        return text.utf8.distance(from: text.utf8.startIndex, to: range.lowerBound)
    }

    func testTheDocumentsLanguageComesFromItsIdThenItsExtension() throws {
        XCTAssertEqual(DocumentCodeTask.language(id: "rust", path: "/x/a.txt"), try language("rust"))
        XCTAssertEqual(DocumentCodeTask.language(id: "typescriptreact", path: "/x/a.tsx"), try language("typescript"))
        XCTAssertNil(DocumentCodeTask.language(id: "plaintext", path: "/x/notes.txt"))
    }

    func testPythonPastedIntoRustAfterAnEmojiOffersTranslateToRustFirst() throws {
        let text = "// 😀 helpers\nfn main() {}\n\ndef add(a, b):\n    return a + b\n"
        let start = try byte("def add", in: text)
        let actions = DocumentCodeTask.actions(text: text, selectionUTF8: start..<text.utf8.count, fileLanguage: try language("rust"))
        XCTAssertEqual(actions.first, .translate(to: try language("rust"), detected: try language("python")))
        XCTAssertFalse(actions.contains { $0.title == "Write function from comment" }, "Python code is no Rust comment or signature")
    }

    func testACommentWithoutBodyOffersWriteFunctionAndPlainCodeNothing() throws {
        let text = "# 😀 utilities\n\n# Returns the n-th prime number.\ndef nth_prime(n):\n    pass\n\nx = 1\n"
        let python = try language("python")
        let cursor = try byte("n-th prime", in: text)
        XCTAssertEqual(DocumentCodeTask.actions(text: text, selectionUTF8: cursor..<cursor, fileLanguage: python).map(\.title),
                       ["Write function from comment"])
        let plain = try byte("x = 1", in: text)
        XCTAssertEqual(DocumentCodeTask.actions(text: text, selectionUTF8: plain..<plain, fileLanguage: python), [], "a cursor in plain code")
    }

    /// Offers come from a window of lines around the selection: far down a long file they are the same as
    /// in a short one (a comment without body; Python pasted into Rust, selected to the end of the file).
    func testOffersFarDownALongFileAreDecidedAsInAShortOne() throws {
        let python = try language("python")
        let filler = (0..<3000).map { "def f\($0)(xs):\n    return len(xs) + \($0)\n" }.joined()
        let tail = "# 😀 Returns the n-th prime number.\ndef nth_prime(n):\n    pass\n"
        let text = filler + tail
        let cursor = try byte("n-th prime", in: text)
        XCTAssertEqual(DocumentCodeTask.actions(text: text, selectionUTF8: cursor..<cursor, fileLanguage: python).map(\.title),
                       ["Write function from comment"])
        XCTAssertEqual(DocumentCodeTask.actions(text: text, selectionUTF8: 0..<0, fileLanguage: python), [], "the first function has a body")

        let rust = try language("rust")
        let pasted = String(repeating: "fn main() {}\n", count: 3000) + "def add(a, b):\n    return a + b\n"
        let start = try byte("def add", in: pasted)
        XCTAssertEqual(DocumentCodeTask.actions(text: pasted, selectionUTF8: start..<pasted.utf8.count, fileLanguage: rust).first,
                       .translate(to: rust, detected: python))
        XCTAssertEqual(DocumentCodeTask.actions(text: pasted, selectionUTF8: 0..<pasted.utf8.count, fileLanguage: rust).first,
                       .translate(to: try language("python"), detected: rust), "select all: the sample at the start is Rust")
    }

    func testErrorsFoundFromTheTextAlone() throws {
        let text = "def add(a, b):\n    return a + b\n\nx = 1\n"
        let python = try language("python")
        XCTAssertThrowsError(try DocumentCodeTask.translation(text: text, selectionUTF8: 0..<10, target: "klingon", fileLanguage: python)) { error in
            XCTAssertEqual(error as? DocumentCodeTaskError, .unknownTargetLanguage("klingon"))
            XCTAssertTrue("\(error)".contains("known: python (py)"), "\(error)")
            XCTAssertEqual((error as? DocumentCodeTaskError)?.isBadArgument, true)
        }
        XCTAssertThrowsError(try DocumentCodeTask.translation(text: text, selectionUTF8: 14..<16, target: "go", fileLanguage: python)) { error in
            XCTAssertEqual(error as? DocumentCodeTaskError, .emptySelection, "a newline and spaces are no code")
        }
        let plain = try byte("x = 1", in: text)
        XCTAssertThrowsError(try DocumentCodeTask.function(text: text, positionUTF8: plain, fileLanguage: python, languageID: "python")) { error in
            XCTAssertEqual(error as? DocumentCodeTaskError, .noFunctionSite(.nothingToImplement(line: 3)))
            XCTAssertEqual((error as? DocumentCodeTaskError)?.isBadArgument, false)
        }
        XCTAssertThrowsError(try DocumentCodeTask.function(text: text, positionUTF8: 0, fileLanguage: python, languageID: "python")) { error in
            XCTAssertEqual(error as? DocumentCodeTaskError, .noFunctionSite(.alreadyHasBody(line: 0, name: "add")))
        }
        XCTAssertThrowsError(try DocumentCodeTask.function(text: text, positionUTF8: 0, fileLanguage: nil, languageID: "plaintext")) { error in
            XCTAssertEqual(error as? DocumentCodeTaskError, .unknownFileLanguage(languageID: "plaintext"))
        }
        XCTAssertEqual(try DocumentCodeTask.translation(text: text, selectionUTF8: 0..<31, target: "rs", fileLanguage: python).title,
                       "translating Python to Rust")
    }

    /// A translation replaces the selection: whole indented lines get the indentation back on every line
    /// and keep their final line break; a selection starting after the indentation leaves it in place.
    func testATranslationIsPlacedWithTheSelectionsIndentation() throws {
        let text = "impl S {\n    // 😀\n    def twice(x):\n        return 2 * x\n}\n"
        let rust = try language("rust")
        let lineStart = try byte("    def twice", in: text)
        let end = try byte("}\n", in: text) // after "return 2 * x\n"
        let whole = try DocumentCodeTask.translation(text: text, selectionUTF8: lineStart..<end, target: "rust", fileLanguage: rust)
        let code = "fn twice(x: i32) -> i32 {\n    2 * x\n}"
        let placed = whole.placed(code)
        XCTAssertEqual(placed.replaceUTF8Range, lineStart..<end)
        XCTAssertEqual(placed.newText, "    fn twice(x: i32) -> i32 {\n        2 * x\n    }\n")
        XCTAssertEqual(placed.code, code)

        let defStart = try byte("def twice", in: text)
        let inner = try DocumentCodeTask.translation(text: text, selectionUTF8: defStart..<(end - 1), target: "rust", fileLanguage: rust)
        XCTAssertEqual(inner.placed(code).newText, "fn twice(x: i32) -> i32 {\n        2 * x\n    }")
    }

    /// `text` with every edit of `result` applied (they do not overlap: the last first).
    private func applying(_ result: DocumentCodeTaskResult, to text: String) -> String {
        var bytes = Array(text.utf8)
        let edits = [DocumentTextEdit(replaceUTF8Range: result.replaceUTF8Range, newText: result.newText)] + result.additionalEdits
        for edit in edits.sorted(by: { $0.replaceUTF8Range.lowerBound > $1.replaceUTF8Range.lowerBound }) {
            bytes.replaceSubrange(edit.replaceUTF8Range, with: Array(edit.newText.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Python pasted into a Go file: the answer's package clause, `main` and the import only `main` used stay
    /// out; the import the function uses joins the file's imports; the function replaces the selection.
    func testATranslationLeavesTheAnswersDemoOutAndItsImportsJoinTheFiles() throws {
        let text = "package main\n\nimport \"fmt\"\n\nfunc show() { fmt.Println(\"hi\") }\n\ndef shout(s):\n    return s.upper() + \"!\"\n"
        let start = try byte("def shout", in: text)
        let task = try DocumentCodeTask.translation(text: text, selectionUTF8: start..<text.utf8.count, target: "go", fileLanguage: try language("go"))
        let answer = """
            package main

            import (
            \t"fmt"
            \t"strings"
            )

            // shout returns s in capitals with an exclamation mark.
            func shout(s string) string {
            \treturn strings.ToUpper(s) + "!"
            }

            func main() {
            \tfmt.Println(shout("hi"))
            }
            """
        let function = "// shout returns s in capitals with an exclamation mark.\nfunc shout(s string) string {\n\treturn strings.ToUpper(s) + \"!\"\n}"
        let placed = task.placed(answer)
        XCTAssertEqual(placed.code, function)
        XCTAssertEqual(applying(placed, to: text),
                       "package main\n\nimport \"fmt\"\nimport \"strings\"\n\nfunc show() { fmt.Println(\"hi\") }\n\n" + function + "\n")

        // Nothing besides the selection: the translation stands alone, its package clause and used imports first.
        let alone = "def shout(s):\n    return s.upper() + \"!\"\n"
        let whole = try DocumentCodeTask.translation(text: alone, selectionUTF8: 0..<alone.utf8.count, target: "go", fileLanguage: try language("go"))
        XCTAssertEqual(whole.placed(answer).newText, "package main\n\nimport \"strings\"\n\n" + function + "\n")

        // A Python file's function translated to Go there: the Python file's imports are not Go's to join.
        let pythonFile = "import sys\n\ndef shout(s):\n    return s.upper() + \"!\"\n"
        let inPython = try DocumentCodeTask.translation(text: pythonFile, selectionUTF8: try byte("def shout", in: pythonFile)..<pythonFile.utf8.count,
                                                        target: "go", fileLanguage: try language("python"))
        let placedInPython = inPython.placed(answer)
        XCTAssertEqual(placedInPython.additionalEdits, [])
        XCTAssertEqual(placedInPython.newText, "package main\n\nimport \"strings\"\n\n" + function + "\n")
    }

    /// A helper the file already defines (`isPrime`), which the answer wrote again beside the translated
    /// function, is not written twice into the file (Go refuses a redeclared function); one the file lacks stays.
    func testAHelperTheFileDefinesIsNotWrittenTwice() throws {
        let helper = "func isPrime(n int) bool {\n\treturn n > 1\n}\n"
        let pasted = "def nth_prime(n):\n    return n if is_prime(n) else 0\n"
        let text = "package main\n\n" + helper + "\n" + pasted
        let task = try DocumentCodeTask.translation(text: text, selectionUTF8: try byte("def nth_prime", in: text)..<text.utf8.count, target: "go",
                                                    fileLanguage: try language("go"))
        let nthPrime = "func nthPrime(n int) int {\n\tif isPrime(n) && isOdd(n) {\n\t\treturn n\n\t}\n\treturn 0\n}"
        let isOdd = "func isOdd(n int) bool {\n\treturn n%2 == 1\n}"
        let answer = "package main\n\n" + nthPrime + "\n\n" + "func isPrime(n int) bool {\n\treturn n >= 2\n}" + "\n\n" + isOdd + "\n"
        XCTAssertEqual(task.placed(answer).code, nthPrime + "\n\n" + isOdd)
        // Alone (`infill translate`), the answer's helper is kept.
        XCTAssertTrue(TranslationFit.standalone(answer, source: pasted, from: try language("python"), to: try language("go")).contains("func isPrime"))
    }

    /// A selection inside a Java class: the class the answer wrapped the method in gives its members, `main` not
    /// among them. A script (top-level statements in the source) keeps the answer whole, its `main` included.
    func testATranslationInsideAClassTakesTheMembersAndAScriptKeepsItsMain() throws {
        let java = try language("java")
        let text = "class Util {\n    def twice(x):\n        return 2 * x\n}\n"
        let start = try byte("    def twice", in: text)
        let end = try byte("}\n", in: text)
        let task = try DocumentCodeTask.translation(text: text, selectionUTF8: start..<end, target: "java", fileLanguage: java)
        let answer = "public class Main {\n    static int twice(int x) {\n        return 2 * x;\n    }\n\n    public static void main(String[] args) {\n        System.out.println(twice(2));\n    }\n}"
        XCTAssertEqual(applying(task.placed(answer), to: text), "class Util {\n    static int twice(int x) {\n        return 2 * x;\n    }\n}\n")

        let script = "print(2 * 21)\n"
        let scriptTask = try DocumentCodeTask.translation(text: script, selectionUTF8: 0..<script.utf8.count, target: "java", fileLanguage: java)
        let program = "public class Main {\n    public static void main(String[] args) {\n        System.out.println(2 * 21);\n    }\n}"
        XCTAssertEqual(scriptTask.placed(program).code, program)
    }

    /// `infill translate`'s text: a Python answer without its `__main__` block and example call, the import the
    /// function uses kept; a source with statements of its own (a script) keeps them.
    func testAStandaloneTranslationDropsTheDemoOnlyWhenTheSourceHasNone() throws {
        let python = try language("python"), javascript = try language("javascript")
        let answer = "import math\nimport sys\n\n\ndef hypot(a, b):\n    return math.sqrt(a * a + b * b)\n\n\nprint(hypot(3, 4))\n\nif __name__ == \"__main__\":\n    print(hypot(int(sys.argv[1]), 1))"
        XCTAssertEqual(TranslationFit.standalone(answer, source: "function hypot(a, b) { return Math.sqrt(a * a + b * b); }", from: javascript, to: python),
                       "import math\n\ndef hypot(a, b):\n    return math.sqrt(a * a + b * b)")
        XCTAssertEqual(TranslationFit.standalone(answer, source: "function hypot(a, b) { return Math.sqrt(a * a + b * b); }\nconsole.log(hypot(3, 4));",
                                                 from: javascript, to: python), answer)
        // A test function the answer added is no translation of the source's.
        let tested = "def twice(x):\n    return 2 * x\n\n\ndef test_twice():\n    assert twice(2) == 4\n\n\ntest_twice()"
        XCTAssertEqual(TranslationFit.standalone(tested, source: "function twice(x) {\n  return 2 * x;\n}", from: javascript, to: python),
                       "def twice(x):\n    return 2 * x")
        // A function translated as an assignment is the translation, not a statement to drop.
        let arrow = "function double(x) {\n  return 2 * x;\n}\n\nconst twice = x => double(x);\n\nconsole.log(twice(2));"
        XCTAssertEqual(TranslationFit.standalone(arrow, source: "def twice(x):\n    return 2 * x\n", from: python, to: javascript),
                       "function double(x) {\n  return 2 * x;\n}\n\nconst twice = x => double(x);")
    }

    func testAWrittenBodyGoesWhereTheStubWasInUTF8() throws {
        let text = "# 😀\ndef twice(x):\n    \"\"\"Twice x.\"\"\"\n    pass\n\nprint(twice(2))\n"
        let python = try language("python")
        let task = try DocumentCodeTask.function(text: text, positionUTF8: try byte("def twice", in: text), fileLanguage: python, languageID: "python")
        XCTAssertEqual(task.title, "writing 'twice'")
        let placed = task.placed("    return 2 * x\n")
        let stub = try byte("    pass", in: text)
        XCTAssertEqual(placed.replaceUTF8Range, stub..<(stub + "    pass\n".utf8.count))
        XCTAssertEqual(placed.code, "def twice(x):\n    \"\"\"Twice x.\"\"\"\n    return 2 * x\n")
        var bytes = Array(text.utf8)
        bytes.replaceSubrange(placed.replaceUTF8Range, with: Array(placed.newText.utf8))
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "# 😀\ndef twice(x):\n    \"\"\"Twice x.\"\"\"\n    return 2 * x\n\nprint(twice(2))\n")
    }

    /// Ruby closes a function with `end`: a body goes before the file's own `end`, whichever way it was written
    /// (a whole program answered, or a fill-in-the-middle body that ends with the model's `end`), and the whole
    /// function shown is the file's signature, the body and that `end`. (The answer's `end` had been cut off and
    /// the body glued to the file's: `…zero? } }end`.)
    func testARubyBodyGoesBeforeTheFilesOwnEnd() throws {
        let ruby = try language("ruby")
        let text = "# Returns the primes below n.\ndef primes_below(n)\nend\n\nputs primes_below(10).inspect\n"
        let task = try DocumentCodeTask.function(text: text, positionUTF8: 0, fileLanguage: ruby, languageID: "ruby")
        XCTAssertEqual(task.title, "writing 'primes_below'")
        let line = "  (2...n).select { |k| (2..Math.sqrt(k)).none? { |d| (k % d).zero? } }\n"
        let expected = "# Returns the primes below n.\ndef primes_below(n)\n" + line + "end\n\nputs primes_below(10).inspect\n"
        let answers: [(String, WriteMethod)] = [
            ("def primes_below(n)\n" + line + "end\n\nputs primes_below(10).inspect", .instruction),
            (line + "end", .fim),
        ]
        for (answer, method) in answers {
            let placed = task.placed(answer, method: method)
            var bytes = Array(text.utf8)
            bytes.replaceSubrange(placed.replaceUTF8Range, with: Array(placed.newText.utf8))
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), expected, "\(method)")
            XCTAssertEqual(placed.code, "def primes_below(n)\n" + line + "end\n", "\(method)")
        }
        // A method in a class: its `end` is the one at the method's column, not the class's.
        let nested = "class Primes\n  # The primes below n.\n  def below(n)\n  end\nend\n"
        let method = try DocumentCodeTask.function(text: nested, positionUTF8: try byte("  def below", in: nested), fileLanguage: ruby, languageID: "ruby")
        let placed = method.placed("    (2...n).to_a\n  end\n", method: .fim)
        var bytes = Array(nested.utf8)
        bytes.replaceSubrange(placed.replaceUTF8Range, with: Array(placed.newText.utf8))
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "class Primes\n  # The primes below n.\n  def below(n)\n    (2...n).to_a\n  end\nend\n")
        XCTAssertEqual(placed.code, "  def below(n)\n    (2...n).to_a\n  end\n")
    }

    /// A comment set apart by a blank line from a function that has its body asks for a new function (it had
    /// been "the function 'main' at line 7 already has a body"); right above that function it is its comment,
    /// and above a stub, even with a blank line between, the stub is the one to write.
    func testACommentApartFromAFunctionWithABodyAsksForANewOne() throws {
        let go = try language("go")
        let text = "package main\n\nimport \"fmt\"\n\n// Returns the n-th prime number.\n\nfunc main() {\n\tfmt.Println(nthPrime(3))\n}\n"
        let site = try FunctionSite.locate(in: text, line: 4, language: go)
        XCTAssertNil(site.signatureOffset)
        XCTAssertFalse(site.insideBody)
        XCTAssertEqual(site.prefixEnd, text.distance(from: text.startIndex, to: try XCTUnwrap(text.range(of: "number.\n")).upperBound))
        let attached = text.replacingOccurrences(of: "number.\n\nfunc", with: "number.\nfunc")
        XCTAssertThrowsError(try FunctionSite.locate(in: attached, line: 4, language: go)) { error in
            XCTAssertEqual(error as? FunctionSiteError, .alreadyHasBody(line: 5, name: "main"))
        }
        let stub = "// Returns the n-th prime number.\n\nfunc nthPrime(n int) int {\n}\n"
        XCTAssertEqual(try FunctionSite.locate(in: stub, line: 0, language: go).function, FunctionSignature(name: "nthPrime", arity: 1))
    }

    /// A function written under a comment with no signature (the template's whole program as the answer): the
    /// file's comment stays, once (the answer's copy of it had been written under it), with the helper the
    /// function calls and the import the helper needs.
    func testAFunctionUnderACommentAloneKeepsTheCommentOnceAndBringsItsHelper() throws {
        let go = try language("go")
        let text = "package main\n\nimport \"fmt\"\n\n// Returns the n-th prime number (nthPrime(1) == 2).\n\nfunc main() {\n\tfmt.Println(nthPrime(3))\n}\n"
        let task = try DocumentCodeTask.function(text: text, positionUTF8: try byte("// Returns", in: text), fileLanguage: go, languageID: "go")
        let function = "func nthPrime(n int) int {\n\tif isPrime(n) {\n\t\treturn n\n\t}\n\treturn 0\n}"
        let helper = "// isPrime says whether num is prime.\nfunc isPrime(num int) bool {\n\treturn num > 1 && math.Sqrt(float64(num)) > 0\n}"
        let answer = "package main\n\nimport (\n\t\"fmt\"\n\t\"math\"\n)\n\n// Returns the n-th prime number (nthPrime(1) == 2).\n" + function
            + "\n\n" + helper + "\n\nfunc main() {\n\tfmt.Println(nthPrime(3))\n}"
        let placed = task.placed(answer, method: .instruction)
        var bytes = Array(text.utf8)
        let edits = [DocumentTextEdit(replaceUTF8Range: placed.replaceUTF8Range, newText: placed.newText)] + placed.additionalEdits
        for edit in edits.sorted(by: { $0.replaceUTF8Range.lowerBound > $1.replaceUTF8Range.lowerBound }) {
            bytes.replaceSubrange(edit.replaceUTF8Range, with: Array(edit.newText.utf8))
        }
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "package main\n\nimport \"fmt\"\nimport \"math\"\n\n// Returns the n-th prime number (nthPrime(1) == 2).\n"
                       + function + "\n\n" + helper + "\n\nfunc main() {\n\tfmt.Println(nthPrime(3))\n}\n")
    }

    /// A Go answer that names a parameter otherwise than the file's signature (`GoShadowedPackages`' `strings_` for
    /// HumanEval-X's `func FilterByPrefix(strings []string, prefix string)`, whose body calls `strings.HasPrefix`; or the
    /// model's own name) replaces the file's whole function, signature included: its body alone under the file's
    /// signature named what the file does not declare (`undefined: strings_`, 2026-12-06). With the file's names, only
    /// the body goes in. go builds and runs what is written.
    func testAGoAnswerThatNamesAParameterOtherwiseReplacesTheSignature() throws {
        try requireGo()   // first: a skip thrown inside an assertion would count as a failure
        let go = try language("go")
        let comment = "// Filter an input list of strings only for ones that start with a given prefix.\n"
        let stub = "func FilterByPrefix(strings []string, prefix string) []string {\n}"
        let text = "package main\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\n" + comment + stub
            + "\n\nfunc main() {\n\tfmt.Println(FilterByPrefix([]string{\"abc\", \"bcd\", \"array\"}, \"a\"), strings.ToUpper(\"x\"))\n}\n"
        let task = try DocumentCodeTask.function(text: text, positionUTF8: try byte("// Filter", in: text), fileLanguage: go, languageID: "go")
        let renamed = "func FilterByPrefix(strings_ []string, prefix string) []string {\n\tfiltered := []string{}\n"
            + "\tfor _, s := range strings_ {\n\t\tif strings.HasPrefix(s, prefix) {\n\t\t\tfiltered = append(filtered, s)\n\t\t}\n\t}\n\treturn filtered\n}"
        let answer = "package main\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\n" + comment + renamed
            + "\n\nfunc main() {\n\tfmt.Println(FilterByPrefix([]string{}, \"a\"))\n}"
        let written = applying(task.placed(answer, method: .instruction), to: text)
        XCTAssertEqual(written, text.replacingOccurrences(of: stub, with: renamed))
        XCTAssertEqual(try runGo(written), "[abc array] X\n")

        let twice = "package main\n\nimport \"fmt\"\n\n// Returns twice x.\nfunc Twice(x int) int {\n}\n\nfunc main() {\n\tfmt.Println(Twice(4))\n}\n"
        let twiceTask = try DocumentCodeTask.function(text: twice, positionUTF8: try byte("// Returns", in: twice), fileLanguage: go, languageID: "go")
        let sameNames = twiceTask.placed("func Twice(x int) int {\n\treturn 2 * x\n}", method: .instruction)
        XCTAssertFalse(sameNames.newText.contains("func"), sameNames.newText)
        XCTAssertEqual(try runGo(applying(sameNames, to: twice)), "8\n")
        let otherName = applying(twiceTask.placed("func Twice(n int) int {\n\treturn 2 * n\n}", method: .instruction), to: twice)
        XCTAssertEqual(otherName, twice.replacingOccurrences(of: "func Twice(x int) int {\n}", with: "func Twice(n int) int {\n\treturn 2 * n\n}"))
        XCTAssertEqual(try runGo(otherName), "8\n")
    }

    /// A translation into Ruby keeps each function's `end` when the demo is left out (the `end` lines had been
    /// taken for statements of their own and dropped with it).
    func testARubyTranslationKeepsItsEnds() throws {
        let source = "def is_prime(n):\n    return n > 1\n\n\ndef primes_between(lo, hi):\n    return [p for p in range(lo, hi) if is_prime(p)]\n"
        let functions = "def is_prime(n)\n  n > 1\nend\n\ndef primes_between(lo, hi)\n  (lo...hi).select { |p| is_prime(p) }\nend"
        XCTAssertEqual(TranslationFit.standalone(functions + "\n\nputs primes_between(10, 30).inspect", source: source,
                                                 from: try language("python"), to: try language("ruby")), functions)
    }

    /// C#'s nullable return type (`int?`) is a signature's type, and the site is found from the signature's line
    /// (it had been "not a comment, docstring or signature"); a line that begins with a ternary's `?` defines nothing.
    func testACSharpSignatureWithANullableReturnType() throws {
        let csharp = try language("c#")
        XCTAssertEqual(FunctionSignature.first(in: "    public static int? Max(int[] xs)", language: csharp), FunctionSignature(name: "Max", arity: 1))
        XCTAssertNil(FunctionSignature.first(in: "        ? Compute(x)", language: csharp))
        let text = "public static class Util\n{\n    /// <summary>The largest element, or null.</summary>\n    public static int? Max(int[] xs)\n    {\n    }\n}\n"
        let task = try DocumentCodeTask.function(text: text, positionUTF8: try byte("    public static int?", in: text), fileLanguage: csharp, languageID: "csharp")
        XCTAssertEqual(task.title, "writing 'Max'")
    }

    /// A CRLF document: the site is found as in an LF one, the body is written with CRLF line ends, and the
    /// range is in the document's own bytes.
    func testACRLFDocumentKeepsItsLineEnds() throws {
        let text = "# 😀\r\ndef twice(x):\r\n    \"\"\"Twice x.\"\"\"\r\n    pass\r\n\r\nprint(twice(2))\r\n"
        let python = try language("python")
        XCTAssertEqual(DocumentCodeTask.actions(text: text, selectionUTF8: 1..<1, fileLanguage: python).map(\.title), ["Write function from comment"])
        let task = try DocumentCodeTask.function(text: text, positionUTF8: try byte("def twice", in: text), fileLanguage: python, languageID: "python")
        let placed = task.placed("    return 2 * x\n")
        var bytes = Array(text.utf8)
        bytes.replaceSubrange(placed.replaceUTF8Range, with: Array(placed.newText.utf8))
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "# 😀\r\ndef twice(x):\r\n    \"\"\"Twice x.\"\"\"\r\n    return 2 * x\r\n\r\nprint(twice(2))\r\n")
        XCTAssertEqual(placed.code, "def twice(x):\r\n    \"\"\"Twice x.\"\"\"\r\n    return 2 * x\r\n")

        let rust = try language("rust")
        let pasted = "fn main() {}\r\n\r\n    def add(a, b):\r\n        return a + b\r\n"
        let start = try byte("    def add", in: pasted)
        let translation = try DocumentCodeTask.translation(text: pasted, selectionUTF8: start..<pasted.utf8.count, target: "rust", fileLanguage: rust)
        let result = translation.placed("fn add(a: i32, b: i32) -> i32 {\n    a + b\n}")
        XCTAssertEqual(result.replaceUTF8Range, start..<pasted.utf8.count)
        XCTAssertEqual(result.newText, "    fn add(a: i32, b: i32) -> i32 {\r\n        a + b\r\n    }\r\n")
    }

    /// Examples run against a fill-in-the-middle body together with its signature (a body alone is no
    /// program): the imports, the last signature with its docstring, the body, dedented.
    func testAFillInTheMiddleBodyRunsWithItsSignature() throws {
        let python = try language("python")
        let prefix = "import math\n\nclass A:\n    # Twice x.\n    def twice(self, x):\n        \"\"\"Twice x.\n        >>> twice(None, 2)\n        4\n        \"\"\"\n"
        let program = CodeTaskEngine.runnableFunction(prefix: prefix, body: "        return 2 * x\n", language: python)
        XCTAssertEqual(program, "import math\ndef twice(self, x):\n    \"\"\"Twice x.\n    >>> twice(None, 2)\n    4\n    \"\"\"\n    return 2 * x\n")
        let examples = ExampleExtraction.examples(in: prefix, language: python)
        try ExampleRunnerTests.requireTool(for: python)
        XCTAssertEqual(LocalExampleRunner(timeoutSeconds: 10).passes(code: program, examples: examples, language: python), true)
        XCTAssertEqual(LocalExampleRunner(timeoutSeconds: 10).passes(code: "        return 2 * x\n", examples: examples, language: python), false,
                       "the body alone does not run")
    }
}
