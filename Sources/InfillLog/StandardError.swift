import Foundation
#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// Messages for the person at the terminal (errors, warnings, progress) written to stderr with write(2), whatever
/// state stderr is in. Foundation's `FileHandle.standardError.write(_:)` traps when the write fails, so a command
/// run with stderr closed (`2>&-`, an editor that closed its end) died of an illegal instruction instead of
/// exiting with its own status; here a failed write is dropped.
public enum StandardError {
    /// Writes `text` to file descriptor `descriptor` (stderr unless a test says otherwise); errors are ignored.
    public static func write(_ text: String, descriptor: Int32 = STDERR_FILENO) {
        write(bytes: Data(text.utf8), descriptor: descriptor)
    }

    /// Writes `bytes` to `descriptor` whole (a write cut short by a signal goes on); a closed or broken descriptor
    /// ends it silently.
    public static func write(bytes: Data, descriptor: Int32 = STDERR_FILENO) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = systemWrite(descriptor, buffer.baseAddress.unsafelyUnwrapped + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }
}
