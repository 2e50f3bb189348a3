import Completion
import TestSupport
import XCTest

/// Found by `infill bench --soak`: SmolLM2 adds no BOS and has no fill-in-the-middle markers, so a completion
/// at the start of an empty file had an empty prompt, and the transformer's refusal of an empty sequence
/// reached the editor as an error ("the sequence needs 0 positions ..."). It is an empty answer now.
final class EmptyPromptTests: XCTestCase {
    func testACompletionInAnEmptyFileOnAModelWithoutBOSIsEmptyNotAnError() throws {
        let model = try LoadedModel(path: TestModels.path("smollm2-135m"), threads: 2)
        let engine = CompletionEngine(model: model, settings: CompletionSettings())
        let response = try engine.complete(CompletionRequest(documentKey: "empty.py", text: "", cursorUTF8Offset: 0, filePath: "empty.py"))
        XCTAssertEqual(response.candidates.count, 0)
        XCTAssertEqual(response.promptTokens, 0)
        XCTAssertFalse(response.cancelled)
        // The next keystroke completes as usual.
        let typed = try engine.complete(CompletionRequest(documentKey: "empty.py", text: "def add(a, b):\n    return ", cursorUTF8Offset: 26, filePath: "empty.py"))
        XCTAssertGreaterThan(typed.promptTokens, 0)
    }
}
