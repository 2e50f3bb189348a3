import Foundation

/// Java: one file, `InfillCheck.java`, with the candidate's imports first, then the check class, then
/// the candidate's classes (`public` dropped from top-level classes, a bare method wrapped in
/// `class Solution`). A call `f(x)` is made on a new instance of the candidate's first class, each check in
/// its own `try` (an exception fails that example only). Values are
/// compared with the expected literal (`[1, 2]` as `Arrays.asList(1, 2)`; numbers by value within 1e-6,
/// arrays as lists) and printed as JSON-like text otherwise. Built with javac, run with java.
struct JavaExampleHarness: ExampleHarness {
    var tools: [[String]] { [["javac"], ["java"]] }

    static let checkClass = """
        class InfillCheck {
            static List<Object> infillList(Object array) {
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < java.lang.reflect.Array.getLength(array); i++) list.add(java.lang.reflect.Array.get(array, i));
                return list;
            }
            static boolean same(Object a, Object b) {
                if (a != null && a.getClass().isArray()) a = infillList(a);
                if (b != null && b.getClass().isArray()) b = infillList(b);
                if (a instanceof Number && b instanceof Number) {
                    double x = ((Number) a).doubleValue(), y = ((Number) b).doubleValue();
                    return Math.abs(x - y) <= 1e-6 * Math.max(1, Math.abs(y));
                }
                if (a instanceof List && b instanceof List) {
                    List<?> x = (List<?>) a, y = (List<?>) b;
                    if (x.size() != y.size()) return false;
                    for (int i = 0; i < x.size(); i++) if (!same(x.get(i), y.get(i))) return false;
                    return true;
                }
                return Objects.equals(a, b);
            }
            static String show(Object v) {
                if (v == null) return "null";
                if (v.getClass().isArray()) v = infillList(v);
                if (v instanceof List) {
                    StringBuilder s = new StringBuilder("[");
                    for (Object e : (List<?>) v) { if (s.length() > 1) s.append(","); s.append(show(e)); }
                    return s.append("]").toString();
                }
                if (v instanceof String || v instanceof Character) return "\\"" + v + "\\"";
                return String.valueOf(v);
            }
            static void report(int i, boolean ok, Object v) {
                System.out.println("\(ExampleReport.marker) " + i + (ok ? " PASS" : " VALUE " + show(v).replace("\\n", " ")));
            }
            public static void main(String[] args) throws Exception {

        """

    func program(code: String, examples: [CodeExample], tools: [String]) -> ExampleProgram {
        var imports: [String] = []
        var body: [String] = []
        for line in code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("import ") { imports.append(trimmed); continue }
            if trimmed.hasPrefix("package ") { continue }
            body.append(Self.withoutPublicClass(line))
        }
        var candidate = body.joined(separator: "\n")
        let className: String
        if let found = Self.firstClassName(in: candidate) {
            className = found
        } else {
            className = "Solution"
            candidate = "class Solution {\n" + candidate + "\n}\n"
        }
        var text = "import java.util.*;\n" + imports.joined(separator: "\n") + "\n\n" + Self.checkClass
        for (i, example) in examples.enumerated() {
            var expression = example.expression
            if ExampleExtraction.isCall(expression) {
                expression = Self.doublesWhereDeclared(ExampleLiteral.spellArguments(ofCall: expression, ExampleLiteral.java), in: candidate)
                if let open = expression.firstIndex(of: "("), !expression[..<open].contains(".") {
                    expression = "new \(className)().\(expression)"
                }
            }
            // Each check on its own: an exception fails that example only.
            if example.expected.isEmpty {
                text += "        try { report(\(i), \(expression), false); } catch (Throwable e) { report(\(i), false, String.valueOf(e)); }\n"
            } else if let expected = ExampleLiteral.spell(example.expected, ExampleLiteral.java) {
                text += "        try { Object v = \(expression); report(\(i), same(v, \(expected)), v); } catch (Throwable e) { report(\(i), false, String.valueOf(e)); }\n"
            } else {
                text += "        report(\(i), false, null);\n"
            }
        }
        text += "    }\n}\n\n" + candidate + "\n"
        return ExampleProgram(files: ["InfillCheck.java": text],
                              build: [[tools[0], "-nowarn", "-d", ".", "InfillCheck.java"]],
                              run: [tools[1], "-cp", ".", "InfillCheck"])
    }

    /// The call with the integer literals of each argument whose parameter is declared `double`/`Double` (a
    /// `List<Double>`, a `double[]`) in `code` spelled as doubles: `Arrays.asList(1, 2)` is a `List<Integer>`,
    /// which javac refuses for a `List<Double>` parameter, and one example that does not compile fails the
    /// build of every check (HumanEval-X's `findZero(Arrays.asList(1, 2))`). Other calls are kept.
    static func doublesWhereDeclared(_ call: String, in code: String) -> String {
        guard let open = call.firstIndex(of: "("), call.hasSuffix(")") else { return call }
        let name = String(call[..<open])
        let types = parameterTypes(of: name, in: code)
        guard types.contains(where: { $0.contains("double") || $0.contains("Double") }) else { return call }
        let inner = String(call[call.index(after: open)..<call.index(before: call.endIndex)])
        let arguments = ExampleExtraction.topLevelSplit(inner, separator: ",").enumerated().map { index, argument -> String in
            guard index < types.count, types[index].contains("double") || types[index].contains("Double"),
                  !argument.contains("\""), !argument.contains("'") else { return argument }
            return integerLiteral?.stringByReplacingMatches(in: argument, range: NSRange(argument.startIndex..., in: argument), withTemplate: "$1.0") ?? argument
        }
        return name + "(" + arguments.joined(separator: ", ") + ")"
    }

    /// An integer literal: digits not touching a letter, a digit's `.` or another digit.
    private static let integerLiteral = try? NSRegularExpression(pattern: #"(?<![\w.])(\d+)(?![\w.])"#)

    /// The parameter types of the method `name` declared in `code` (`List<Double> xs, int n` gives
    /// `List<Double>`, `int`), or [] when no declaration is found.
    static func parameterTypes(of name: String, in code: String) -> [String] {
        // A declaration: a type (and modifiers) before the name, a `{` after the parameters (not a call).
        let regex = try? NSRegularExpression(pattern: #"[\w>\]]\s+"# + NSRegularExpression.escapedPattern(for: name) + #"\s*\("#)
        let ns = code as NSString
        for match in regex?.matches(in: code, range: NSRange(location: 0, length: ns.length)) ?? [] {
            guard let range = Range(match.range, in: code),
                  let close = ExampleExtraction.closingParenthesis(of: code, openingAt: code.index(before: range.upperBound)) else { continue }
            let after = code[code.index(after: close)...].drop { $0.isWhitespace }
            guard after.hasPrefix("{") || after.hasPrefix("throws") else { continue }
            let line = code[..<range.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
            if line.contains("return") || line.contains("=") { continue }
            return parameterList(String(code[range.upperBound..<close]))
        }
        return []
    }

    /// The types of a Java parameter list (`Map<String, Integer> m, final int[] xs` gives
    /// `Map<String, Integer>`, `int[]`): split at the commas outside brackets, each parameter's name dropped.
    static func parameterList(_ list: String) -> [String] {
        ExampleExtraction.parameterList(list).compactMap { parameter in
            var words = parameter
            guard let lastSpace = words.lastIndex(where: \.isWhitespace) else { return nil }
            words = String(words[..<lastSpace]).trimmingCharacters(in: .whitespaces)
            if words.hasPrefix("final ") { words = String(words.dropFirst(6)).trimmingCharacters(in: .whitespaces) }
            return words
        }
    }

    /// A top-level `public class` line without `public` (javac wants a public class in a file of its name).
    static func withoutPublicClass(_ line: String) -> String {
        guard line.hasPrefix("public ") else { return line }
        let rest = line.dropFirst("public ".count)
        for start in ["class ", "final class ", "abstract class ", "interface ", "enum ", "record "] where rest.hasPrefix(start) { return String(rest) }
        return line
    }

    /// The name of the first class declared in `code`.
    static func firstClassName(in code: String) -> String? {
        let regex = try? NSRegularExpression(pattern: #"^\s*(?:(?:public|final|abstract|static)\s+)*class\s+([A-Za-z_]\w*)"#, options: [.anchorsMatchLines])
        let ns = code as NSString
        guard let match = regex?.firstMatch(in: code, range: NSRange(location: 0, length: ns.length)) else { return nil }
        return ns.substring(with: match.range(at: 1))
    }
}
