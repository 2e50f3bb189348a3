import Foundation
import InfillLog

extension EvalRunner {
    /// A progress sink that writes each line to standard error (standard output is kept for the report).
    public static let standardErrorProgress: @Sendable (String) -> Void = { line in
        StandardError.write(line + "\n")
    }
}
