import Languages

extension CodeTaskEngine {
    /// The program a fill-in-the-middle `body` is checked with: the module's top-level imports (`import`,
    /// `from`, `#include`, `using namespace`, `require(`, Go's import blocks), then the last function
    /// signature of `prefix` (with its docstring) and `body`, dedented to column 0.
    public static func runnableFunction(prefix: String, body: String, language: CodeLanguage) -> String {
        let lines = prefix.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.lastIndex(where: { FunctionSignature.first(in: $0, language: language) != nil }) else { return body }
        let column = FunctionEnd.column(of: lines[start])
        let imports = ImportLines.documentImports(lines[..<start].joined(separator: "\n"), language: language).map(\.text)
        let function = (lines[start...].joined(separator: "\n") + body).split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(line.dropFirst(min(column, line.prefix { $0 == " " || $0 == "\t" }.count)))
        }
        return (imports + function).joined(separator: "\n")
    }

    /// Column of the last `def`-like line of `prefix` (the function a fill-in-the-middle body belongs to).
    static func lastSignatureColumn(_ prefix: String, language: CodeLanguage) -> Int? {
        let lines = prefix.split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines.reversed() where FunctionSignature.first(in: String(line), language: language) != nil {
            return FunctionEnd.column(of: String(line))
        }
        return nil
    }

    /// The last `count` lines of `text` (the definition a body written inside it continues).
    static func lastLines(_ text: String, count: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).suffix(count).joined(separator: "\n")
    }
}
