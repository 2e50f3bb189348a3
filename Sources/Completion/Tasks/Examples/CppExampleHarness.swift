import Foundation

/// C++: the usual standard headers and `using namespace std;`, the candidate (its `main`, if any,
/// renamed), then a `main` with one check per example: the value is compared with the expected literal
/// built as the value's own type (`decltype(v){1, 2}`), floating point within 1e-6, and printed as JSON-like
/// text otherwise. Built with g++ (or clang++) -std=c++17, then run.
struct CppExampleHarness: ExampleHarness {
    var tools: [[String]] { [["g++", "clang++", "c++"]] }

    static let headers = ["algorithm", "climits", "cmath", "cstdio", "cstdlib", "cstring", "functional", "iomanip", "iostream",
                          "map", "numeric", "set", "sstream", "string", "tuple", "unordered_map", "unordered_set", "utility", "vector"]

    static let helpers = """
        namespace infill_check {
        template <class T> std::string show(const T& v);
        inline std::string show(const std::string& s) { return "\\"" + s + "\\""; }
        inline std::string show(const char* s) { return show(std::string(s)); }
        inline std::string show(bool b) { return b ? "true" : "false"; }
        inline std::string show(char c) { return show(std::string(1, c)); }
        template <class T> std::string show(const std::vector<T>& v) {
            std::string s = "[";
            for (size_t i = 0; i < v.size(); i++) { if (i) s += ","; s += show(v[i]); }
            return s + "]";
        }
        template <class T> auto show_any(const T& v, int) -> decltype(std::declval<std::ostream&>() << v, std::string()) {
            std::ostringstream o;
            o << std::setprecision(12) << v;
            return o.str();
        }
        template <class T> std::string show_any(const T&, long) { return "?"; }
        template <class T> std::string show(const T& v) { return show_any(v, 0); }

        template <class A, class B> bool same(const A& a, const B& b) {
            if constexpr (std::is_floating_point<A>::value || std::is_floating_point<B>::value) {
                return std::fabs(double(a) - double(b)) <= 1e-6 * std::max(1.0, std::fabs(double(b)));
            } else {
                return a == b;
            }
        }
        template <class A, class B> bool same(const std::vector<A>& a, const std::vector<B>& b) {
            if (a.size() != b.size()) return false;
            for (size_t i = 0; i < a.size(); i++) if (!same(a[i], b[i])) return false;
            return true;
        }
        template <class T> void report(int i, bool ok, const T& v) {
            std::cout << "\(ExampleReport.marker) " << i << (ok ? std::string(" PASS") : " VALUE " + show(v)) << std::endl;
        }
        }

        """

    func program(code: String, examples: [CodeExample], tools: [String]) -> ExampleProgram {
        var text = Self.headers.map { "#include <\($0)>\n" }.joined() + "using namespace std;\n\n"
        text += code.replacingOccurrences(of: "int main(", with: "int infill_candidate_main(") + "\n\n"
        text += Self.helpers + "\nint main() {\n"
        for (i, example) in examples.enumerated() {
            let expression = ExampleExtraction.isCall(example.expression)
                ? ExampleLiteral.spellArguments(ofCall: example.expression, ExampleLiteral.cpp) : example.expression
            if example.expected.isEmpty {
                text += "    infill_check::report(\(i), bool(\(expression)), false);\n"
            } else if let expected = ExampleLiteral.spell(example.expected, ExampleLiteral.cpp) {
                let built = expected.hasPrefix("{") ? "decltype(v)\(expected)" : "decltype(v)(\(expected))"
                text += "    { auto v = \(expression); infill_check::report(\(i), infill_check::same(v, \(built)), v); }\n"
            } else {
                text += "    { auto v = \(expression); infill_check::report(\(i), false, v); }\n"
            }
        }
        text += "    return 0;\n}\n"
        return ExampleProgram(files: ["candidate.cpp": text],
                              build: [[tools[0], "-std=c++17", "-w", "-O0", "-o", "candidate", "candidate.cpp"]],
                              run: ["./candidate"])
    }

    /// The same compiler with `-fsyntax-only` (parsed and type-checked, no object code: about half the time).
    func checkOnly(_ program: ExampleProgram) -> [[String]] {
        program.build.map { command in
            guard let output = command.firstIndex(of: "-o"), output + 1 < command.count else { return command }
            var check = command
            check.replaceSubrange(output...(output + 1), with: ["-fsyntax-only"])
            return check
        }
    }
}
