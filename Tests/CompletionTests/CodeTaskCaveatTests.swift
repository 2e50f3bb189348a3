@testable import Completion
import Languages
import XCTest

/// What the user is told about an answer the checks found wrong: the best candidate not building (so none
/// did), or failing its examples, with the first message, or cut at the token limit; nothing when nothing is known against it.
final class CodeTaskCaveatTests: XCTestCase {
    private func candidate(builds: Bool?, buildFailure: String? = nil, examplesPassed: Bool? = nil, exampleFailure: String? = nil,
                           ended: Bool = true) -> CodeTaskCandidate {
        var features = CodeCandidateFeatures(meanLogprob: -0.1, codeMeanLogprob: -0.1, bracketsBalanced: true, blockClosed: ended,
                                             nameKept: true, arityKept: true, sourceMarkersLeft: 0, lengthRatio: 1, unusedLocals: 0)
        features.builds = builds
        features.examplesPassed = examplesPassed
        var candidate = CodeTaskCandidate(code: "code", features: features)
        candidate.buildFailure = buildFailure
        candidate.exampleFailure = exampleFailure
        return candidate
    }

    private func language(_ name: String) throws -> CodeLanguage { try XCTUnwrap(CodeLanguage.named(name)) }

    func testABestCandidateThatDoesNotBuildIsNamedWithTheCompilersFirstMessage() throws {
        let failure = "It does not compile:\n`print(greet(\"you\"))`: error: missing argument label 'name:' in call\n 5 | print(greet(\"you\"))\n"
        XCTAssertEqual(candidate(builds: false, buildFailure: failure).caveat(language: try language("swift")),
                       "no candidate compiles as Swift; this is the best of them: `print(greet(\"you\"))`: error: missing argument label 'name:' in call")
        let python = "It cannot run:\n`return total`: NameError: name 'total' is not defined\n"
        XCTAssertEqual(candidate(builds: false, buildFailure: python).caveat(language: try language("python")),
                       "python3's parser or scope check rejects every candidate; this is the best of them: `return total`: NameError: name 'total' is not defined")
        XCTAssertEqual(candidate(builds: false).caveat(language: try language("go")), "no candidate compiles as Go; this is the best of them",
                       "no message kept: the summary alone")
    }

    /// A translation built alone because the rest of its file does not build says so: a name the file defines is
    /// missing alone, and the compiler's message alone would blame the translation.
    func testACandidateBuiltAloneForItsFilesSakeSaysWhy() throws {
        let go = try language("go")
        let failing = candidate(builds: false, buildFailure: "It does not compile:\n`if isPrime(k) {`: undefined: isPrime\n")
        var result = CodeTaskResult(candidates: [failing], promptTokens: 1, generatedTokens: 1, seconds: 0, cancelled: false)
        XCTAssertEqual(result.caveat(language: go), "no candidate compiles as Go; this is the best of them: `if isPrime(k) {`: undefined: isPrime")
        result.builtAloneBecause = "`label := (`: syntax error: unexpected newline"
        XCTAssertEqual(result.caveat(language: go), "no candidate compiles as Go; this is the best of them: `if isPrime(k) {`: undefined: isPrime"
                       + " (built alone: the rest of the file does not build either: `label := (`: syntax error: unexpected newline)")
        result.candidates = [candidate(builds: true)]
        XCTAssertNil(result.caveat(language: go), "a candidate that builds alone needs no word on the file")
    }

    func testFailedExamplesAreNamed() throws {
        let failure = "`add(2, 3)` gave 6, not 5\n`add(0, 0)` gave 1, not 0\n"
        XCTAssertEqual(candidate(builds: true, examplesPassed: false, exampleFailure: failure).caveat(language: try language("python")),
                       "no candidate passes every example of the source or comment; this is the best of them: `add(2, 3)` gave 6, not 5")
    }

    /// An answer cut at the token limit before its code ended may lack its end: said, after what the checks found.
    func testAnAnswerCutAtTheTokenLimitIsSaid() throws {
        let cut = try XCTUnwrap(candidate(builds: true, ended: false).caveat(language: try language("python")))
        XCTAssertTrue(cut.contains("taskMaxTokens") && cut.contains("its end may be missing"), cut)
        XCTAssertEqual(candidate(builds: false, ended: false).caveat(language: try language("go")), "no candidate compiles as Go; this is the best of them",
                       "what the compiler says comes first")
        XCTAssertNil(candidate(builds: true, ended: true).caveat(language: try language("python")))
    }

    func testNothingIsSaidWhenNothingIsKnownAgainstTheCode() throws {
        XCTAssertNil(candidate(builds: true).caveat(language: try language("cpp")))
        XCTAssertNil(candidate(builds: nil).caveat(language: try language("javascript")), "not checked is not wrong")
        XCTAssertNil(candidate(builds: true, examplesPassed: true).caveat(language: try language("python")))
        let long = "It does not compile:\n`" + String(repeating: "x", count: 400) + "`: error: too long\n"
        let cut = try XCTUnwrap(candidate(builds: false, buildFailure: long).caveat(language: try language("cpp")))
        XCTAssertLessThan(cut.count, 300, "one line, cut")
        XCTAssertTrue(cut.hasSuffix("…"))
    }
}
