@testable import Completion
import Languages
import XCTest

/// `RubyRequires`: a Ruby `require` of a Python module, on the translation that prompted it and by hand.
final class RubyRequiresTests: XCTestCase {
    /// `infill translate --to ruby` of a Python file importing math, re and Counter (the 1.5B, 2026-12-05).
    func testTheTranslationThatRequiredMath() {
        let translation = """
        require 'math'

        def hypot_all(points)
          points.map { |x, y| Math.hypot(x, y) }
        end
        """
        XCTAssertEqual(RubyRequires.fixed(translation), "def hypot_all(points)\n  points.map { |x, y| Math.hypot(x, y) }\nend")
        XCTAssertEqual(CodeTaskEngine.mended(translation, language: CodeLanguage.named("ruby")!), RubyRequires.fixed(translation))
        XCTAssertEqual(CodeTaskEngine.mended(translation, language: CodeLanguage.named("python")!), translation)
    }

    func testOnlyWholeRequiresOfPythonModules() {
        XCTAssertEqual(RubyRequires.fixed("require \"sys\"  # for argv\nrequire('re')\nrequire 'json'\nputs 1"), "require 'json'\nputs 1")
        let unchanged = [
            "require 'set'\nrequire 'prime'\nrequire 'time'\n",       // Ruby's own
            "x = 1\n# require 'math'\nputs \"require 'math'\"\n",       // a comment, a string
            "require 'math' if defined?(Foo)\n",                       // not a whole require
            "require_relative 'math'\n",
        ]
        for code in unchanged { XCTAssertEqual(RubyRequires.fixed(code), code, code) }
    }
}
