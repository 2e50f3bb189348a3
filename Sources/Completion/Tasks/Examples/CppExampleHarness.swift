import Foundation

/// C++: the usual standard headers and `using namespace std;`, the candidate (its `main`, if any,
/// renamed), then a `main` with one check per example: the value is compared with the expected literal
/// built as the value's own type (`decltype(v){1, 2}`), floating point within 1e-6, and printed as JSON-like
/// text otherwise. Built with g++ (or clang++) -std=c++17, then run.
struct CppExampleHarness: ExampleHarness {
    var tools: [[String]] { [["g++", "clang++", "c++"]] }

    /// Whether the program includes the headers precompiled (`CppPrecompiledHeaders`) where the compiler can.
    var usesPrecompiledHeaders = true

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
        let precompiled = usesPrecompiledHeaders ? CppPrecompiledHeaders.directory(for: tools[0]) : nil
        var text = (precompiled == nil ? CppPrecompiledHeaders.headerText : Self.precompiledInclude) + "using namespace std;\n\n"
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
                              build: [[tools[0]] + CppPrecompiledHeaders.flags + ["-O0"] + (precompiled.map { ["-I", $0.path] } ?? [])
                                      + ["-o", "candidate", "candidate.cpp"]],
                              run: ["./candidate"])
    }

    /// The line that includes the precompiled headers in place of the headers' own lines, then blank lines
    /// to keep the candidate on the same line numbers, which the compiler's messages quote in a repair prompt.
    static let precompiledInclude = "#include \"\(CppPrecompiledHeaders.headerName)\"\n" + String(repeating: "\n", count: headers.count - 1)

    /// A program that included the precompiled headers and failed reading them (a file cut short) is built
    /// again with the headers written out, and the file is deleted (`CppPrecompiledHeaders.discard`).
    func retry(_ program: ExampleProgram, buildOutput: String) -> ExampleProgram? {
        guard buildOutput.contains("precompiled header"), let text = program.files["candidate.cpp"],
              text.hasPrefix(Self.precompiledInclude), let compiler = program.build.first?.first else { return nil }
        CppPrecompiledHeaders.discard(for: compiler)
        var plain = program
        plain.files["candidate.cpp"] = CppPrecompiledHeaders.headerText + text.dropFirst(Self.precompiledInclude.count)
        plain.build = program.build.map { command in
            guard let flag = command.firstIndex(of: "-I"), flag + 1 < command.count else { return command }
            var without = command
            without.removeSubrange(flag...(flag + 1))
            return without
        }
        return plain
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
