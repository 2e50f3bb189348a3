import Foundation

/// The line ends of a document or file. The task rules (`FunctionSite`, `FunctionEnd`, selections by line)
/// read LF line ends only: Swift counts a CRLF as one `Character`, unequal to `"\n"`, so a rule splitting at
/// `"\n"` would see a whole CRLF file as one line. Every way in (the daemon's documents, the command line's
/// files) converts with `lineFeeds`, and every way out gives the code the file's own line ends back.
public enum LineEnds: Sendable, Equatable {
    case lf
    case crlf

    /// CRLF when `text` has a CRLF line end, else LF.
    public init(of text: String) {
        self = text.contains("\r\n") ? .crlf : .lf
    }

    /// `text` with CRLF line ends as LF. Character offsets are the same in both (a CRLF is one `Character`).
    public static func lineFeeds(_ text: String) -> String {
        text.contains("\r\n") ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
    }

    /// `code` (LF line ends) with these line ends.
    public func applied(to code: String) -> String {
        self == .crlf ? code.replacingOccurrences(of: "\n", with: "\r\n") : code
    }
}
