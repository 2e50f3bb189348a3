@testable import Completion
import Languages
import XCTest

/// `ImmutableBindingCheck`: assignments to `const`/`val`/`let` bindings, on hand-written code and on the
/// translations that prompted it.
final class ImmutableBindingCheckTests: XCTestCase {
    private func count(_ code: String, _ language: String) -> Int? {
        ImmutableBindingCheck.reassignments(in: code, language: CodeLanguage.named(language)!)
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

    /// Python's `n //= 10` on a parameter, translated as is: parameters are immutable in Rust (unless `mut`),
    /// Swift (unless `inout`) and Kotlin, variables in JavaScript.
    func testAssignmentsToParameters() {
        let rust = "fn digit_sum(n: u32) -> u32 {\n    let mut total = 0;\n    while n > 0 {\n        total += n % 10;\n        n /= 10;\n    }\n    total\n}"
        XCTAssertEqual(count(rust, "rust"), 1)
        XCTAssertEqual(count(rust.replacingOccurrences(of: "(n: u32)", with: "(mut n: u32)"), "rust"), 0)
        XCTAssertEqual(count("fn f(&mut self, xs: HashMap<u32, Vec<u32>>, k: usize) {\n    k += 1;\n    self.k = 2;\n}", "rust"), 1)
        let swift = "func digitSum(_ n: Int, base: Int = 10) -> Int {\n    var total = 0\n    while n > 0 {\n        total += n % base\n        n /= base\n    }\n    return total\n}"
        XCTAssertEqual(count(swift, "swift"), 1)
        XCTAssertEqual(count("func bump(_ n: inout Int) {\n    n += 1\n}", "swift"), 0)
        XCTAssertEqual(count("func f(n: Int) -> Int {\n    var n = n\n    n -= 1\n    return n\n}", "swift"), 0)
        XCTAssertEqual(count("fun digitSum(n: Int, base: Int = 10): Int {\n    var total = 0\n    while (n > 0) {\n        n /= base\n    }\n    return total\n}", "kotlin"), 1)
        // An expression body has no scope for them; the next function's body is its own.
        XCTAssertEqual(count("fun twice(n: Int) = n * 2\nfun g(): Int {\n    var n = 1\n    n = 2\n    return n\n}", "kotlin"), 0)
        XCTAssertEqual(count("function f(n) {\n  n = n / 2;\n  return n;\n}", "js"), 0)
    }

    /// The mend: each reassigned binding made mutable with the smallest edit, and the code then passes the check.
    func testTheFixMakesReassignedBindingsMutable() {
        func fixed(_ code: String, _ language: String) -> String {
            ImmutableBindingCheck.fixed(code, language: CodeLanguage.named(language)!)
        }
        XCTAssertEqual(fixed("const a = 1; // const\nconst s = \"x\";\ns = s + a;", "ts"), "const a = 1; // const\nlet s = \"x\";\ns = s + a;")
        XCTAssertEqual(fixed("val s = 1\nif (x) {\n    s = 2\n}", "kotlin"), "var s = 1\nif (x) {\n    s = 2\n}")
        XCTAssertEqual(fixed("let total = 0;\ntotal += 1;", "rust"), "let mut total = 0;\ntotal += 1;")
        XCTAssertEqual(fixed("fn f(k: usize, n: u32) -> u32 {\n    n /= 10;\n    n\n}", "rust"), "fn f(k: usize, mut n: u32) -> u32 {\n    n /= 10;\n    n\n}")
        XCTAssertEqual(fixed("func f(_ n: Int) -> Int {\n    while n > 9 {\n        n /= 10\n    }\n    return n\n}", "swift"),
                       "func f(_ n: Int) -> Int {\n    var n = n\n    while n > 9 {\n        n /= 10\n    }\n    return n\n}")
        XCTAssertEqual(fixed("fun f(n: Int): Int { n -= 1; return n }", "kotlin"), "fun f(n: Int): Int { var n = n; n -= 1; return n }")
        // Nothing to mend, or a language without the check: unchanged.
        XCTAssertEqual(fixed("let s = 1;\ns = 2;", "js"), "let s = 1;\ns = 2;")
        XCTAssertEqual(fixed("x = 1\nx = 2", "python"), "x = 1\nx = 2")
        for (code, language) in [("const s = 1;\ns = 2;", "js"), ("func f(n: Int) {\n  n += 1\n}", "swift"), ("fn f(n: u8) { n += 1; }", "rust")] {
            XCTAssertEqual(count(code, language), 1, code)
            XCTAssertEqual(count(fixed(code, language), language), 0, fixed(code, language))
        }
    }

    func testLanguagesWithoutTheCheck() {
        XCTAssertNil(count("x = 1\nx = 2", "python"))
        XCTAssertNil(count("const int x = 1;\nx = 2;", "cpp"))
    }

    /// Not in the score: the engine mends the code instead.
    func testTheScoreDoesNotCountWhatIsMended() {
        var features = CodeCandidateFeatures(meanLogprob: -0.1, codeMeanLogprob: -0.1, bracketsBalanced: true, blockClosed: true,
                                             nameKept: true, arityKept: true, sourceMarkersLeft: 0, lengthRatio: 1, unusedLocals: 0)
        let clean = features.score
        features.constantsReassigned = 2
        XCTAssertEqual(features.score, clean)
    }
}
