/// One fill-in-the-middle task of a HumanEval-Infilling dataset: code before and after a hole, the
/// reference text of the hole, and a test that checks the completed function.
public struct EvalTask: Sendable, Codable, Equatable {
    /// The dataset's identifier, e.g. `SingleLineInfilling/HumanEval/0/L0`.
    public let taskID: String
    /// The function the test checks, passed to `check(...)`.
    public let entryPoint: String
    /// The code before the hole.
    public let prompt: String
    /// The code after the hole.
    public let suffix: String
    /// The reference text of the hole.
    public let canonicalSolution: String
    /// Python source defining `check(candidate)`.
    public let test: String
    /// Zero-based position of the task in its dataset file (used for subsetting).
    public let index: Int

    /// Creates a task (datasets are normally read with `EvalDataset.load(contentsOf:)`).
    public init(taskID: String, entryPoint: String, prompt: String, suffix: String, canonicalSolution: String,
                test: String, index: Int) {
        self.taskID = taskID
        self.entryPoint = entryPoint
        self.prompt = prompt
        self.suffix = suffix
        self.canonicalSolution = canonicalSolution
        self.test = test
        self.index = index
    }

    /// The complete Python program that tests `completion`: prompt, completion, suffix, the dataset's test,
    /// and a call of `check` on the entry point.
    public func program(completion: String) -> String {
        prompt + completion + suffix + "\n" + test + "\ncheck(\(entryPoint))\n"
    }

    /// Whether `completion` equals the reference after stripping whitespace at both ends, exactly as
    /// Python's `completion.strip() == canonical_solution.strip()`.
    public func isExactMatch(_ completion: String) -> Bool {
        PythonStrip.strip(completion) == PythonStrip.strip(canonicalSolution)
    }
}

/// Python's `str.strip()` with no argument: removes, at both ends, every code point for which
/// `str.isspace()` is true.
public enum PythonStrip {
    /// `text` without leading and trailing Python whitespace.
    public static func strip(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(scalars[first...last])
    }

    /// Python's `str.isspace()` for one code point: the Unicode White_Space characters plus the
    /// information separators U+001C...U+001F, which Python also treats as whitespace.
    public static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        (0x1C...0x1F).contains(scalar.value) || scalar.properties.isWhitespace
    }
}
