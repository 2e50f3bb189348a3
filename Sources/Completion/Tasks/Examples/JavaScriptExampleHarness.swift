import Foundation

/// JavaScript: the candidate as a CommonJS script (a leading `export` is dropped), then one check per
/// example, each in its own `try` (`util.isDeepStrictEqual`, numbers within 1e-6), run with `node`.
struct JavaScriptExampleHarness: ExampleHarness {
    var tools: [[String]] { [["node", "nodejs"]] }

    func program(code: String, examples: [CodeExample], tools: [String]) -> ExampleProgram {
        let script = code.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            for export in ["export default ", "export "] where line.hasPrefix(export) { return String(line.dropFirst(export.count)) }
            return String(line)
        }.joined(separator: "\n")
        var text = script + "\n;\n"
        text += """
            const __infillUtil = require('util');
            function __infillSame(a, b) {
              if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
              return __infillUtil.isDeepStrictEqual(a, b);
            }
            function __infillShow(v) {
              try { const s = JSON.stringify(v); return s === undefined ? String(v) : s; } catch (e) { return String(v); }
            }
            function __infillReport(i, ok, v) {
              console.log('\(ExampleReport.marker) ' + i + (ok ? ' PASS' : ' VALUE ' + __infillShow(v).replace(/\\n/g, ' ')));
            }

            """
        for (i, example) in examples.enumerated() {
            let expression = ExampleExtraction.isCall(example.expression)
                ? ExampleLiteral.spellArguments(ofCall: example.expression, ExampleLiteral.javaScript) : example.expression
            // Each check on its own: an exception fails that example only.
            if example.expected.isEmpty {
                text += "try { __infillReport(\(i), !!(\(expression)), false); } catch (e) { __infillReport(\(i), false, String(e)); }\n"
            } else if let expected = ExampleLiteral.spell(example.expected, ExampleLiteral.javaScript) {
                text += "try { const __v = (\(expression)); __infillReport(\(i), __infillSame(__v, (\(expected))), __v); } catch (e) { __infillReport(\(i), false, String(e)); }\n"
            } else {
                text += "__infillReport(\(i), false, null);\n"
            }
        }
        return ExampleProgram(files: ["candidate.js": text], run: [tools[0], "candidate.js"])
    }
}
