import Foundation

/// Rust: the candidate (its own `main`, if any, renamed) and a `main` with one check per example, each run
/// under `catch_unwind` (a panic, an index out of bounds, fails that example only), built with `rustc` and run.
///
/// A docstring's values are not spelled as Rust, so each argument is spelled for the parameter's type read
/// from the candidate's signature (`RustValueSpelling`): `[1, 2]` becomes `vec![1, 2]` for a `Vec<i64>` and
/// `&vec![1, 2]` for a `&[i64]`, `'abc'` becomes `String::from("abc")` for a `String`, `3` becomes `3.0` for
/// an `f64`, `None` and `Some(…)` follow an `Option`. The value is compared as its `Debug` text read like the
/// expected one (`ExampleLiteral.normalized`: `["a", "b"]` reads as `['a', 'b']`, `3.0` as `3`, `(None, Some(1))`
/// as `(None, 1)`); a float result within 1e-6 of the expected number holds.
///
/// Rust refuses to build a whole program for one call it cannot type, and that may be the example's spelling
/// rather than the candidate (a parameter type the spelling does not know). So after a failed build the calls
/// the compiler points at are replaced by a report that they do not compile (`retry`), and the rest run; an
/// error inside the candidate itself is the candidate's and fails the build. The build check (`checkOnly`)
/// type-checks the file without generating code (`--emit=metadata`, as a library), so nothing is run there.
struct RustExampleHarness: ExampleHarness {
    var tools: [[String]] { [["rustc"]] }

    static let file = "candidate.rs"

    /// The flags of both the build and the check: the 2021 edition, one line per error, no warnings.
    static let compilerFlags = ["--edition", "2021", "--error-format=short", "-A", "warnings"]

    /// The checker's own functions, after the candidate: names no candidate uses.
    static let helpers = """
        fn infill_shown(text: String) -> String {
            text.replace('\\n', " ")
        }

        fn infill_panic_text(payload: Box<dyn std::any::Any + Send>) -> String {
            let text = payload.downcast_ref::<&str>().map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned()).unwrap_or_default();
            format!("panicked: {}", text.replace('\\n', " "))
        }

        fn infill_check<T: std::fmt::Debug, F: FnOnce() -> T + std::panic::UnwindSafe>(i: usize, f: F) {
            match std::panic::catch_unwind(f) {
                Ok(v) => println!("\(ExampleReport.marker) {} VALUE {}", i, infill_shown(format!("{:?}", v))),
                Err(e) => println!("\(ExampleReport.marker) {} VALUE {}", i, infill_panic_text(e)),
            }
        }

        fn infill_check_close<F: FnOnce() -> f64 + std::panic::UnwindSafe>(i: usize, f: F, expected: f64) {
            match std::panic::catch_unwind(f) {
                Ok(v) if (v - expected).abs() <= 1e-6 * expected.abs().max(1.0) => println!("\(ExampleReport.marker) {} PASS", i),
                Ok(v) => println!("\(ExampleReport.marker) {} VALUE {:?}", i, v),
                Err(e) => println!("\(ExampleReport.marker) {} VALUE {}", i, infill_panic_text(e)),
            }
        }

        fn infill_not_callable(i: usize) {
            println!("\(ExampleReport.marker) {} VALUE \(UncompilableChecks.report)", i);
        }

        """

    func program(code: String, examples: [CodeExample], tools: [String]) -> ExampleProgram {
        let candidate = code.replacingOccurrences(of: "fn main(", with: "fn infill_candidate_main(")
        var text = candidate + "\n\n" + Self.helpers + "\nfn main() {\n    std::panic::set_hook(Box::new(|_| {}));\n"
        for (i, example) in examples.enumerated() {
            text += "    " + Self.check(i, example, in: candidate) + "\n"
        }
        text += "}\n"
        return ExampleProgram(files: [Self.file: text],
                              build: [[tools[0]] + Self.compilerFlags + ["-C", "debuginfo=0", "-o", "candidate", Self.file]],
                              run: ["./candidate"])
    }

    /// One example's line of `main`: the call with its arguments spelled for the parameters' types.
    static func check(_ index: Int, _ example: CodeExample, in code: String) -> String {
        guard ExampleExtraction.isCall(example.expression), !example.expected.isEmpty,
              let open = example.expression.firstIndex(of: "(") else { return "infill_not_callable(\(index));" }
        let name = String(example.expression[..<open])
        let signature = RustSignature.of(name, in: code)
        let inner = String(example.expression[example.expression.index(after: open)...].dropLast())
        let arguments = inner.allSatisfy(\.isWhitespace) ? [] : ExampleExtraction.topLevelSplit(inner, separator: ",")
        let spelled = arguments.enumerated().map { i, argument in
            RustValueSpelling.spell(argument, as: signature.map { i < $0.parameters.count ? $0.parameters[i] : "" } ?? "") ?? argument
        }
        let call = name + "(" + spelled.joined(separator: ", ") + ")"
        if let returned = signature?.returned, ["f64", "f32"].contains(returned),
           let expected = RustValueSpelling.spell(example.expected, as: "f64") {
            return "infill_check_close(\(index), || \(call) as f64, \(expected));"
        }
        return "infill_check(\(index), || \(call));"
    }

    /// `--emit=metadata` as a library: types and borrows checked, no code generated, nothing to run.
    func checkOnly(_ program: ExampleProgram) -> [[String]] {
        [[program.build.first?.first ?? "rustc"] + Self.compilerFlags + ["--crate-type", "lib", "--emit=metadata", "-o", "candidate.rmeta", Self.file]]
    }

    /// After a failed build: the example calls the compiler points at replaced by a report that they do not
    /// compile; nil when an error is in the candidate itself (its own fault) or none is located.
    func retry(_ program: ExampleProgram, buildOutput: String) -> ExampleProgram? {
        UncompilableChecks.replacing(in: program, file: Self.file, buildOutput: buildOutput) { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            for start in ["infill_check(", "infill_check_close("] where trimmed.hasPrefix(start) {
                guard let index = Int(trimmed.dropFirst(start.count).prefix { $0.isNumber }) else { return nil }
                return "    infill_not_callable(\(index));"
            }
            return nil
        }
    }
}

/// A Rust function's parameter and return types, as written in its signature.
struct RustSignature: Equatable {
    var parameters: [String]
    var returned: String?

    /// The signature of `fn name` in `code` (generic parameters allowed, `self` skipped), or nil.
    static func of(_ name: String, in code: String) -> RustSignature? {
        guard let declaration = ExampleExtraction.declaredParameters(of: name, introducedBy: "fn", in: code) else { return nil }
        let parameters = ExampleExtraction.parameterList(declaration.list).compactMap { parameter -> String? in
            guard let colon = topLevelColon(parameter) else { return nil }   // `self`, `&mut self`
            return parameter[parameter.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let rest = declaration.after.drop { $0.isWhitespace }
        var returned: String?
        if rest.hasPrefix("->") {
            returned = String(rest.dropFirst(2).prefix { $0 != "{" && $0 != "\n" }).replacingOccurrences(of: " where", with: "")
                .trimmingCharacters(in: .whitespaces)
        }
        return RustSignature(parameters: parameters, returned: returned)
    }

    /// The `:` between a parameter's pattern and its type (not a path's `::`).
    private static func topLevelColon(_ parameter: String) -> String.Index? {
        var index = parameter.startIndex
        while index < parameter.endIndex {
            let next = parameter.index(after: index)
            if parameter[index] == ":" {
                if next < parameter.endIndex && parameter[next] == ":" { index = parameter.index(after: next); continue }
                return index
            }
            index = next
        }
        return nil
    }
}

/// A literal of an example (Python's, JavaScript's or C's spelling) written as a Rust expression of a given type.
enum RustValueSpelling {
    /// A literal as a tree: lists (and tuples) of scalars and lists.
    indirect enum Value: Equatable {
        case list([Value])
        case number(String)
        case string(String)
        case word(String)
    }

    /// `text` spelled as a value of `type` (a Rust type as the signature writes it; empty when unknown), or nil
    /// when `text` is not a plain literal.
    static func spell(_ text: String, as type: String) -> String? {
        guard let tokens = ExampleLiteral.tokens(text) else { return nil }
        var position = 0
        guard let value = parse(tokens, &position), position == tokens.count else { return nil }
        return spell(value, as: type.trimmingCharacters(in: .whitespaces))
    }

    static func parse(_ tokens: [ExampleLiteral.Token], _ position: inout Int) -> Value? {
        guard position < tokens.count else { return nil }
        let token = tokens[position]
        position += 1
        switch token {
        case .minus:
            guard position < tokens.count, case .number(let n) = tokens[position] else { return nil }
            position += 1
            return .number("-" + n)
        case .number(let n): return .number(n)
        case .string(let s): return .string(s)
        case .word(let w): return .word(w)
        case .open:
            var items: [Value] = []
            while position < tokens.count && tokens[position] != .close {
                guard let item = parse(tokens, &position) else { return nil }
                items.append(item)
                if position < tokens.count && tokens[position] == .comma { position += 1 }
            }
            guard position < tokens.count else { return nil }
            position += 1
            return .list(items)
        case .close, .comma: return nil
        }
    }

    static func spell(_ value: Value, as type: String) -> String {
        if type.hasPrefix("&mut ") { return "&mut " + spell(value, as: String(type.dropFirst(5))) }
        if type == "&str" || type == "&'static str" { return spellUntyped(value) }
        if type.hasPrefix("&[") && type.hasSuffix("]") {
            return "&" + spell(value, as: "Vec<" + String(type.dropFirst(2).dropLast()) + ">")
        }
        if type.hasPrefix("&") { return "&" + spell(value, as: String(type.dropFirst())) }
        if let inner = generic(type, "Option") {
            if case .word(let w) = value, ["None", "null", "nil", "undefined"].contains(w) { return "None" }
            return "Some(" + spell(value, as: inner) + ")"
        }
        switch value {
        case .list(let items):
            if let element = generic(type, "Vec") {
                return "vec![" + items.map { spell($0, as: element) }.joined(separator: ", ") + "]"
            }
            if type.hasPrefix("(") && type.hasSuffix(")") {
                let elements = ExampleExtraction.parameterList(String(type.dropFirst().dropLast()))
                if elements.count == items.count {
                    return "(" + zip(items, elements).map { spell($0, as: $1) }.joined(separator: ", ") + ")"
                }
            }
            if type.hasPrefix("[") && type.hasSuffix("]"), let semicolon = type.lastIndex(of: ";") {
                let element = String(type[type.index(after: type.startIndex)..<semicolon]).trimmingCharacters(in: .whitespaces)
                return "[" + items.map { spell($0, as: element) }.joined(separator: ", ") + "]"
            }
            return "vec![" + items.map { spell($0, as: "") }.joined(separator: ", ") + "]"
        case .string(let s):
            if type == "String" { return "String::from(" + quoted(s) + ")" }
            if type == "char", s.count == 1 || (s.count == 2 && s.first == "\\") { return "'" + (s == "'" ? "\\'" : s) + "'" }
            return quoted(s)
        case .number(let n):
            if ["f64", "f32"].contains(type), !n.contains("."), !n.lowercased().contains("e") { return n + ".0" }
            return n
        case .word:
            return spellUntyped(value)
        }
    }

    /// A value spelled without a type to follow: strings as `&str`, lists as `vec!`.
    static func spellUntyped(_ value: Value) -> String {
        switch value {
        case .list(let items): return "vec![" + items.map(spellUntyped).joined(separator: ", ") + "]"
        case .string(let s): return quoted(s)
        case .number(let n): return n
        case .word(let w):
            switch w {
            case "true", "True": return "true"
            case "false", "False": return "false"
            default: return "None"
            }
        }
    }

    /// The argument of `Name<…>` when `type` is one, else nil.
    static func generic(_ type: String, _ name: String) -> String? {
        guard type.hasPrefix(name + "<"), type.hasSuffix(">") else { return nil }
        return String(type.dropFirst(name.count + 1).dropLast()).trimmingCharacters(in: .whitespaces)
    }

    /// A Rust string literal of a body as the example wrote it (its escapes kept; a bare `"` escaped).
    static func quoted(_ body: String) -> String {
        var out = "\""
        var escaped = false
        for c in body {
            if c == "\"" && !escaped { out += "\\\"" } else { out.append(c) }
            escaped = c == "\\" && !escaped
        }
        return out + "\""
    }
}
