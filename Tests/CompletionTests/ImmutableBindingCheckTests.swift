@testable import Completion
import Languages
import XCTest

/// `ImmutableBindingCheck`: assignments to `const`/`val`/`let` bindings, on hand-written code and on the
/// translations that prompted it.
final class ImmutableBindingCheckTests: XCTestCase {
    private func count(_ code: String, _ language: String) -> Int? {
        CodeCandidateExpectation.constantsReassigned(in: code, language: CodeLanguage.named(language)!)
    }

    /// The Python→TypeScript and Python→Kotlin translations of a `slugify` that reassigns `slug`: the best-scored
    /// candidate kept `const`/`val`, its sibling wrote `let`/`var`.
    func testTheTranslationsThatReassignedAnImmutableSlug() {
        let typescript = """
        function slugify(title: string, max_length: number = 40): string {
            const words = title.toLowerCase().match(/\\b[a-z0-9]+\\b/g);
            const slug = words ? words.join('-') : '';
            if (slug.length > max_length) {
                slug = slug.slice(0, max_length).split('-')[0];
            }
            return slug;
        }
        """
        XCTAssertEqual(count(typescript, "ts"), 1)
        XCTAssertEqual(count(typescript.replacingOccurrences(of: "const slug", with: "let slug"), "ts"), 0)
        let kotlin = """
        fun slugify(title: String, maxLength: Int = 40): String {
            val words = title.lowercase().split(Regex("[^a-z0-9]+"))
            val slug = words.joinToString("-")
            if (slug.length > maxLength) {
                slug = slug.substring(0, maxLength)
            }
            return slug
        }
        """
        XCTAssertEqual(count(kotlin, "kotlin"), 1)
        XCTAssertEqual(count(kotlin.replacingOccurrences(of: "val slug", with: "var slug"), "kotlin"), 0)
    }

    func testCompoundAssignmentsAndIncrementsCount() {
        XCTAssertEqual(count("const total = 0;\nfor (const x of xs) {\n  total += x;\n}\nreturn total;", "js"), 1)
        XCTAssertEqual(count("const n = 1;\nn++;\n--n;", "js"), 2)
        XCTAssertEqual(count("let x = 1\nx += 1", "swift"), 1)
        XCTAssertEqual(count("let x = 1;\nx += 1;", "rust"), 1)
        XCTAssertEqual(count("let mut x = 1;\nx += 1;", "rust"), 0)
    }

    /// An inner `let` of the same name shadows the outer `const` (HumanEval-X JavaScript/153, a passing candidate).
    func testAnInnerMutableBindingShadowsTheConstant() {
        let code = """
        const strongestExtension = (class_name, extensions) => {
          let strongestExtension = '';
          let maxStrength = -Infinity;
          for (const extension of extensions) {
            const strength = extension.length;
            if (strength > maxStrength) {
              maxStrength = strength;
              strongestExtension = extension;
            }
          }
          return `${class_name}.${strongestExtension}`;
        };
        """
        XCTAssertEqual(count(code, "js"), 0)
        // Outside the inner scope the constant is back.
        XCTAssertEqual(count("const s = 1;\n{\n  let s = 2;\n  s = 3;\n}\ns = 4;", "js"), 1)
    }

    func testWhatIsNotAnAssignmentToTheBinding() {
        // Comparisons, arrows, members, named arguments, strings and comments.
        XCTAssertEqual(count("const x = 1;\nif (x == 2 || x === 3 || x <= 4 || x >= 5 || x != 6) {}\nconst f = x => x;", "js"), 0)
        XCTAssertEqual(count("const point = {x: 1};\npoint.x = 2;\nobj.point = 3;", "js"), 0)
        XCTAssertEqual(count("val size = 3\nval box = Box(size = 4)", "kotlin"), 0)
        XCTAssertEqual(count("const a = 1; // a = 2\nconst s = \"a = 3\";", "js"), 0)
    }

    /// A binding without an initializer may be assigned once later (Rust, Swift, Kotlin), and the bindings of
    /// `if let`, loop headers and destructuring are not read.
    func testBindingsTheCheckLeavesAlone() {
        XCTAssertEqual(count("let x;\nif a { x = 1; } else { x = 2; }", "rust"), 0)
        XCTAssertEqual(count("let x: Int\nif a { x = 1 } else { x = 2 }", "swift"), 0)
        XCTAssertEqual(count("val x: Int\nx = 5", "kotlin"), 0)
        XCTAssertEqual(count("var y = 0\nif let y = optional { print(y) }\ny = 1", "swift"), 0)
        XCTAssertEqual(count("let i = 0;\nfor (const i of xs) { }\ni = 2;", "js"), 0)
    }

    func testLanguagesWithoutTheCheck() {
        XCTAssertNil(count("x = 1\nx = 2", "python"))
        XCTAssertNil(count("const int x = 1;\nx = 2;", "cpp"))
    }

    /// The score takes 1 per reassignment, at most 2; none when the check does not apply.
    func testTheScorePenalizesEachReassignment() {
        var features = CodeCandidateFeatures(meanLogprob: -0.1, codeMeanLogprob: -0.1, bracketsBalanced: true, blockClosed: true,
                                             nameKept: true, arityKept: true, sourceMarkersLeft: 0, lengthRatio: 1, unusedLocals: 0)
        let clean = features.score
        features.constantsReassigned = 0
        XCTAssertEqual(features.score, clean)
        features.constantsReassigned = 1
        XCTAssertEqual(features.score, clean - 1, accuracy: 1e-12)
        features.constantsReassigned = 5
        XCTAssertEqual(features.score, clean - 2, accuracy: 1e-12)
    }
}
