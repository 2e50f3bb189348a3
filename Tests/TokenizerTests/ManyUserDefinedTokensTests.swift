import Foundation
import Tokenizer
import XCTest

/// A vocabulary with thousands of user-defined and control tokens (a fine-tune's added tokens, or a hostile
/// file): the special-token splitter must give exactly what llama.cpp's rule gives, which
/// `NaiveSpecialTokenSplit` below applies literally (each special token in priority order splits every
/// remaining text fragment at its leftmost non-overlapping occurrences).
///
/// The vocabulary has one normal token per character of the alphabet and no merges, so a text fragment
/// encodes to one token per byte and the expected ids follow from the split alone.
final class ManyUserDefinedTokensTests: XCTestCase {
    func testSplitMatchesTheLiteralRuleOnRandomTexts() throws {
        var random = XorShift64(state: 20)
        let vocabulary = HandBuiltSpecialVocabulary(userDefined: 2000, control: 200, random: &random)
        let tokenizer = try vocabulary.makeTokenizer()
        for round in 0..<150 {
            let text = vocabulary.randomText(length: Int(random.next() % 400), random: &random)
            for parseSpecial in [false, true] {
                XCTAssertEqual(tokenizer.encode(text, parseSpecial: parseSpecial),
                               vocabulary.expectedIDs(text, parseSpecial: parseSpecial),
                               "round \(round), parseSpecial \(parseSpecial): \(text)")
            }
        }
    }

    /// A measurement run by hand, not a timed test: `INFILL_MEASURE_TOKENIZER=1 swift test -c release
    /// --filter ManyUserDefinedTokensTests`. Issue 20: a vocabulary of 10,000 user-defined tokens made encoding 100 KB take seconds (the splitter
    /// scanned the input once per special token). Prints the tokenizer's time and, for comparison, the
    /// literal rule's (`HandBuiltSpecialVocabulary.expectedIDs`, what the splitter did before).
    func testMeasureEncodingWithTenThousandUserDefinedTokens() throws {
        guard ProcessInfo.processInfo.environment["INFILL_MEASURE_TOKENIZER"] == "1" else {
            throw XCTSkip("set INFILL_MEASURE_TOKENIZER=1 to measure")
        }
        var random = XorShift64(state: 7)
        let vocabulary = HandBuiltSpecialVocabulary(userDefined: 10_000, control: 0, random: &random)
        let tokenizer = try vocabulary.makeTokenizer()
        let text = vocabulary.randomText(length: 102_400, random: &random)
        func milliseconds(_ body: () -> Void) -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        }
        var ids: [Int32] = [], expected: [Int32] = []
        let fast = milliseconds { ids = tokenizer.encode(text, parseSpecial: false) }
        let literal = milliseconds { expected = vocabulary.expectedIDs(text, parseSpecial: false) }
        XCTAssertEqual(ids, expected)
        print("10,000 user-defined tokens, \(text.utf8.count) bytes -> \(ids.count) tokens: encode \(fast) ms; literal split rule \(literal) ms")
    }

    /// Overlaps worked out by hand: a longer token wins over a shorter one anywhere in the text, and
    /// among tokens of the same length the lower id wins, even when the other occurs further left.
    func testPriorityIsByLengthThenIDNotByPosition() throws {
        // ids: a 0, b 1, c 2, < 3, > 4, | 5, then specials.
        let tokens = ["a", "b", "c", "<", ">", "|", "ab", "bc", "abc", "ca"]
        let types = [1, 1, 1, 1, 1, 1, 4, 4, 4, 4]
        let tokenizer = try Tokenizer(tokens: tokens, tokenTypes: types, merges: [], preTokenizer: "gpt-2",
                                      bosID: nil, eosID: nil, addBOS: false)
        // "abc" (id 8) first; then "ab"/"bc"/"ca" find nothing left in "abc".
        XCTAssertEqual(tokenizer.encode("abcab", parseSpecial: false), [8, 6])
        // "cabc": "abc" takes 1..<4, leaving "c".
        XCTAssertEqual(tokenizer.encode("cabc", parseSpecial: false), [2, 8])
        // "bcab": no "abc"; "ab" (id 6) before "bc" (id 7) and "ca": "ab" takes 2..<4, then "bc" takes 0..<2.
        XCTAssertEqual(tokenizer.encode("bcab", parseSpecial: false), [7, 6])
        // "cab": "ab" takes 1..<3 although "ca" starts further left.
        XCTAssertEqual(tokenizer.encode("cab", parseSpecial: false), [2, 6])
        // "aaa" has none; "ababab" is three "ab".
        XCTAssertEqual(tokenizer.encode("aaa", parseSpecial: false), [0, 0, 0])
        XCTAssertEqual(tokenizer.encode("ababab", parseSpecial: false), [6, 6, 6])
    }
}

/// A vocabulary of single characters plus random special tokens, and the literal splitting rule on it.
struct HandBuiltSpecialVocabulary {
    static let alphabet: [Character] = ["a", "b", "c", "<", ">", "|"]
    var tokens: [String] = alphabet.map(String.init)
    var types: [Int] = alphabet.map { _ in 1 }

    /// `userDefined` USER_DEFINED (4) and `control` CONTROL (3) tokens of 2 to 8 random characters, distinct.
    init(userDefined: Int, control: Int, random: inout XorShift64) {
        var seen = Set(tokens)
        for type in Array(repeating: 4, count: userDefined) + Array(repeating: 3, count: control) {
            var text = ""
            repeat {
                text = Self.randomString(length: 2 + Int(random.next() % 7), random: &random)
            } while seen.contains(text)
            seen.insert(text)
            tokens.append(text)
            types.append(type)
        }
    }

    func makeTokenizer() throws -> Tokenizer {
        try Tokenizer(tokens: tokens, tokenTypes: types, merges: [], preTokenizer: "gpt-2", bosID: nil, eosID: nil, addBOS: false)
    }

    static func randomString(length: Int, random: inout XorShift64) -> String {
        String((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
    }

    /// Random characters with, half the time, a special token's text dropped in, so occurrences overlap often.
    func randomText(length: Int, random: inout XorShift64) -> String {
        var text = ""
        while text.count < length {
            if random.next() % 2 == 0 {
                text += tokens[Self.alphabet.count + Int(random.next() % UInt64(tokens.count - Self.alphabet.count))]
            } else {
                text += Self.randomString(length: 1 + Int(random.next() % 3), random: &random)
            }
        }
        return text
    }

    /// The ids llama.cpp's rule gives: special tokens longest first (ties by id), each splitting every
    /// remaining text fragment at its leftmost non-overlapping occurrences; each remaining character is
    /// its own token.
    func expectedIDs(_ text: String, parseSpecial: Bool) -> [Int32] {
        enum Piece { case token(Int32), text(ArraySlice<UInt8>) }
        var pieces: [Piece] = [.text(ArraySlice(text.utf8))]
        let order = tokens.indices.filter { types[$0] == 4 || (parseSpecial && types[$0] == 3) }
            .sorted { tokens[$0].utf8.count != tokens[$1].utf8.count ? tokens[$0].utf8.count > tokens[$1].utf8.count : $0 < $1 }
        for id in order {
            let pattern = Array(tokens[id].utf8)
            var next: [Piece] = []
            for piece in pieces {
                guard case .text(let bytes) = piece else { next.append(piece); continue }
                var start = bytes.startIndex, i = bytes.startIndex
                while i + pattern.count <= bytes.endIndex {
                    if bytes[i..<i + pattern.count].elementsEqual(pattern) {
                        if i > start { next.append(.text(bytes[start..<i])) }
                        next.append(.token(Int32(id)))
                        i += pattern.count
                        start = i
                    } else {
                        i += 1
                    }
                }
                if start < bytes.endIndex { next.append(.text(bytes[start...])) }
            }
            pieces = next
        }
        let alphabetBytes = Self.alphabet.map { $0.asciiValue ?? 0 }
        return pieces.flatMap { piece -> [Int32] in
            switch piece {
            case .token(let id): return [id]
            case .text(let bytes): return bytes.map { Int32(alphabetBytes.firstIndex(of: $0) ?? -1) }
            }
        }
    }
}

/// A small seeded generator (xorshift64), so every run tests the same texts.
struct XorShift64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}
