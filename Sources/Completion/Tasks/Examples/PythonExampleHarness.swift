import Foundation

/// Python: the candidate, then one check per example (each in its own `try`), run with `python3 -I -B`
/// (isolated mode: no user site-packages, no bytecode files).
struct PythonExampleHarness: ExampleHarness {
    var tools: [[String]] { [["python3"]] }

    func program(code: String, examples: [CodeExample], tools: [String]) -> ExampleProgram {
        var text = code + "\n\n"
        text += """
            def __infill_show(v):
                try:
                    import json
                    return json.dumps(v)
                except Exception:
                    return repr(v)

            def __infill_same(a, b):
                if isinstance(a, float) or isinstance(b, float):
                    try:
                        return abs(a - b) <= 1e-6 * max(1.0, abs(b))
                    except Exception:
                        return False
                return a == b

            def __infill_report(i, ok, v):
                print('\(ExampleReport.marker)', i, 'PASS' if ok else 'VALUE ' + __infill_show(v).replace('\\n', ' '), flush=True)


            """
        for (i, example) in examples.enumerated() {
            let expression = ExampleExtraction.isCall(example.expression)
                ? ExampleLiteral.spellArguments(ofCall: example.expression, ExampleLiteral.python) : example.expression
            // Each check on its own: an exception fails that example only.
            text += "try:\n"
            if example.expected.isEmpty {
                text += "    __infill_report(\(i), bool(\(expression)), False)\n"
            } else if let expected = ExampleLiteral.spell(example.expected, ExampleLiteral.python) {
                text += "    __v = \(expression)\n    __infill_report(\(i), __infill_same(__v, \(expected)), __v)\n"
            } else {
                // Not a plain literal (a dict, a tuple): Python reads it, if it is Python.
                let quoted = "'" + example.expected.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
                text += "    __v = \(expression)\n    __infill_report(\(i), __infill_same(__v, eval(\(quoted))), __v)\n"
            }
            text += "except BaseException as __e:\n    __infill_report(\(i), False, repr(__e))\n"
        }
        return ExampleProgram(files: [PythonScopeCheck.file: text], run: [tools[0], "-I", "-B", PythonScopeCheck.file])
    }

    /// Python's parser and a scope check (`PythonScopeCheck`) read the candidate; nothing in it runs.
    func checkOnly(_ program: ExampleProgram) -> [[String]] {
        guard let python = program.run.first else { return [] }
        return [PythonScopeCheck.command(python: python)]
    }

    /// A scope finding is no compile error: the function fails as soon as it runs.
    var checkFailureHeading: String { "It cannot run:" }
}
