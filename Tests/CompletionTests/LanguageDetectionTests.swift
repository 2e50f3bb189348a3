@testable import Completion
import Evaluation
import Foundation
import Languages
import XCTest

/// `LanguageDetection` on code whose language is known: HumanEval-X's 164 problems in each of its five languages (the
/// shipped dataset, read by the eval's own `HumanEvalX.load`, names each file's language), and hand-written functions of the eight languages it does not have.
/// Before 2026-12-06, 15 of HumanEval-X's Python functions came out as Ruby (`def f(x: float) -> float:` has no `):`),
/// two Go texts as Swift (`var re = regexp.MustCompile(…)`) and two C++ prompts as C.
final class LanguageDetectionTests: XCTestCase {
    /// The dataset keys and the language each file is in.
    private let datasetLanguages = ["python": "python", "cpp": "cpp", "java": "java", "js": "javascript", "go": "go"]

    /// Every problem, as a user would select it (declaration and body) and whole (the prompt's comment and imports
    /// too), is detected as its file's language.
    func testEveryHumanEvalXFunctionIsDetected() throws {
        for (key, expected) in datasetLanguages.sorted(by: { $0.key < $1.key }) {
            let tasks = try HumanEvalX.load(language: key, directory: try XCTUnwrap(HumanEvalX.findDirectory()))
            XCTAssertEqual(tasks.count, 164, key)
            var missed: [String] = []
            for task in tasks {
                for (form, code) in [("selected", task.declaration + task.canonicalSolution), ("whole", task.prompt + task.canonicalSolution)] {
                    let detected = LanguageDetection.detect(code)?.id ?? "none"
                    if detected != expected { missed.append("\(task.taskID) \(form): \(detected)") }
                }
            }
            XCTAssertEqual(missed, [], "\(key): detected as another language")
        }
    }

    /// The languages HumanEval-X does not have, and the pairs that share words: Python with annotations against
    /// Ruby, Go against Swift (`func`, `var`, `nil`), C against C++, JavaScript against TypeScript, Java against C#.
    func testFunctionsOfEveryLanguage() {
        let snippets: [(String, String)] = [
            ("python", "def mean(values: list[float]) -> float:\n    if not values:\n        return 0.0\n    return sum(values) / len(values)\n"),
            ("python", "async def fetch(url):\n    result = []\n    result.append(url)\n    return result\n"),
            ("ruby", "def mean(values)\n  return 0.0 if values.empty?\n  values.sum / values.length.to_f\nend\n"),
            ("ruby", "def each_pair(list)\n  list.each do |item|\n    puts item\n  end\nend\n"),
            ("go", "func Mean(values []float64) float64 {\n\tvar total float64\n\tfor _, v := range values {\n\t\ttotal += v\n\t}\n\treturn total / float64(len(values))\n}\n"),
            ("go", "func (s *Stack) Push(x int) {\n\tvar next = append(s.items, x)\n\ts.items = next\n}\n"),
            ("swift", "func mean(_ values: [Double]) -> Double {\n    var total = 0.0\n    for v in values { total += v }\n    return total / Double(values.count)\n}\n"),
            ("c", "#include <stdio.h>\nint count_spaces(const char *s) {\n    int n = 0;\n    while (*s) { if (*s++ == ' ') n++; }\n    return n;\n}\n"),
            ("cpp", "#include <vector>\nusing namespace std;\nint total(vector<int> xs) {\n    int sum = 0;\n    for (int x : xs) sum += x;\n    return sum;\n}\n"),
            ("javascript", "function mean(values) {\n  if (values.length === 0) return 0;\n  return values.reduce((a, b) => a + b) / values.length;\n}\n"),
            ("typescript", "function mean(values: number[]): number {\n  const total: number = values.reduce((a, b) => a + b, 0);\n  return total / values.length;\n}\n"),
            ("java", "public static int total(List<Integer> xs) {\n    int sum = 0;\n    for (int x : xs) sum += x;\n    return sum;\n}\n"),
            ("csharp", "using System;\npublic static int Total(List<int> xs) {\n    var sum = 0;\n    foreach (var x in xs) sum += x;\n    Console.WriteLine(sum);\n    return sum;\n}\n"),
            ("rust", "fn total(xs: &[i32]) -> i32 {\n    let mut sum = 0;\n    for x in xs { sum += x; }\n    sum\n}\n"),
            ("kotlin", "fun total(xs: List<Int>): Int {\n    var sum = 0\n    for (x in xs) sum += x\n    println(sum)\n    return sum\n}\n"),
            ("php", "<?php\nfunction total($xs) {\n    $sum = 0;\n    foreach ($xs as $x) { $sum += $x; }\n    echo $sum;\n    return $sum;\n}\n"),
        ]
        for (expected, code) in snippets {
            XCTAssertEqual(LanguageDetection.detect(code)?.id, expected, code)
        }
    }

    func testHowFuncParametersAreWritten() {
        XCTAssertEqual(LanguageDetection.funcParametersHaveColons("func add(a: Int, b: Int) -> Int {"), true)
        XCTAssertEqual(LanguageDetection.funcParametersHaveColons("func Add(a, b int) int {"), false)
        XCTAssertEqual(LanguageDetection.funcParametersHaveColons("func (s *Stack) Push(x int) {"), false, "a receiver, then the parameters")
        XCTAssertNil(LanguageDetection.funcParametersHaveColons("func main() {"), "no parameters say nothing")
        XCTAssertNil(LanguageDetection.funcParametersHaveColons("func a(x: Int) {}\nfunc B(y int) {}"), "the lines disagree")
    }
}
