@testable import Completion
import XCTest

/// The room of an instruction answer: `maxTokens` beyond what it repeats of the prompt's code, within the context.
final class AnswerRoomTests: XCTestCase {
    func testATranslationMayBeFourTimesItsSourceBeyondTheRoomAsked() {
        // A 900-token Python function into C++: 512 + 4 × 900 = 4,112 tokens, well within a 32,768-token context.
        XCTAssertEqual(AnswerRoom.tokens(maxTokens: 512, quotedTokens: 900, timesQuoted: AnswerRoom.translationTimesSource,
                                         promptTokens: 1_000, context: 32_768), 4_112)
    }

    func testAWrittenFunctionRepeatsItsCommentOnce() {
        // HumanEval `numerical_letter_grade`: a docstring of some 330 tokens before a body of up to 512.
        XCTAssertEqual(AnswerRoom.tokens(maxTokens: 512, quotedTokens: 330, timesQuoted: AnswerRoom.writingTimesPrompt,
                                         promptTokens: 400, context: 32_768), 842)
    }

    func testTheContextBoundsTheRoomButNeverBelowWhatWasAsked() {
        XCTAssertEqual(AnswerRoom.tokens(maxTokens: 512, quotedTokens: 3_000, timesQuoted: 2, promptTokens: 3_200, context: 4_096), 896,
                       "what the context leaves after the prompt")
        XCTAssertEqual(AnswerRoom.tokens(maxTokens: 512, quotedTokens: 3_900, timesQuoted: 2, promptTokens: 4_000, context: 4_096), 512,
                       "less than asked is left: the room asked, for the prompt-too-long check to refuse")
        XCTAssertEqual(AnswerRoom.tokens(maxTokens: 64, quotedTokens: 0, timesQuoted: 2, promptTokens: 10, context: 4_096), 64, "nothing quoted")
    }
}

/// Who decides the room: without a number it grows with what the answer repeats; a number given is the cap.
final class CodeTaskOptionsTokenTests: XCTestCase {
    func testANumberGivenIsTheCap() {
        XCTAssertEqual(CodeTaskOptions().maxTokens, 512)
        XCTAssertTrue(CodeTaskOptions().roomForRepeatedCode)
        XCTAssertFalse(CodeTaskOptions(maxTokens: 200).roomForRepeatedCode)
        var options = CodeTaskOptions()
        options.limitTokens(to: 40)
        XCTAssertEqual(options.maxTokens, 40)
        XCTAssertFalse(options.roomForRepeatedCode)
    }
}
