import Decoding
import Languages
import XCTest

/// A tiny deterministic model: next-token log-probabilities by history, over a vocabulary of 5 tokens.
/// Token 4 is the end token. Tokens render as letters a–d.
final class TableModel: BranchingLanguageModel {
    let table: [[Int32]: [Double]]
    var histories: [BranchID: [Int32]] = [0: []]
    var nextID = 1
    private(set) var appendCalls = 0
    /// Rows evaluated over all appends (one per branch and step).
    private(set) var rowsAppended = 0
    private(set) var live: Set<BranchID> = [0]

    init(_ table: [[Int32]: [Double]]) { self.table = table }

    var vocabularySize: Int { 5 }
    var rootBranch: BranchID { 0 }
    func rootLogits() -> [Float] { logits(for: []) }

    func logits(for history: [Int32]) -> [Float] {
        let p = table[history] ?? [0.01, 0.01, 0.01, 0.01, 0.96]
        return p.map { Float(log($0)) }
    }

    func fork(_ branch: BranchID) throws -> BranchID {
        let id = nextID
        nextID += 1
        histories[id] = histories[branch]
        live.insert(id)
        return id
    }

    func release(_ branch: BranchID) { live.remove(branch); histories.removeValue(forKey: branch) }

    func append(_ steps: [(branch: BranchID, token: Int32)]) throws -> [[Float]] {
        appendCalls += 1
        rowsAppended += steps.count
        XCTAssertEqual(Set(steps.map(\.branch)).count, steps.count, "one step per branch in a batch")
        return steps.map { step in
            histories[step.branch, default: []].append(step.token)
            return logits(for: histories[step.branch] ?? [])
        }
    }
}

private let neverStop = StopRules(context: StopContext(singleLine: false, blockIndentation: "", lineBeforeCursor: "", suffix: "", indentationSensitive: false))
private func letters(_ t: Int32) -> [UInt8] { [UInt8(ascii: "a") + UInt8(t)] }

final class BeamSearchTests: XCTestCase {
    /// Greedy takes "a" (0.6) but every continuation after it is poor; "b" (0.4) leads to a sure "c".
    /// Best sequence by total probability: b c <end> = 0.4 × 0.9 × 0.9 = 0.324 vs a ? ... ≤ 0.6 × 0.3 × 0.9 = 0.162.
    private func trap() -> TableModel {
        TableModel([
            []: [0.6, 0.4, 0.0001, 0.0001, 0.0001],
            [0]: [0.3, 0.3, 0.2, 0.1, 0.1],
            [1]: [0.05, 0.0, 0.9, 0.0, 0.05],
            [0, 0]: [0, 0, 0, 0.1, 0.9], [0, 1]: [0, 0, 0, 0.1, 0.9],
            [1, 2]: [0.05, 0.0, 0.0, 0.05, 0.9],
        ])
    }

    func testGreedyFallsIntoTheTrap() throws {
        let model = trap()
        let c = try generateCandidates(model: model, strategy: .greedy, limits: DecodingLimits(maxTokens: 10), endTokens: [4],
                                       stopRules: neverStop, tokenText: letters, isCancelled: { false })
        XCTAssertEqual(c.first?.text, "aa")
    }

    func testBeamSearchFindsTheBestSequence() throws {
        let model = trap()
        let c = try generateCandidates(model: model, strategy: .beamSearch(width: 2, lengthPenalty: 0), limits: DecodingLimits(maxTokens: 10),
                                       endTokens: [4], stopRules: neverStop, tokenText: letters, isCancelled: { false })
        XCTAssertEqual(c.first?.text, "bc")
        XCTAssertEqual(c.first?.finish, .endToken)
        XCTAssertTrue(c.first?.endedByModel ?? false, "an end token finishes the beam")
        XCTAssertEqual(c.first?.tokens, [1, 2], "the end token is not part of the text")
        XCTAssertEqual(model.live, [0], "every branch is released at the end")
    }

    func testBeamStepsAreBatched() throws {
        let model = trap()
        let c = try generateCandidates(model: model, strategy: .beamSearch(width: 2, lengthPenalty: 0), limits: DecodingLimits(maxTokens: 10),
                                       endTokens: [4], stopRules: neverStop, tokenText: letters, isCancelled: { false })
        XCTAssertFalse(c.isEmpty)
        XCTAssertLessThanOrEqual(model.appendCalls, 3, "one append per step for all beams")
    }

    func testLengthPenaltyFavoursLongerSequences() throws {
        // Short: <end> right away has p 0.5; long: "a" (0.5) then "a" then end, each 0.95.
        let table: [[Int32]: [Double]] = [[]: [0.5, 0, 0, 0, 0.5], [0]: [0.95, 0, 0, 0, 0.05], [0, 0]: [0.02, 0, 0, 0, 0.98]]
        let none = try generateCandidates(model: TableModel(table), strategy: .beamSearch(width: 2, lengthPenalty: 0), limits: DecodingLimits(maxTokens: 5),
                                          endTokens: [4], stopRules: neverStop, tokenText: letters, isCancelled: { false })
        let full = try generateCandidates(model: TableModel(table), strategy: .beamSearch(width: 2, lengthPenalty: 1), limits: DecodingLimits(maxTokens: 5),
                                          endTokens: [4], stopRules: neverStop, tokenText: letters, isCancelled: { false })
        XCTAssertEqual(none.first?.text, "", "without normalisation the empty answer (p 0.5) wins over 0.5·0.95·0.98")
        XCTAssertEqual(full.first?.text, "aa", "per-token normalisation prefers the confident longer sequence")
    }

    func testSamplingIsReproducibleAndTopKOneIsGreedy() throws {
        let table: [[Int32]: [Double]] = [[]: [0.4, 0.3, 0.2, 0.1, 0.0001]]
        func run(_ seed: UInt64, _ k: Int?) throws -> [String] {
            try generateCandidates(model: TableModel(table), strategy: .sampling(SamplingParameters(temperature: 1, topK: k, topP: nil, minP: nil), count: 8, seed: seed),
                                   limits: DecodingLimits(maxTokens: 1), endTokens: [4], stopRules: neverStop, tokenText: letters, isCancelled: { false }).map(\.text)
        }
        XCTAssertEqual(try run(7, 40), try run(7, 40))
        XCTAssertNotEqual(Set(try run(7, 40)).count, 1, "eight samples are not all the same")
        XCTAssertEqual(Set(try run(7, 1)), ["a"])
    }

    /// With `greedyFirst`, candidate 0 follows the most likely token every step while the others still sample.
    func testGreedyFirstSamplingKeepsTheGreedyPathAsTheFirstCandidate() throws {
        let table: [[Int32]: [Double]] = [[]: [0.4, 0.3, 0.2, 0.1, 0.0001], [0]: [0.1, 0.5, 0.2, 0.2, 0.0001]]
        let candidates = try generateCandidates(
            model: TableModel(table),
            strategy: .sampling(SamplingParameters(temperature: 1.5, topK: nil, topP: nil, minP: nil, greedyFirst: true), count: 8, seed: 3),
            limits: DecodingLimits(maxTokens: 2), endTokens: [4], stopRules: neverStop, tokenText: letters, isCancelled: { false })
        XCTAssertEqual(candidates.count, 8)
        XCTAssertEqual(candidates[0].text, "ab", "argmax of the first step is a, then b")
        XCTAssertGreaterThan(Set(candidates.dropFirst().map(\.text)).count, 1, "the other seven still sample")
    }

    /// Samples that chose the same tokens share a branch: each candidate is still exactly what sampling it
    /// alone gives (computed here step by step from the table, with the sample's own generator), and the
    /// model evaluates one row per distinct path instead of one per sample.
    func testSamplesOnTheSamePathShareRowsAndStillSampleOnTheirOwn() throws {
        // Peaked at the start (the samples mostly agree), open in the middle (they part), peaked again.
        var table: [[Int32]: [Double]] = [[]: [0.97, 0.01, 0.01, 0.01, 0.0001]]
        table[[0]] = [0.97, 0.01, 0.01, 0.01, 0.0001]
        for a: Int32 in 0..<4 {
            table[[0, a]] = [0.3, 0.3, 0.2, 0.2, 0.0001]
            for b: Int32 in 0..<4 { table[[0, a, b]] = [0.01, 0.01, 0.01, 0.96, 0.01] }
        }
        let parameters = SamplingParameters(temperature: 1, topK: nil, topP: nil, minP: nil, greedyFirst: true)
        let (count, seed, maxTokens): (Int, UInt64, Int) = (8, 11, 6)
        let model = TableModel(table)
        let candidates = try generateCandidates(model: model, strategy: .sampling(parameters, count: count, seed: seed),
                                                limits: DecodingLimits(maxTokens: maxTokens), endTokens: [4], stopRules: neverStop,
                                                tokenText: letters, isCancelled: { false })
        var expected: [[Int32]] = []
        for index in 0..<count {
            var rng = SeededGenerator(seed: seed &+ UInt64(index) &* 0x9E37_79B9)
            var history: [Int32] = []
            while history.count < maxTokens {
                let logits = model.logits(for: history)
                let token = index == 0 ? Distribution.argmax(logits, banned: [])
                    : Distribution.sample(logits, parameters: parameters, history: history, banned: [], using: &rng)
                if token == 4 { break }
                history.append(token)
            }
            expected.append(history)
        }
        XCTAssertEqual(candidates.map(\.tokens), expected)
        for candidate in candidates {
            for (k, token) in candidate.tokens.enumerated() {
                let logits = model.logits(for: Array(candidate.tokens[..<k]))
                XCTAssertEqual(candidate.tokenLogprobs[k], Double(logits[Int(token)]) - Distribution.logNormalizer(logits), accuracy: 1e-9,
                               "each token's log-probability comes from its own path")
            }
        }
        let distinctPrefixes = Set(candidates.flatMap { c in (1...c.tokens.count).map { Array(c.tokens[..<$0]) } })
        XCTAssertGreaterThan(Set(expected).count, 2, "the samples part")
        XCTAssertEqual(model.rowsAppended, distinctPrefixes.count - Set(candidates.filter { $0.tokens.count == maxTokens }.map(\.tokens)).count,
                       "one row per distinct path and step (a path cut at the token limit needs no row for its last token)")
        XCTAssertLessThan(model.rowsAppended, candidates.reduce(0) { $0 + $1.tokens.count } / 2)
        XCTAssertEqual(model.live, [0], "every branch released")
    }

    func testSampleFrequenciesFollowTheDistribution() {
        var rng = SeededGenerator(seed: 42)
        let logits: [Float] = [0.5, 0.3, 0.2].map { Float(log($0)) }
        var counts = [0, 0, 0]
        for _ in 0..<20_000 {
            counts[Int(Distribution.sample(logits, parameters: SamplingParameters(temperature: 1, topK: nil, topP: nil, minP: nil), history: [], banned: [], using: &rng))] += 1
        }
        XCTAssertEqual(Double(counts[0]) / 20_000, 0.5, accuracy: 0.02)
        XCTAssertEqual(Double(counts[1]) / 20_000, 0.3, accuracy: 0.02)
        XCTAssertEqual(Double(counts[2]) / 20_000, 0.2, accuracy: 0.02)
    }

    func testCancellationStopsWithinOneStep() throws {
        let model = TableModel([[]: [0.9, 0.1, 0, 0, 0]])
        var polls = 0
        let c = try generateCandidates(model: model, strategy: .greedy, limits: DecodingLimits(maxTokens: 100), endTokens: [],
                                       stopRules: neverStop, tokenText: letters, isCancelled: { polls += 1; return polls > 3 })
        XCTAssertEqual(c.first?.finish, .cancelled)
        XCTAssertLessThanOrEqual(model.appendCalls, 3)
    }
}

/// The decoder steering around tokens the Python block rules reject, on a table model whose tokens are
/// pieces of one line: "    if x:", "\n", " y()", "    z()" and the end token.
final class GuardedDecodingTests: XCTestCase {
    private static let pieces = ["    if x:", "\n", " y()", "    z()"]
    private func text(_ t: Int32) -> [UInt8] { Array(Self.pieces[Int(t)].utf8) }

    /// Cursor at the start of `    return a`, one line to fill: a header there would have no body.
    private func rules(guarded: Bool) -> StopRules {
        let prefix = "def f(x):\n    a = 1\n"
        let suffix = "    return a\n"
        return StopRules(context: StopContext(singleLine: true, blockIndentation: "    ", lineBeforeCursor: "", suffix: suffix,
                                              indentationSensitive: true,
                                              blockRules: guarded ? PythonBlockGuard(prefix: prefix, suffix: suffix, singleLine: true) : nil))
    }

    /// The model prefers the header, then a line break (0.7) over an inline body (0.25).
    private func model() -> TableModel {
        TableModel([
            []: [0.6, 0.0, 0.0, 0.35, 0.05],
            [0]: [0.0, 0.7, 0.25, 0.0, 0.05],
            [0, 2]: [0.0, 0.9, 0.0, 0.0, 0.1],
            [3]: [0.0, 0.9, 0.0, 0.0, 0.1],
        ])
    }

    func testGreedyTakesTheNextTokenWhenTheLineBreakWouldLeaveAHeaderWithoutBody() throws {
        let plain = try generateCandidates(model: model(), strategy: .greedy, limits: DecodingLimits(maxTokens: 10), endTokens: [4],
                                           stopRules: rules(guarded: false), tokenText: text, isCancelled: { false })
        XCTAssertEqual(plain.first?.text, "    if x:", "without the rules the line ends on the header")
        let guarded = try generateCandidates(model: model(), strategy: .greedy, limits: DecodingLimits(maxTokens: 10), endTokens: [4],
                                             stopRules: rules(guarded: true), tokenText: text, isCancelled: { false })
        XCTAssertEqual(guarded.first?.text, "    if x: y()")
        XCTAssertEqual(guarded.first?.violatesLanguageRules, false)
        XCTAssertEqual(plain.first?.violatesLanguageRules, false, "nothing to violate without the rules")
    }

    func testAnEndTokenAfterAHeaderIsRejectedToo() throws {
        let table: [[Int32]: [Double]] = [[]: [0.9, 0, 0, 0.05, 0.05], [0]: [0, 0.0, 0.2, 0.0, 0.8], [0, 2]: [0, 0, 0, 0, 1]]
        let c = try generateCandidates(model: TableModel(table), strategy: .greedy, limits: DecodingLimits(maxTokens: 10), endTokens: [4],
                                       stopRules: rules(guarded: true), tokenText: text, isCancelled: { false })
        XCTAssertEqual(c.first?.text, "    if x: y()")
        XCTAssertEqual(c.first?.finish, .endToken)
    }

    func testBeamSearchSkipsRejectedExpansionsAndKeepsItsBest() throws {
        let m = model()
        let c = try generateCandidates(model: m, strategy: .beamSearch(width: 2, lengthPenalty: 1), limits: DecodingLimits(maxTokens: 10),
                                       endTokens: [4], stopRules: rules(guarded: true), tokenText: text, isCancelled: { false })
        XCTAssertFalse(c.isEmpty)
        XCTAssertFalse(c.contains { $0.text == "    if x:" }, "the header alone never finishes")
        XCTAssertTrue(c.allSatisfy { !$0.violatesLanguageRules })
        XCTAssertEqual(Set(c.map(\.text)), ["    if x: y()", "    z()"])
        XCTAssertEqual(m.live, [0], "every branch is released at the end")
    }

    /// A model that only ever wants to break the line after the header: the decoder gives way after a few
    /// rejecting steps and marks what it returns.
    func testAnInsistentModelStillAnswersAndTheAnswerIsMarked() throws {
        let table: [[Int32]: [Double]] = [[]: [1, 0, 0, 0, 0]]
        var histories: [[Int32]: [Double]] = table
        // After the header: line break 0.9, else only the header again.
        var h: [Int32] = [0]
        for _ in 0..<8 { histories[h] = [0.1, 0.9, 0, 0, 0]; h.append(0) }
        for strategy in [DecodingStrategy.greedy, .beamSearch(width: 2, lengthPenalty: 1)] {
            let c = try generateCandidates(model: TableModel(histories), strategy: strategy, limits: DecodingLimits(maxTokens: 12),
                                           endTokens: [4], stopRules: rules(guarded: true), tokenText: text, isCancelled: { false })
            let first = try XCTUnwrap(c.first, "\(strategy)")
            XCTAssertLessThanOrEqual(first.tokens.count, 6, "\(strategy): gives way after a few rejecting steps")
            XCTAssertTrue(first.violatesLanguageRules, "\(strategy): \(first.text)")
        }
    }

    /// A model that likes to say nothing: ending at once (0.4) or a blank line (0.3 × 0.9) are its likeliest
    /// continuations, "x y" (0.2 × 0.5 × 0.9) the likeliest with text. Blank candidates are dropped by ranking,
    /// so they must neither take the live beams' places nor end the search before "xy" finishes.
    func testBlankCandidatesDoNotEndTheSearch() throws {
        let table: [[Int32]: [Double]] = [
            []: [0.2, 0.3, 0.05, 0.05, 0.4],     // x, space, newline, y, end
            [1]: [0.02, 0.02, 0.9, 0.02, 0.04],  // after a space: the line ends
            [0]: [0.1, 0.1, 0.2, 0.5, 0.1],      // after x: y
            [0, 3]: [0.02, 0.02, 0.04, 0.02, 0.9],
        ]
        let glyphs: [Int32: String] = [0: "x", 1: " ", 2: "\n", 3: "y"]
        let oneLine = StopRules(context: StopContext(singleLine: true, blockIndentation: "", lineBeforeCursor: "", suffix: "",
                                                     indentationSensitive: false))
        let m = TableModel(table)
        let c = try generateCandidates(model: m, strategy: .beamSearch(width: 2, lengthPenalty: 1), limits: DecodingLimits(maxTokens: 10),
                                       endTokens: [4], stopRules: oneLine, tokenText: { Array((glyphs[$0] ?? "").utf8) },
                                       isCancelled: { false })
        XCTAssertEqual(c.first { $0.isUsable }?.text, "xy", "\(c.map(\.text))")
        XCTAssertEqual(m.live, [0], "every branch is released at the end")
    }
}
